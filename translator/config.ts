import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultDataDir } from '../stack/data-dir.ts';
import { defaultThreads, type RuntimeThreads } from './engine/onnx-runtime.ts';
import { catalogFromEnvironment, TIERS, type CatalogEntry, type Tier } from './models/catalog.ts';
import { DEFAULT_HUB_ENDPOINT } from './models/model-store.ts';

export interface TranslatorConfig {
  port: number;
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
  defaultTier: Tier;
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

function truthy(value: string | undefined): boolean {
  return value !== undefined && ['1', 'true', 'yes', 'on'].includes(value.toLowerCase());
}

function positiveInteger(name: string, value: string, minimum = 1): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < minimum) {
    throw new Error(`${name} must be an integer of at least ${minimum}, got "${value}"`);
  }
  return number;
}

/** Resolves the translator's settings once, at its entry: flag > environment > default. */
export function resolveConfig(
  argv: string[],
  environment: Readonly<Record<string, string | undefined>>,
): TranslatorConfig {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      offline: { type: 'boolean' },
      'no-download': { type: 'boolean' },
      'default-tier': { type: 'string' },
      threads: { type: 'string' },
      'max-text-chars': { type: 'string' },
    },
    strict: true,
  });
  // The same user-data folder as the desktop app and the chat server: models live beside the database.
  const dataDir = resolve(values['data-dir'] ?? environment['MEESHY_DATA_DIR'] ?? defaultDataDir());
  const tier = values['default-tier'] ?? environment['DEFAULT_MODEL_TIER'] ?? 'medium';
  if (!(TIERS as readonly string[]).includes(tier))
    throw new Error(`unknown tier "${tier}" (basic, medium, premium)`);
  const threads = defaultThreads();
  const threadSetting = values.threads ?? environment['TRANSLATOR_THREADS'];
  if (threadSetting !== undefined) threads.intraOp = positiveInteger('--threads', threadSetting);
  return {
    // Port 0 asks the system for a free port; the chosen one is printed.
    port: positiveInteger('--port', values.port ?? environment['TRANSLATOR_PORT'] ?? '50051', 0),
    dataDir,
    modelsDir: join(dataDir, 'models'),
    hubEndpoint: environment['HF_ENDPOINT'] ?? DEFAULT_HUB_ENDPOINT,
    hubToken: environment['HF_TOKEN'],
    callToken: environment['MEESHY_TRANSLATOR_TOKEN'] || undefined,
    offline:
      values.offline === true ||
      truthy(environment['TRANSLATOR_OFFLINE']) ||
      truthy(environment['HF_HUB_OFFLINE']),
    autoDownload: values['no-download'] !== true,
    defaultTier: tier as Tier,
    catalog: catalogFromEnvironment(environment),
    threads,
    maxTextChars: positiveInteger(
      '--max-text-chars',
      values['max-text-chars'] ?? environment['TRANSLATOR_MAX_TEXT_CHARS'] ?? '10000',
    ),
    maxQueued: positiveInteger('TRANSLATOR_MAX_QUEUE', environment['TRANSLATOR_MAX_QUEUE'] ?? '256'),
    numBeams: positiveInteger('TRANSLATOR_NUM_BEAMS', environment['TRANSLATOR_NUM_BEAMS'] ?? '1'),
    noRepeatNgramSize: positiveInteger(
      'TRANSLATOR_NO_REPEAT_NGRAM',
      environment['TRANSLATOR_NO_REPEAT_NGRAM'] ?? '4',
      0,
    ),
    redisUrl: environment['REDIS_URL'] === '' ? undefined : environment['REDIS_URL'],
    maxBatchSize: positiveInteger('TRANSLATOR_BATCH_SIZE', environment['TRANSLATOR_BATCH_SIZE'] ?? '8'),
  };
}
