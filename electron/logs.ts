import log from 'electron-log/main';
import type { LogFunctions, MainLogger } from 'electron-log';
import type { AppPaths } from './app-paths.ts';

/** Past this size a log file is renamed to `<name>.old.log` and a new one begun (one old file kept). */
const LOG_FILE_MAX_BYTES = 5 * 1024 * 1024;

export interface AppLogs {
  /** The main process's own log. */
  main: LogFunctions;
  /** One line a child (server, translator) printed, to that child's own file. */
  child(service: 'server' | 'translator', line: string): void;
}

/**
 * Logs of the main process and of both children, each in its own rotated file under `userData/logs`.
 * Called first thing at start, so that a failure to start anything else is on disk.
 */
export function setUpLogs(paths: AppPaths): AppLogs {
  log.initialize();
  log.transports.file.resolvePathFn = () => paths.mainLog;
  log.transports.file.maxSize = LOG_FILE_MAX_BYTES;
  const children = {
    server: childLogger('server', paths),
    translator: childLogger('translator', paths),
  };
  return {
    main: log,
    child: (service, line) => {
      children[service].info(line);
    },
  };
}

function childLogger(service: 'server' | 'translator', paths: AppPaths): MainLogger {
  const logger = log.create({ logId: service });
  logger.transports.file.resolvePathFn = () => paths.childLog(service);
  logger.transports.file.maxSize = LOG_FILE_MAX_BYTES;
  // The children's lines go to their files only; the terminal (in development) gets the main log.
  logger.transports.console.level = false;
  return logger;
}
