import { join } from 'node:path';
import { optionalSetting, readSettings, setting, type Environment } from '../settings/reader.ts';
import { oneOf, portSchema, switchSchema, textSchema, urlSchema, wholeNumber } from '../settings/schemas.ts';
import { DEFAULT_HOST, dataDirSetting, offlineSetting } from '../settings/shared-settings.ts';
import { defaultThreads, type RuntimeThreads } from './engine/onnx-runtime.ts';
import { MODEL_TIERS, type ModelTier } from '../contract/translations.ts';
import { catalogFromEnvironment, type CatalogEntry } from './models/catalog.ts';
import { DEFAULT_HUB_ENDPOINT } from './models/model-store.ts';

export interface TranslatorConfig {
  /** Address the gRPC service listens on: loopback unless a container needs its own network's address. */
  host: string;
  port: number;
  /** The Prometheus /metrics listener: off unless a port is set, loopback unless a host is. */
  metrics: { host: string; port: number } | undefined;
  dataDir: string;
  modelsDir: string;
  hubEndpoint: string;
  hubToken: string | undefined;
  /**
   * The per-launch token every Translator call must present (MEESHY_TRANSLATOR_TOKEN, set by the stack
   * that launches the translator and the server together); without one the service is open to any
   * local process, as when run alone for development.
   */
  callToken: string | undefined;
  offline: boolean;
  autoDownload: boolean;
  defaultTier: ModelTier;
  catalog: CatalogEntry[];
  threads: RuntimeThreads;
  maxTextChars: number;
  maxQueued: number;
  maxBatchSize: number;
  /** Shared translation cache; in-memory when unset. */
  redisUrl: string | undefined;
  /** 1 = greedy (Meeshy's later default: fastest on a CPU); more for beam search. */
  numBeams: number;
  /** Repetition guard: no n-gram of this size is generated twice (0 = off). */
  noRepeatNgramSize: number;
}

export const DEFAULT_TRANSLATOR_PORT = 50051;

