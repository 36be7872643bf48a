/**
 * Where the library lives. The desktop app and the CLI compute the same path
 * (Electron's userData folder for this app), so `ikit` works on the library
 * the app uses unless told otherwise.
 */
import os from 'node:os';
import path from 'node:path';

export const APP_NAME = 'Interview Kit Builder';
export const LIBRARY_FILE = 'library.db';

/** The per-user application data folder, as Electron's app.getPath('userData') gives it. */
export function appDataDir(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string {
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_NAME);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_NAME);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), APP_NAME);
}

export function defaultLibraryPath(): string {
  return path.join(appDataDir(), LIBRARY_FILE);
}

/** --db, else IKIT_DB, else the desktop app's library. */
export function resolveLibraryPath(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(flag ?? env.IKIT_DB ?? defaultLibraryPath());
}
