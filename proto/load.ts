import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import type { ProtoGrpcType } from './generated/translation.ts';

export const TRANSLATION_PROTO_PATH = fileURLToPath(new URL('./translation.proto', import.meta.url));
export const TRANSLATOR_SERVICE_NAME = 'meeshy.translation.v1.Translator';

/** Options shared by server and clients, matching the generated types (`npm run generate:proto`). */
export const PROTO_LOADER_OPTIONS: protoLoader.Options = {
  keepCase: false,
  longs: Number,
  enums: String,
  defaults: true,
  oneofs: true,
};

/** Loads translation.proto into grpc-js service definitions and client constructors. */
export function loadTranslationProto(): ProtoGrpcType {
  const definition = protoLoader.loadSync(TRANSLATION_PROTO_PATH, PROTO_LOADER_OPTIONS);
  return grpc.loadPackageDefinition(definition) as unknown as ProtoGrpcType;
}
