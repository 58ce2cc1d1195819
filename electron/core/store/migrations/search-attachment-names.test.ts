import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import Sqlite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, openDatabase } from '../database.js';
import { migrations, newestSchemaVersion } from './index.js';
import { Store } from '../store.js';
import { makeTempFolder, seedCandidate, seedMailbox, seedThread, type TempFolder } from '../test-support.js';

// Migration 7: a mail is found by its attachments' names, and those words leave the index
// file with the attachment or the message (R3).

let temp: TempFolder;
let file: string;
beforeEach(() => {
  temp = makeTempFolder();
  file = path.join(temp.folder, 'hirebox.db');
});
afterEach(() => temp.remove());

function search(db: Sqlite.Database, term: string): number[] {
  return db.prepare<[string], number>('SELECT rowid FROM message_search WHERE message_search MATCH ? ORDER BY rowid').pluck().all(term);
}

function fileHolds(db: Sqlite.Database, text: string): boolean {
  db.pragma('wal_checkpoint(TRUNCATE)');
  return fs.readFileSync(file).includes(Buffer.from(text));
}

function attach(store: Store, messageId: string, fileName: string): string {
  const id = randomUUID();
  store.attachments.insert({ id, messageId, contentHash: null, fileName, mimeType: 'application/pdf', size: 1, contentId: null, isInline: false });
  return id;
}

describe('migration 7 (attachment names in the search index)', () => {
  it('finds a mail by an attachment name, and forgets the name with the attachment and the message', () => {
    const store = Store.open(file);
    const db = openDatabase(file);
    try {
      const { messageIds } = seedThread(store, seedMailbox(store, { kind: 'shared' }), [{ date: '2025-03-01T10:00:00Z', subject: 'Unterlagen', links: [{ candidateId: seedCandidate(store) }] }]);
      const messageId = messageIds[0]!;
      const cv = attach(store, messageId, 'Zqxlebenslauf_2025.pdf');
      attach(store, messageId, 'Zqxzeugnis.pdf');
      const [seq] = search(db, 'zqxlebenslauf');
      expect(seq).toBeDefined();
      expect(search(db, 'attachments:zqxzeugnis')).toEqual([seq]);
      expect(search(db, 'unterlagen')).toEqual([seq]);

      db.prepare('DELETE FROM attachments WHERE id = ?').run(cv);
      expect(search(db, 'zqxlebenslauf')).toEqual([]);
      expect(search(db, 'zqxzeugnis')).toEqual([seq]);
      expect(fileHolds(db, 'zqxlebenslauf')).toBe(false);

      db.prepare('DELETE FROM messages WHERE id = ?').run(messageId);
      expect(search(db, 'zqxzeugnis')).toEqual([]);
      expect(fileHolds(db, 'zqxzeugnis')).toBe(false);
      db.exec("INSERT INTO message_search (message_search) VALUES ('integrity-check')");
    } finally {
      db.close();
      store.close();
    }
  });

  it('indexes the attachments of a database written before it', () => {
    const v5 = new Sqlite(file);
    v5.pragma('journal_mode = WAL');
    v5.pragma('foreign_keys = ON');
    migrate(v5, 0, migrations.slice(0, 5));
    v5.exec(`INSERT INTO mailboxes (id, address, display_name, provider, kind, created_at) VALUES ('m', 'jobs@acme.com', 'Jobs', 'imap', 'shared', 'now');
      INSERT INTO threads (id, mailbox_id, created_at) VALUES ('t', 'm', 'now');
      INSERT INTO messages (id, seq, dedupe_key, content_hash, subject, date, body_text, thread_id, created_at)
      VALUES ('x', 7, 'mid:<x@y>', 'h', 'Bewerbung', 'now', 'Anbei', 't', 'now');
      INSERT INTO attachments (id, message_id, file_name, mime_type, size) VALUES ('a', 'x', 'Arbeitsprobe-Köln.zip', 'application/zip', 3);
      INSERT INTO candidates (id, name, created_at) VALUES ('c', 'Anna', 'now');
      INSERT INTO links (message_id, candidate_id, reason, created_at) VALUES ('x', 'c', 'address', 'now');`);
    v5.close();

    const db = openDatabase(file);
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(newestSchemaVersion);
      expect(search(db, 'arbeitsprobe')).toEqual([7]);
      expect(search(db, 'koln')).toEqual([7]);
      expect(search(db, 'bewerbung')).toEqual([7]);
      db.prepare("DELETE FROM messages WHERE id = 'x'").run();
      expect(fileHolds(db, 'Arbeitsprobe')).toBe(false);
    } finally {
      db.close();
    }
  });
});
