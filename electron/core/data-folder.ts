import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from './errors.js';

/**
 * The engine's data folder: `<OS app-data>/Hirebox/engine` (on Linux
 * `~/.config/Hirebox/engine`), the same for both shells; `HIREBOX_DATA` overrides it.
 */
export function defaultDataFolder(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.HIREBOX_DATA) return path.resolve(env.HIREBOX_DATA);
  return path.join(appDataFolder(env, platform), 'Hirebox', 'engine');
}

function appDataFolder(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string {
  switch (platform) {
    case 'win32':
      return env.APPDATA ?? path.join(os.homedir(), 'AppData', 'Roaming');
    case 'darwin':
      return path.join(os.homedir(), 'Library', 'Application Support');
    default:
      return env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config');
  }
}

/**
 * Creates the folder (mode 0700, only its owner may enter), tightens an existing one,
 * and proves it can be written. A folder that cannot be used gets one clear
 * `storage-unavailable` error naming the folder and the reason.
 */
export function prepareDataFolder(folder: string): string {
  const resolved = path.resolve(folder);
  try {
    fs.mkdirSync(resolved, { recursive: true, mode: 0o700 });
    if (process.platform !== 'win32') fs.chmodSync(resolved, 0o700);
    const probe = path.join(resolved, `.write-check-${process.pid}`);
    fs.writeFileSync(probe, '', { mode: 0o600 });
    fs.rmSync(probe);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new AppError('storage-unavailable', `Hirebox cannot write to its data folder ${resolved} (${reason}). Choose another folder with --data or fix its permissions.`, { cause: error });
  }
  return resolved;
}

/** Writes a file so that readers see the old or the new content, never a part (temp file + rename). */
export function writeFileAtomic(file: string, content: string, mode = 0o600): void {
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, content, { mode });
  fs.chmodSync(temp, mode);
  fs.renameSync(temp, file);
}
