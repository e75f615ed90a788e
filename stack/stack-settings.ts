import path from 'node:path';
import { parseArgs } from 'node:util';
import { defaultDataDir } from './data-dir.ts';

/** Settings of the headless stack; everything else (model variables, secrets) passes to the children. */
export interface StackSettings {
  port: number;
  host: string;
  dataDir: string;
  /** Undefined: a free loopback port is picked at start. */
  translatorPort: number | undefined;
  /** Fetch the default model at start when it is missing (with progress in the log). */
  download: boolean;
  offline: boolean;
  logLevel: string;
}

function port(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    throw new Error(`${name} must be a port number, got "${text}"`);
  }
  return value;
}

function truthy(value: string | undefined): boolean {
  return value !== undefined && ['1', 'true', 'yes', 'on'].includes(value.toLowerCase());
}

export function resolveStackSettings(argv: readonly string[], env: NodeJS.ProcessEnv): StackSettings {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'data-dir': { type: 'string' },
      'translator-port': { type: 'string' },
      download: { type: 'boolean' },
      offline: { type: 'boolean' },
      'log-level': { type: 'string' },
    },
    strict: true,
  });
  return {
    port: port('--port', values.port ?? env.MEESHY_PORT) ?? 3001,
    host: values.host ?? env.MEESHY_HOST ?? '127.0.0.1',
    dataDir: path.resolve(values['data-dir'] ?? env.MEESHY_DATA_DIR ?? defaultDataDir()),
    translatorPort: port('--translator-port', values['translator-port'] ?? env.MEESHY_TRANSLATOR_PORT),
    download: values.download === true || truthy(env.MEESHY_DOWNLOAD_MODELS),
    offline: values.offline === true || truthy(env.TRANSLATOR_OFFLINE) || truthy(env.HF_HUB_OFFLINE),
    logLevel: values['log-level'] ?? env.MEESHY_LOG_LEVEL ?? 'info',
  };
}
