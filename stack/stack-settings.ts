import { optionalSetting, readSettings, setting, type Environment } from '../settings/reader.ts';
import { portSchema, switchSchema, type LogLevel } from '../settings/schemas.ts';
import {
  dataDirSetting,
  hostSetting,
  logLevelSetting,
  offlineSetting,
  serverPortSetting,
} from '../settings/shared-settings.ts';

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
  logLevel: LogLevel;
}

/** The stack's settings, each declared once; the server's and translator's own pass through the environment. */
export const STACK_SETTINGS = {
  port: serverPortSetting,
  host: hostSetting,
  dataDir: dataDirSetting,
  translatorPort: optionalSetting<number>({
    meaning: "The translator's gRPC port on 127.0.0.1 (by default a free one)",
    flag: 'translator-port',
    env: ['MEESHY_TRANSLATOR_PORT'],
    schema: portSchema,
  }),
  download: setting<boolean>({
    meaning: 'Download the default model at start when it is missing, with progress in the log',
    flag: 'download',
    flagIsSwitch: true,
    env: ['MEESHY_DOWNLOAD_MODELS'],
    schema: switchSchema,
    default: false,
  }),
  offline: offlineSetting,
  logLevel: logLevelSetting,
};

export function resolveStackSettings(argv: readonly string[], env: Environment): StackSettings {
  return readSettings(STACK_SETTINGS, argv, env);
}
