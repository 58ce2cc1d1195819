import fs from 'node:fs';
import path from 'node:path';
import { AppError } from './errors.js';

export interface InstanceLock {
  release(): void;
}

/**
 * One engine per data folder. The lock file holds the owner's pid; a lock left by a
 * process that no longer runs (a crash) is taken over.
 */
export function acquireInstanceLock(dataFolder: string): InstanceLock {
  const file = path.join(dataFolder, 'engine.lock');
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx', mode: 0o600 });
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          fs.rmSync(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number.parseInt(fs.readFileSync(file, 'utf8'), 10);
      if (Number.isInteger(holder) && holder !== process.pid && isRunning(holder)) {
        throw new AppError('conflict', `Hirebox is already running on the data folder ${dataFolder} (process ${holder}). Use that window, or start with another folder (--data).`);
      }
      fs.rmSync(file, { force: true });
    }
  }
  throw new AppError('conflict', `Could not lock the data folder ${dataFolder}; another Hirebox is starting at the same time.`);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
