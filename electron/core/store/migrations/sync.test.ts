import path from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, openDatabase } from '../database.js';
import { migrations, newestSchemaVersion } from './index.js';
import { makeTempFolder, type TempFolder } from '../test-support.js';

// Migration 3 (sync): a database written by migration 2 keeps its rows, with the new
// columns at their defaults, and the new CHECKs hold.

let temp: TempFolder;
let file: string;
beforeEach(() => {
  temp = makeTempFolder();
  file = path.join(temp.folder, 'hirebox.db');
});
afterEach(() => temp.remove());

describe('migration 3 (sync)', () => {
  it('upgrades a database written by migration 2, keeping its rows', () => {
    const v2 = new Sqlite(file);
    v2.pragma('journal_mode = WAL');
    v2.pragma('foreign_keys = ON');
    migrate(v2, 0, migrations.slice(0, 2));
    v2.exec(`INSERT INTO mailboxes (id, address, display_name, provider, kind, created_at) VALUES ('m', 'jobs@acme.com', 'Jobs', 'imap', 'shared', 'now');
      INSERT INTO mailbox_folders (id, mailbox_id, path, role, scanned) VALUES ('f', 'm', 'INBOX', 'inbox', 1);
      INSERT INTO threads (id, mailbox_id, created_at) VALUES ('t', 'm', 'now');
      INSERT INTO messages (id, seq, dedupe_key, message_id_header, content_hash, subject, date, thread_id, created_at)
      VALUES ('x', 7, 'mid:x@y', 'x@y', 'h', 'Einladung', '2025-03-01T10:00:00Z', 't', 'now');
      INSERT INTO thread_nodes (message_id_header, thread_id, message_id, parent_message_id_header) VALUES ('x@y', 't', 'x', 'p@y');`);
    v2.close();

    const db = openDatabase(file);
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(newestSchemaVersion);
      expect(db.prepare('SELECT connection FROM mailboxes').get()).toEqual({ connection: null });
      expect(db.prepare('SELECT name, role_source FROM mailbox_folders').get()).toEqual({ name: '', role_source: null });
      expect(db.prepare('SELECT subject_key, internal_date FROM messages').get()).toEqual({ subject_key: '', internal_date: null });
      expect(db.prepare('SELECT is_forward, parent_message_id_header FROM thread_nodes').get()).toEqual({ is_forward: 0, parent_message_id_header: 'p@y' });
    } finally {
      db.close();
    }
  });

  it('keeps settings a JSON object and a forward without a parent', () => {
    const db = openDatabase(file);
    try {
      const insertMailbox = db.prepare("INSERT INTO mailboxes (id, address, display_name, provider, kind, connection, created_at) VALUES (?, ?, 'J', 'imap', 'shared', ?, 'now')");
      expect(() => insertMailbox.run('a', 'a@acme.com', '{"host":"imap.acme.com"}')).not.toThrow();
      expect(() => insertMailbox.run('b', 'b@acme.com', '["imap.acme.com"]')).toThrow(/CHECK/);
      expect(() => insertMailbox.run('c', 'c@acme.com', 'not json')).toThrow(/CHECK/);

      db.exec("INSERT INTO threads (id, mailbox_id, created_at) VALUES ('t', 'a', 'now')");
      const insertNode = db.prepare("INSERT INTO thread_nodes (message_id_header, thread_id, parent_message_id_header, is_forward) VALUES (?, 't', ?, ?)");
      expect(() => insertNode.run('fwd@y', null, 1)).not.toThrow();
      expect(() => insertNode.run('fwd2@y', 'p@y', 1)).toThrow(/CHECK/);
      expect(() => insertNode.run('odd@y', null, 2)).toThrow(/CHECK/);
    } finally {
      db.close();
    }
  });
});
