import * as grpc from '@grpc/grpc-js';

/**
 * The metadata key carrying the translator's per-launch token on every call to the Translator service
 * (the translator refuses calls without it; see translator/grpc/call-token.ts).
 */
export const CALL_TOKEN_METADATA_KEY = 'x-meeshy-translator-token';

/** Client side: adds the token to every outgoing call on a channel. */
export function callTokenInterceptor(token: string): grpc.Interceptor {
  return (options, nextCall) =>
    new grpc.InterceptingCall(nextCall(options), {
      start(metadata, listener, next) {
        metadata.set(CALL_TOKEN_METADATA_KEY, token);
        next(metadata, listener);
      },
    });
}
