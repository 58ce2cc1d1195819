import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { migrate, openDatabase } from './database.js';
import { migrations, newestSchemaVersion } from './migrations/index.js';
import { makeTempFolder, type TempFolder } from './test-support.js';

let temp: TempFolder;
let file: string;
beforeEach(() => {
  temp = makeTempFolder();
  file = path.join(temp.folder, 'hirebox.db');
});
afterEach(() => temp.remove());

/** Every file in the folder with the SHA-256 of its bytes. */
function snapshot(folder: string): Record<string, string> {
  return Object.fromEntries(
    fs.readdirSync(folder).map((name) => [name, createHash('sha256').update(fs.readFileSync(path.join(folder, name))).digest('hex')]),
  );
}

function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

describe('migrations', () => {
  it('are numbered 1, 2, 3, ... in order', () => {
    expect(migrations.map((step) => step.version)).toEqual(migrations.map((_step, index) => index + 1));
    expect(newestSchemaVersion).toBe(migrations.length);
  });

  it('create the schema on a new file and set user_version', () => {
    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(newestSchemaVersion);
    const tables = db.prepare<[], string>("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all();
    for (const table of ['workspace', 'users', 'jobs', 'candidates', 'mailboxes', 'messages', 'threads', 'thread_nodes',
      'message_locations', 'links', 'link_exclusions', 'attachments', 'drafts', 'outbox_items', 'message_reads',
      'purge_jobs', 'message_search']) {
      expect(tables).toContain(table);
    }
    db.close();
  });

  it('set the pragmas every connection needs', () => {
    const db = openDatabase(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('secure_delete', { simple: true })).toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    expect(db.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
    db.close();
  });

  it('leave an up-to-date database alone when it is opened again', () => {
    const first = openDatabase(file);
    first.prepare("INSERT INTO candidates (id, name, created_at) VALUES ('c1', 'Anna', '2025-01-01T00:00:00Z')").run();
    const schema = first.prepare('SELECT sql FROM sqlite_schema ORDER BY name').all();
    first.close();

    const again = openDatabase(file);
    expect(again.pragma('user_version', { simple: true })).toBe(newestSchemaVersion);
    expect(again.prepare('SELECT sql FROM sqlite_schema ORDER BY name').all()).toEqual(schema);
    expect(again.prepare('SELECT name FROM candidates').pluck().all()).toEqual(['Anna']);
    again.close();
  });

  it('run each step in its own transaction: a failing step keeps the steps before it and none of its own', () => {
    const db = new Sqlite(file);
    const steps = [
      { version: 1, name: 'one', sql: 'CREATE TABLE one (x TEXT);' },
      { version: 2, name: 'two', sql: 'CREATE TABLE two (x TEXT); INSERT INTO nowhere VALUES (1);' },
    ];
    expect(() => migrate(db, 0, steps)).toThrow(/nowhere/);
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    const tables = db.prepare<[], string>("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all();
    expect(tables).toEqual(['one']);
    db.close();
  });
});

describe('a database written by a newer Hirebox', () => {
  for (const journalMode of ['delete', 'wal']) {
    it(`is refused and left byte-identical (${journalMode} journal)`, () => {
      const newer = new Sqlite(file);
      newer.pragma(`journal_mode = ${journalMode}`);
      newer.exec("CREATE TABLE future (x TEXT); INSERT INTO future VALUES ('kept');");
      newer.pragma(`user_version = ${newestSchemaVersion + 1}`);
      newer.close();
      const before = snapshot(temp.folder);

      const error = thrown(() => openDatabase(file));

      expect(error.code).toBe('database-too-new');
      expect(error.message).toBe(
        `This data folder was written by a newer Hirebox (schema ${newestSchemaVersion + 1}, this version knows ${newestSchemaVersion}). Update Hirebox; nothing was changed.`,
      );
      expect(snapshot(temp.folder)).toEqual(before);
    });
  }
});

describe('storage that cannot be used', () => {
  it('is reported as storage-unavailable, naming the path, when the folder is missing', () => {
    const missing = path.join(temp.folder, 'no-such-folder', 'hirebox.db');
    const error = thrown(() => openDatabase(missing));
    expect(error.code).toBe('storage-unavailable');
    expect(error.message).toContain(missing);
  });

  it('is reported as storage-unavailable when the folder is a file', () => {
    const blocker = path.join(temp.folder, 'not-a-folder');
    fs.writeFileSync(blocker, 'x');
    const error = thrown(() => openDatabase(path.join(blocker, 'hirebox.db')));
    expect(error.code).toBe('storage-unavailable');
    expect(error.message).toContain(blocker);
  });

  // /proc takes no new files from anyone, root included (file modes would not stop root).
  it('is reported as storage-unavailable when the folder is not writable', () => {
    const error = thrown(() => openDatabase('/proc/hirebox.db'));
    expect(error.code).toBe('storage-unavailable');
    expect(error.message).toContain('/proc/hirebox.db');
  });

  it('is reported as storage-unavailable, and left alone, when the file is not a database', () => {
    fs.writeFileSync(file, 'this is a text file, not SQLite '.repeat(200));
    const before = snapshot(temp.folder);
    const error = thrown(() => openDatabase(file));
    expect(error.code).toBe('storage-unavailable');
    expect(error.message).toContain(file);
    expect(snapshot(temp.folder)).toEqual(before);
  });
});
