import path from 'node:path';
import { AppError } from '../errors.js';

/**
 * Folders inside the engine's data folder that hold personal data besides the database
 * (DESIGN.md "Store"): attachment files named by content hash, temp files (attachments
 * opened by the user), cached mail content, the logs, and the desktop shell's crash dumps
 * (issue 24: a minidump may hold any mail that was in memory, so every erasure removes them all).
 */
export const dataSubfolders = {
  attachments: 'attachments',
  temp: 'tmp',
  cache: 'cache',
  logs: 'logs',
  crashDumps: 'crash-dumps',
} as const;

/**
 * The absolute path of `relative` (`/`-separated, as purge items store it) inside
 * `dataFolder`. A target that would leave the folder — `..`, an absolute path — is refused,
 * so a damaged purge row can never delete anything else.
 * @throws AppError `internal` for such a target.
 */
export function resolveInDataFolder(dataFolder: string, relative: string): string {
  const root = path.resolve(dataFolder);
  const resolved = path.resolve(root, ...relative.split('/'));
  const inside = path.relative(root, resolved);
  if (relative === '' || path.isAbsolute(relative) || inside === '' || inside.startsWith('..') || path.isAbsolute(inside)) {
    throw new AppError('internal', 'A purge target points outside the data folder.');
  }
  return resolved;
}

/** True for a name that is one plain path segment (no separators, not `.` or `..`). */
export function isPlainFileName(name: string): boolean {
  return name !== '' && name !== '.' && name !== '..' && !/[/\\\0]/.test(name);
}
