import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempFolder } from '../../../test/support/temp-folder.js';
import { FileLogger } from './file-logger.js';

const temps: { remove(): void }[] = [];
afterEach(() => temps.splice(0).forEach((temp) => temp.remove()));

function logFolder(): string {
  const temp = makeTempFolder();
  temps.push(temp);
  return path.join(temp.folder, 'logs');
}

function readAll(folder: string): string {
  return fs
    .readdirSync(folder)
    .map((name) => fs.readFileSync(path.join(folder, name), 'utf8'))
    .join('');
}

describe('FileLogger', () => {
  it('writes JSON lines at or above its level', () => {
    const folder = logFolder();
    const logger = new FileLogger({ folder, level: 'info' });
    logger.debug('too chatty');
    logger.child({ mailboxId: 'm1' }).warn('connection dropped', { attempt: 2 });
    logger.close();
    const lines = fs.readFileSync(path.join(folder, 'hirebox.log'), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(lines).toEqual([expect.objectContaining({ level: 'warn', message: 'connection dropped', mailboxId: 'm1', attempt: 2 })]);
    expect(fs.statSync(path.join(folder, 'hirebox.log')).mode & 0o777).toBe(0o600);
  });

  it('never writes passwords, tokens or message content, at any depth', () => {
    const folder = logFolder();
    const logger = new FileLogger({ folder });
    logger.info('connecting', {
      password: 'hunter2-secret',
      accessToken: 'ya29.tokenvalue',
      auth: { refresh_token: 'refresh-value', user: 'olivia' },
      message: { body: 'Dear Olivia, my salary expectation', html: '<p>private</p>', subject: 'Application' },
      headers: [{ Authorization: 'Bearer abc.def' }],
    });
    logger.close();
    const text = readAll(folder);
    for (const secret of ['hunter2-secret', 'ya29.tokenvalue', 'refresh-value', 'salary expectation', 'private', 'abc.def']) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('olivia');
    expect(text).toContain('Application');
  });

  it('rotates at its size limit and keeps a bounded number of files', () => {
    const folder = logFolder();
    const logger = new FileLogger({ folder, maxBytes: 2_000, keep: 2 });
    for (let index = 0; index < 200; index += 1) logger.info('line', { index });
    logger.close();
    expect(fs.readdirSync(folder).sort()).toEqual(['hirebox.log', 'hirebox.log.1', 'hirebox.log.2']);
    for (const name of fs.readdirSync(folder)) expect(fs.statSync(path.join(folder, name)).size).toBeLessThanOrEqual(2_000);
    expect(fs.readFileSync(path.join(folder, 'hirebox.log'), 'utf8')).toContain('"index":199');
  });
});
