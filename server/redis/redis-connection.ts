import type { FastifyBaseLogger } from 'fastify';
import { Redis, type RedisOptions } from 'ioredis';
import type { HealthCheck } from '../ops/health.ts';

/**
 * The server's Redis clients (REDIS_URL). Redis is never the source of truth: it carries events between
 * replicas and counts budgets. So the server never waits for it: it starts without it, says so in one line,
 * and ioredis keeps reconnecting behind.
 */
export interface RedisConnection {
  /** For the Socket.IO adapter: its readers (duplicates of it) wait for Redis; its writes fail at once. */
  adapterClient: Redis;
  /** For budgets and the health check: every command fails at once while Redis is away. */
  commandClient: Redis;
  health: HealthCheck;
  close(): Promise<void>;
}

const retryStrategy = (attempt: number) => Math.min(attempt * 200, 2000);

/** The URL without its password, for logs. */
export function redactedRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'an unparsable REDIS_URL';
  }
}

export function openRedisConnection(url: string, logger: FastifyBaseLogger): RedisConnection {
  const where = redactedRedisUrl(url);
  const readerOptions: RedisOptions = {
    retryStrategy,
    // The adapter's stream readers and subscriber (ioredis duplicates of this client) wait for Redis to come
    // back instead of giving up, so that subscriptions are renewed once it does.
    maxRetriesPerRequest: null,
  };
  const adapterClient = observedSubscriptions(failFastWrites(new Redis(url, readerOptions)));
  adapterClient.on('error', () => undefined);

  // rate-limiter-flexible asks for no offline queue: a budget is counted now or by the fallback in memory.
  const commandClient = new Redis(url, { retryStrategy, enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  let reachable: boolean | undefined;
  commandClient.on('error', (error: Error & { code?: string }) => {
    if (reachable === false) return;
    reachable = false;
    logger.warn(
      `Meeshy server cannot reach Redis at ${where} (${error.code ?? error.message}): check that redis-server runs there and that REDIS_URL is right; retrying, meanwhile this server serves its own sockets alone`,
    );
  });
  commandClient.on('ready', () => {
    if (reachable === false) logger.info(`Redis at ${where} is reachable again`);
    reachable = true;
  });

  return {
    adapterClient,
    commandClient,
    health: async () => {
      await commandClient.ping();
      // Where Redis is stays in the logs: /health is public.
      return { status: 'up', detail: 'shared by replicas' };
    },
    async close() {
      await Promise.all(
        [adapterClient, commandClient].map((client) =>
          client.quit().catch(() => {
            client.disconnect();
          }),
        ),
      );
    },
  };
}

type Command = (...args: unknown[]) => Promise<unknown>;

/**
 * The adapter publishes an event before delivering it to this replica's own sockets; queued while Redis is
 * away, every local delivery would wait for Redis. So its writes fail (stream) or are dropped (pub/sub) at
 * once instead: other replicas' clients recover those events by resync from the database.
 */
function failFastWrites(client: Redis): Redis {
  const commands = client as unknown as Record<'xadd' | 'publish', Command>;
  const xadd = commands.xadd.bind(client);
  const publish = commands.publish.bind(client);
  commands.xadd = (...args) =>
    client.status === 'ready' ? xadd(...args) : Promise.reject(new Error('Redis is unreachable'));
  // The adapter does not wait for its pub/sub publications: a failure must not become an unhandled rejection.
  commands.publish = (...args) =>
    client.status === 'ready' ? publish(...args).catch(() => 0) : Promise.resolve(0);
  return client;
}

/**
 * The adapter subscribes on a duplicate of its client without waiting for the answer. While Redis is away
 * that SUBSCRIBE waits in the duplicate's offline queue, and a shutdown meanwhile rejects it; observed here,
 * it cannot become an unhandled rejection, which would end the process. Whoever awaits it still sees it.
 */
function observedSubscriptions(client: Redis): Redis {
  const duplicate = client.duplicate.bind(client);
  client.duplicate = (override) => {
    const copy = duplicate(override);
    const commands = copy as unknown as Record<'subscribe', Command>;
    const subscribe = commands.subscribe.bind(copy);
    commands.subscribe = (...args) => {
      const answer = subscribe(...args);
      answer.catch(() => undefined);
      return answer;
    };
    return copy;
  };
  return client;
}
