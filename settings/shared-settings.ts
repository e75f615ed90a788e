import { defaultDataDir } from './data-dir.ts';
import { setting } from './reader.ts';
import {
  folderSchema,
  LOG_LEVELS,
  oneOf,
  portSchema,
  switchSchema,
  textSchema,
  type LogLevel,
} from './schemas.ts';

/** Settings that mean the same in several processes, declared once. */

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_SERVER_PORT = 3001;

export const hostSetting = setting<string>({
  meaning: 'Address the chat server listens on (loopback unless set)',
  flag: 'host',
  env: ['MEESHY_HOST'],
  schema: textSchema,
  default: DEFAULT_HOST,
});

export const serverPortSetting = setting<number>({
  meaning: 'Port of the chat server (0: any free port)',
  flag: 'port',
  env: ['MEESHY_PORT'],
  schema: portSchema,
  default: DEFAULT_SERVER_PORT,
});

export const dataDirSetting = setting<string>({
  meaning: "Folder of the database, secrets and models (the desktop app's user-data folder)",
  flag: 'data-dir',
  env: ['MEESHY_DATA_DIR'],
  schema: folderSchema,
  default: () => defaultDataDir(),
  defaultText:
    '`~/.config/Meeshy Desktop` (Linux), `~/Library/Application Support/Meeshy Desktop` (macOS), `%APPDATA%\\Meeshy Desktop` (Windows)',
});

export const logLevelSetting = setting<LogLevel>({
  meaning: 'Log level of the chat server',
  flag: 'log-level',
  env: ['MEESHY_LOG_LEVEL'],
  schema: oneOf(LOG_LEVELS, 'log level'),
  default: 'info',
});

export const offlineSetting = setting<boolean>({
  meaning: 'Never contact the model hub: use the models already in the data folder',
  flag: 'offline',
  flagIsSwitch: true,
  env: ['MEESHY_TRANSLATOR_OFFLINE', 'HF_HUB_OFFLINE'],
  schema: switchSchema,
  default: false,
});
