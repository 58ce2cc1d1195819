import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../log/file-logger.js';
import type { Database } from '../store/database.js';
import { openDatabase } from '../store/database.js';
import type { PurgeItem } from '../store/repositories/purge-repository.js';
import { Store } from '../store/store.js';
import { createdAt, makeTempFolder, seedMailbox, seedThread, type TempFolder } from '../store/test-support.js';
import { PurgeRunner } from './purge-runner.js';

let temp: TempFolder;
let dataFolder: string;
let store: Store;
let db: Database;
let runner: PurgeRunner;

beforeEach(() => {
  temp = makeTempFolder();
  // The data folder one level down, so "outside" is still inside the test's temp folder.
  dataFolder = path.join(temp.folder, 'engine');
  fs.mkdirSync(dataFolder);
  store = Store.open(path.join(dataFolder, 'hirebox.db'));
  db = openDatabase(path.join(dataFolder, 'hirebox.db'));
  runner = new PurgeRunner({ store, dataFolder, logger: silentLogger });
});
afterEach(() => {
  db.close();
  store.close();
  temp.remove();
});

function job(items: PurgeItem[]): string {
  const id = randomUUID();
  store.purges.insert({ id, reason: 'test', createdAt, items });
  return id;
}

function dataFile(relative: string): string {
  const file = path.join(dataFolder, ...relative.split('/'));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, 'x');
  return file;
}

describe('PurgeRunner', () => {
  it('deletes files that are gone already without complaint, and removes the finished job', () => {
    const present = dataFile('attachments/present');
    const id = job([
      { kind: 'attachment', target: 'attachments/present' },
      { kind: 'attachment', target: 'attachments/never-written' },
      { kind: 'temp-file', target: 'tmp/also-missing' },
    ]);
    expect(runner.run(id)).toEqual({ finished: true, failedItems: 0 });
    expect(fs.existsSync(present)).toBe(false);
    expect(store.purges.get(id)).toBeNull();
    expect(runner.run(id)).toEqual({ finished: true, failedItems: 0 });
  });

  it('refuses a target outside the data folder and keeps the job', () => {
    const outside = path.join(temp.folder, 'precious');
    fs.writeFileSync(outside, 'keep me');
    const id = job([{ kind: 'cache-file', target: '../precious' }]);
    expect(runner.run(id)).toEqual({ finished: false, failedItems: 1 });
    expect(fs.readFileSync(outside, 'utf8')).toBe('keep me');
    expect(store.purges.get(id)).toEqual(expect.objectContaining({ attempts: 1, lastError: 'cache-file: internal' }));
  });

  it('keeps an attachment file that a row stored since uses again', () => {
    const hash = 'e'.repeat(64);
    const file = dataFile(`attachments/${hash}`);
    const { messageIds } = seedThread(store, seedMailbox(store, { kind: 'shared' }), [{ date: createdAt }]);
    db.prepare("INSERT INTO attachments (id, message_id, content_hash, file_name, mime_type, size) VALUES (?, ?, ?, 'cv.pdf', 'application/pdf', 1)").run(
      randomUUID(),
      messageIds[0],
      hash,
    );
    const id = job([{ kind: 'attachment', target: `attachments/${hash}` }]);
    expect(runner.run(id).finished).toBe(true);
    expect(fs.existsSync(file)).toBe(true);
  });

  it('runs only the items not done yet', () => {
    const id = job([
      { kind: 'temp-file', target: 'tmp/done-before' },
      { kind: 'temp-file', target: 'tmp/pending' },
    ]);
    store.purges.markItemDone(id, { kind: 'temp-file', target: 'tmp/done-before' }, createdAt);
    const doneBefore = dataFile('tmp/done-before');
    const pending = dataFile('tmp/pending');
    expect(runner.run(id).finished).toBe(true);
    expect(fs.existsSync(doneBefore)).toBe(true);
    expect(fs.existsSync(pending)).toBe(false);
  });

  it('records a log-lines item whose terms cannot be read as failed, without the target', () => {
    const id = job([{ kind: 'log-lines', target: '{"not":"a list"}' }]);
    expect(runner.run(id)).toEqual({ finished: false, failedItems: 1 });
    expect(store.purges.get(id)!.lastError).toBe('log-lines: bad-target');
  });

  it('runs every unfinished job, oldest first, and counts the finished ones', () => {
    const stuck = job([{ kind: 'temp-file', target: '../outside' }]);
    const fine = job([{ kind: 'temp-file', target: 'tmp/x' }]);
    expect(runner.runUnfinished()).toBe(1);
    expect(store.purges.unfinishedIds()).toEqual([stuck]);
    expect(store.purges.get(fine)).toBeNull();
  });
});