/** "owner/name" or "owner/name@revision" on the hub, and the export layout after a `#` when not onnx/merged. */
const modelOverride = (tier: ModelTier) =>
  optionalSetting<string>({
    meaning: `Hub repository (owner/name[@revision][#<onnx|root>/<merged|split|no-past>]) of the ${tier} tier instead of the built-in one`,
    env: [`${tier.toUpperCase()}_MODEL`],
    schema: textSchema.regex(
      /^[\w.-]+\/[\w.-]+(@[\w./-]+)?(#(onnx|root)\/(merged|split|no-past))?$/,
      'expected a hub repository id (owner/name[@revision][#<onnx|root>/<merged|split|no-past>])',
    ),
  });

const count = (meaning: string, variable: string, fallback: number, minimum = 1) =>
  setting<number>({ meaning, env: [variable], schema: wholeNumber(minimum, 1_000_000), default: fallback });

/** The translator's settings, each declared once (the docs' settings table is read from here). */
export const TRANSLATOR_SETTINGS = {
  host: setting<string>({
    meaning: 'Address the translator listens on (loopback unless set, e.g. 0.0.0.0 in a container network)',
    env: ['MEESHY_TRANSLATOR_HOST'],
    schema: textSchema,
    default: DEFAULT_HOST,
  }),
  port: setting<number>({
    meaning: 'gRPC port of the translator on 127.0.0.1 (0: any free port, printed at start)',
    flag: 'port',
    env: ['MEESHY_TRANSLATOR_PORT'],
    schema: portSchema,
    default: DEFAULT_TRANSLATOR_PORT,
  }),
  metricsPort: optionalSetting<number>({
    meaning: 'Port of the Prometheus GET /metrics listener (unset: no listener; 0: any free port)',
    flag: 'metrics-port',
    env: ['MEESHY_TRANSLATOR_METRICS_PORT'],
    schema: portSchema,
  }),
  metricsHost: setting<string>({
    meaning: 'Address the /metrics listener binds (loopback unless set)',
    env: ['MEESHY_TRANSLATOR_METRICS_HOST'],
    schema: textSchema,
    default: DEFAULT_HOST,
  }),
  // The same user-data folder as the desktop app and the chat server: models live beside the database.
  dataDir: dataDirSetting,
  hubEndpoint: setting<string>({
    meaning: 'Model hub (Hugging Face or a mirror) the models are downloaded from',
    env: ['HF_ENDPOINT'],
    schema: urlSchema,
    default: DEFAULT_HUB_ENDPOINT,
  }),
  callToken: optionalSetting<string>({
    meaning:
      'Token every call must present (the stack generates one per launch); unset: calls are not checked',
    env: ['MEESHY_TRANSLATOR_TOKEN'],
    schema: textSchema,
    secret: true,
  }),
  hubToken: optionalSetting<string>({
    meaning: 'Access token for the model hub',
    env: ['HF_TOKEN'],
    schema: textSchema,
    secret: true,
  }),
  offline: offlineSetting,
  noDownload: setting<boolean>({
    meaning: 'Do not download a missing default model at start (a client can still ask for one)',
    flag: 'no-download',
    flagIsSwitch: true,
    schema: switchSchema,
    default: false,
  }),
  defaultTier: setting<ModelTier>({
    meaning: 'Tier used when a request names none',
    flag: 'default-tier',
    env: ['MEESHY_DEFAULT_MODEL_TIER'],
    schema: oneOf(MODEL_TIERS, 'tier'),
    default: 'medium',
  }),
  threads: setting<number>({
    meaning: 'Threads one model run may use',
    flag: 'threads',
    env: ['MEESHY_TRANSLATOR_THREADS'],
    schema: wholeNumber(1, 1024),
    default: () => defaultThreads().intraOp,
    defaultText: 'the number of cores, at most 8',
  }),
  maxTextChars: setting<number>({
    meaning: 'Longest text accepted for translation, in characters',
    flag: 'max-text-chars',
    env: ['MEESHY_TRANSLATOR_MAX_TEXT_CHARS'],
    schema: wholeNumber(1, 1_000_000),
    default: 10_000,
  }),
  maxQueued: count(
    'Requests waiting for a model before new ones are refused',
    'MEESHY_TRANSLATOR_MAX_QUEUE',
    256,
  ),
  maxBatchSize: count('Sentences translated together in one model run', 'MEESHY_TRANSLATOR_BATCH_SIZE', 8),
  numBeams: count('Beam width (1: greedy, fastest on a CPU)', 'MEESHY_TRANSLATOR_NUM_BEAMS', 1),
  noRepeatNgramSize: count(
    'No n-gram of this size is generated twice (0: off)',
    'MEESHY_TRANSLATOR_NO_REPEAT_NGRAM',
    4,
    0,
  ),
  redisUrl: optionalSetting<string>({
    meaning: 'Redis shared by translators as a translation cache (in memory when unset)',
    env: ['REDIS_URL'],
    schema: urlSchema,
  }),
  basicModel: modelOverride('basic'),
  mediumModel: modelOverride('medium'),
  premiumModel: modelOverride('premium'),
};

/** Resolves the translator's settings once, at its entry: flag > environment > default. */
export function resolveConfig(argv: readonly string[], environment: Environment): TranslatorConfig {
  const read = readSettings(TRANSLATOR_SETTINGS, argv, environment);
  return {
    host: read.host,
    port: read.port,
    metrics: read.metricsPort === undefined ? undefined : { host: read.metricsHost, port: read.metricsPort },
    dataDir: read.dataDir,
    modelsDir: join(read.dataDir, 'models'),
    hubEndpoint: read.hubEndpoint,
    hubToken: read.hubToken,
    callToken: read.callToken,
    offline: read.offline,
    autoDownload: !read.noDownload,
    defaultTier: read.defaultTier,
    catalog: catalogFromEnvironment({
      BASIC_MODEL: read.basicModel,
      MEDIUM_MODEL: read.mediumModel,
      PREMIUM_MODEL: read.premiumModel,
    }),
    threads: { ...defaultThreads(), intraOp: read.threads },
    maxTextChars: read.maxTextChars,
    maxQueued: read.maxQueued,
    maxBatchSize: read.maxBatchSize,
    numBeams: read.numBeams,
    noRepeatNgramSize: read.noRepeatNgramSize,
    redisUrl: read.redisUrl,
  };
}
