import path from 'node:path';

/**
 * Where the desktop app keeps everything, all under Electron's `userData` folder (resolved once, at start):
 * the stack's data (database, models), the logs, the window's geometry and the user's desktop preferences.
 */
export interface AppPaths {
  userData: string;
  dataDir: string;
  logFolder: string;
  mainLog: string;
  childLog: (service: 'server' | 'translator') => string;
  windowState: string;
  preferences: string;
}

export function appPaths(userData: string): AppPaths {
  const logFolder = path.join(userData, 'logs');
  return {
    userData,
    dataDir: path.join(userData, 'data'),
    logFolder,
    mainLog: path.join(logFolder, 'main.log'),
    childLog: (service) => path.join(logFolder, `${service}.log`),
    windowState: path.join(userData, 'window-state.json'),
    preferences: path.join(userData, 'preferences.json'),
  };
}
