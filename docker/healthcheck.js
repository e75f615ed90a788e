/* global process, fetch, AbortSignal */
// The images' HEALTHCHECK: `node healthcheck.js http <url>` (the chat server's /health) or
// `node healthcheck.js grpc <host:port>` (the translator's gRPC health service). Exit 0 when healthy.
import grpc from '@grpc/grpc-js';
import { service } from 'grpc-health-check';

const [kind, target] = process.argv.slice(2);
const TIMEOUT_MS = 4000;

function finish(healthy, why) {
  if (!healthy) process.stderr.write(`unhealthy: ${why}\n`);
  process.exit(healthy ? 0 : 1);
}

if (kind === 'http') {
  fetch(target, { signal: AbortSignal.timeout(TIMEOUT_MS) }).then(
    (response) => finish(response.ok, `HTTP ${response.status}`),
    (error) => finish(false, error.message),
  );
} else if (kind === 'grpc') {
  const Health = grpc.makeGenericClientConstructor(service, 'Health');
  const client = new Health(target, grpc.credentials.createInsecure());
  client.check({ service: '' }, { deadline: Date.now() + TIMEOUT_MS }, (error, answer) =>
    finish(
      !error && (answer.status === 'SERVING' || answer.status === 1),
      error?.message ?? `status ${answer?.status}`,
    ),
  );
} else {
  finish(false, 'usage: healthcheck.js http <url> | grpc <host:port>');
}
