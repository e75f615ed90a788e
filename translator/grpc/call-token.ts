import { timingSafeEqual } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { CALL_TOKEN_METADATA_KEY } from '../../proto/call-token.ts';

function presentsToken(metadata: grpc.Metadata, expected: Buffer): boolean {
  const [value] = metadata.get(CALL_TOKEN_METADATA_KEY);
  if (typeof value !== 'string') return false;
  const given = Buffer.from(value);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const refusal = (): grpc.StatusObject => ({
  code: grpc.status.UNAUTHENTICATED,
  details: 'This translator serves only the Meeshy server that launched it',
  metadata: new grpc.Metadata(),
});

type AnyCall = { metadata: grpc.Metadata; emit(event: 'error', error: grpc.StatusObject): boolean };
type AnyHandler = (call: AnyCall, callback?: (error: grpc.StatusObject) => void) => void;

/**
 * The translator listens on loopback, where any local process (another user's included) could call it:
 * list models, or start a multi-gigabyte download with no license consent. Each launch gets a random token
 * that only the chat server is given; a call without it is refused before its handler runs. The health
 * service is not wrapped: probes stay open and reveal nothing.
 */
export function requireCallToken<Handlers extends object>(handlers: Handlers, token: string): Handlers {
  const expected = Buffer.from(token);
  const wrapped: Record<string, AnyHandler> = {};
  for (const [name, handler] of Object.entries(handlers as Record<string, AnyHandler>)) {
    wrapped[name] = (call, callback) => {
      if (presentsToken(call.metadata, expected)) {
        handler(call, callback);
        return;
      }
      // Unary calls answer through their callback; server streams through an 'error' event.
      if (callback) callback(refusal());
      else call.emit('error', refusal());
    };
  }
  return wrapped as Handlers;
}
