import os from 'node:os';
import path from 'node:path';

/** The product name Electron uses for its user-data folder; the headless server uses the same folder. */
export const APP_DIR_NAME = 'Meeshy Desktop';

/**
 * Electron's `app.getPath('userData')` for this app, computed without Electron so that `npm run serve`
 * and the desktop app share one database and one models folder.
 */
export function defaultDataDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const home = os.homedir();
  if (platform === 'win32') {
    return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_DIR_NAME);
  }
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_DIR_NAME);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), APP_DIR_NAME);
}
