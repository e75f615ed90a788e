import * as grpc from '@grpc/grpc-js';
import { stateToProto, tierToProto } from '../../proto/model-mapping.ts';
import { CancelledError, QueueFullError } from '../engine/batcher.ts';
import { InputTooLongError } from '../engine/translation-model.ts';
import { ModelImportError } from '../models/model-import.ts';
import { NotDownloadableError, OfflineError } from '../models/model-store.ts';
import { UnsupportedLanguageError } from '../text/language-codes.ts';
import { InvalidRequestError, ModelUnavailableError, TextTooLongError } from '../service/text-translator.ts';

export interface GrpcFailure {
  code: grpc.status;
  details: string;
  metadata: grpc.Metadata;
}

/** Maps the service's errors to the gRPC status codes the contract promises. */
export function toGrpcFailure(error: unknown): GrpcFailure {
  const metadata = new grpc.Metadata();
  const failure = (code: grpc.status, details: string) => ({ code, details, metadata });
  if (error instanceof UnsupportedLanguageError) return failure(grpc.status.INVALID_ARGUMENT, error.message);
  if (error instanceof TextTooLongError || error instanceof InputTooLongError) {
    return failure(grpc.status.INVALID_ARGUMENT, error.message);
  }
  if (error instanceof InvalidRequestError || error instanceof ModelImportError)
    return failure(grpc.status.INVALID_ARGUMENT, error.message);
  if (error instanceof QueueFullError) return failure(grpc.status.RESOURCE_EXHAUSTED, error.message);
  if (error instanceof ModelUnavailableError) {
    metadata.set('model-state', stateToProto(error.state));
    metadata.set('model-tier', tierToProto(error.tier));
    return failure(grpc.status.UNAVAILABLE, error.message);
  }
  if (error instanceof OfflineError || error instanceof NotDownloadableError)
    return failure(grpc.status.FAILED_PRECONDITION, error.message);
  if (error instanceof CancelledError) return failure(grpc.status.CANCELLED, error.message);
  return failure(grpc.status.INTERNAL, error instanceof Error ? error.message : String(error));
}
