import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The server's Prometheus metrics, in a registry of its own (not prom-client's global one) so that
 * several app instances, as in tests, never share or double-register counters.
 */
export class ServerMetrics {
  readonly registry = new Registry();

  readonly httpRequests = new Counter({
    name: 'meeshy_http_requests_total',
    help: 'HTTP requests answered, by method, route and status code',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });

  readonly httpDuration = new Histogram({
    name: 'meeshy_http_request_duration_seconds',
    help: 'Time to answer an HTTP request',
    labelNames: ['method', 'route'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  readonly socketConnections = new Gauge({
    name: 'meeshy_socket_connections',
    help: 'Open Socket.IO connections',
    registers: [this.registry],
  });

  readonly socketEvents = new Counter({
    name: 'meeshy_socket_events_total',
    help: 'Socket events handled, by event and outcome',
    labelNames: ['event', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly socketEventDuration = new Histogram({
    name: 'meeshy_socket_event_duration_seconds',
    help: 'Time to handle a socket event',
    labelNames: ['event'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [this.registry],
  });

  readonly messagesStored = new Counter({
    name: 'meeshy_messages_stored_total',
    help: 'Messages stored (retries of an already stored message not counted), by transport',
    labelNames: ['transport'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'meeshy_' });
  }
}
