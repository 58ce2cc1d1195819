import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempFolder } from '../../test/support/temp-folder.js';
import { AppError } from './errors.js';
import { acquireInstanceLock } from './instance-lock.js';

const temps: { remove(): void }[] = [];
afterEach(() => temps.splice(0).forEach((temp) => temp.remove()));

function folder(): string {
  const temp = makeTempFolder();
  temps.push(temp);
  return temp.folder;
}

describe('one engine per data folder', () => {
  it('refuses a second holder while the first runs, and frees the folder on release', () => {
    const data = folder();
    fs.writeFileSync(path.join(data, 'engine.lock'), String(process.ppid));
    expect(() => acquireInstanceLock(data)).toThrowError(AppError);
    expect(() => acquireInstanceLock(data)).toThrowError(/already running/);
    fs.rmSync(path.join(data, 'engine.lock'));
    const lock = acquireInstanceLock(data);
    lock.release();
    acquireInstanceLock(data).release();
  });

  it('takes over a lock left by a process that crashed', () => {
    const data = folder();
    // A pid that surely ended: a child that has exited.
    const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    fs.writeFileSync(path.join(data, 'engine.lock'), child.stdout);
    const lock = acquireInstanceLock(data);
    expect(fs.readFileSync(path.join(data, 'engine.lock'), 'utf8')).toBe(String(process.pid));
    lock.release();
  });
});
