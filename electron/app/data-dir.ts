import os from 'node:os';
import path from 'node:path';

/**
 * The user's LungDesk data folder: LUNGDESK_DATA_DIR if set, else the platform's
 * per-user data location. Electron passes app.getPath('userData') instead.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.LUNGDESK_DATA_DIR) return path.resolve(env.LUNGDESK_DATA_DIR);
  const home = os.homedir();
  if (process.platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'LungDesk');
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'LungDesk');
  return path.join(env.XDG_DATA_HOME ?? path.join(home, '.local', 'share'), 'lungdesk');
}
