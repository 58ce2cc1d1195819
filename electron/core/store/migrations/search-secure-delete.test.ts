import fs from 'node:fs';
import path from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, openDatabase } from '../database.js';
import { migrations, newestSchemaVersion } from './index.js';
import { Store } from '../store.js';
import { makeTempFolder, seedCandidate, seedMailbox, seedThread, type TempFolder } from '../test-support.js';

// Migration 2: the search index removes a deleted or changed message's words from its
// segments (R3), and a database from migration 1 keeps its search after the upgrade.

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

/** Whether the database file (after a TRUNCATE checkpoint) holds `text` anywhere. */
function fileHolds(db: Sqlite.Database, text: string): boolean {
  db.pragma('wal_checkpoint(TRUNCATE)');
  return fs.readFileSync(file).includes(Buffer.from(text));
}

describe('migration 2 (search secure delete)', () => {
  it('removes the words of a deleted message from the index file, not just from results', () => {
    const store = Store.open(file);
    const db = openDatabase(file);
    try {
      const { messageIds } = seedThread(store, seedMailbox(store, { kind: 'shared' }), [
        // Linked: only mail in a thread with a candidate is indexed (migration 12).
        { date: '2025-03-01T10:00:00Z', subject: 'Gesprach zqxdeletedsubject', body: 'zqxdeletedbody', from: [{ name: 'Zqxname', address: 'zqxaddress@example.org' }], links: [{ candidateId: seedCandidate(store) }] },
        { date: '2025-03-01T11:00:00Z', subject: 'zqxkeptsubject', links: [{ candidateId: seedCandidate(store) }] },
      ]);
      expect(fileHolds(db, 'zqxdeletedsubject')).toBe(true);
      db.prepare('DELETE FROM messages WHERE id = ?').run(messageIds[0]);
      expect(search(db, 'zqxdeletedsubject')).toEqual([]);
      for (const word of ['zqxdeletedsubject', 'zqxdeletedbody', 'zqxname', 'zqxaddress']) expect(fileHolds(db, word), word).toBe(false);
      expect(search(db, 'zqxkeptsubject')).toHaveLength(1);
      db.exec("INSERT INTO message_search (message_search) VALUES ('integrity-check')");
    } finally {
      db.close();
      store.close();
    }
  });

  it("removes a changed message's old words and indexes the new ones", () => {
    const store = Store.open(file);
    const db = openDatabase(file);
    try {
      const { messageIds } = seedThread(store, seedMailbox(store, { kind: 'shared' }), [{ date: '2025-03-01T10:00:00Z', body: 'zqxoldbody', links: [{ candidateId: seedCandidate(store) }] }]);
      expect(fileHolds(db, 'zqxoldbody')).toBe(true);
      db.prepare("UPDATE messages SET body_text = 'zqxnewbody' WHERE id = ?").run(messageIds[0]);
      expect(search(db, 'zqxoldbody')).toEqual([]);
      expect(search(db, 'zqxnewbody')).toHaveLength(1);
      expect(fileHolds(db, 'zqxoldbody')).toBe(false);
    } finally {
      db.close();
      store.close();
    }
  });

  it('refuses a delete by rowid, which would only hide the row (a tombstone)', () => {
    const store = Store.open(file);
    seedThread(store, seedMailbox(store, { kind: 'shared' }), [{ date: '2025-03-01T10:00:00Z', links: [{ candidateId: seedCandidate(store) }] }]);
    store.close();
    const db = openDatabase(file);
    try {
      expect(search(db, 'application')).toHaveLength(1);
      expect(() => db.exec('DELETE FROM message_search WHERE rowid IN (SELECT seq FROM messages)')).toThrow(/contentless/);
    } finally {
      db.close();
    }
  });

  it('rebuilds the index of a database written by migration 1', () => {
    const v1 = new Sqlite(file);
    v1.pragma('journal_mode = WAL');
    v1.pragma('foreign_keys = ON');
    migrate(v1, 0, migrations.slice(0, 1));
    v1.exec(`INSERT INTO mailboxes (id, address, display_name, provider, kind, created_at) VALUES ('m', 'jobs@acme.com', 'Jobs', 'imap', 'shared', 'now');
      INSERT INTO threads (id, mailbox_id, created_at) VALUES ('t', 'm', 'now');
      INSERT INTO messages (id, seq, dedupe_key, content_hash, subject, from_json, date, body_text, thread_id, created_at)
      VALUES ('x', 7, 'mid:<x@y>', 'h', 'Einladung', '[{"name":"Zoë","address":"zoe@quandt.example"}]', 'now', 'Grüße aus Köln', 't', 'now');
      INSERT INTO candidates (id, name, created_at) VALUES ('c', 'Zoë', 'now');
      INSERT INTO links (message_id, candidate_id, reason, created_at) VALUES ('x', 'c', 'address', 'now');`);
    v1.close();

    const db = openDatabase(file);
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(newestSchemaVersion);
      expect(search(db, 'einladung')).toEqual([7]);
      expect(search(db, 'koln')).toEqual([7]);
      expect(search(db, 'addresses:quandt')).toEqual([7]);
      expect(db.prepare("SELECT v FROM message_search_config WHERE k = 'secure-delete'").pluck().get()).toBe(1);
      db.prepare("DELETE FROM messages WHERE id = 'x'").run();
      expect(search(db, 'einladung')).toEqual([]);
      expect(fileHolds(db, 'einladung')).toBe(false);
    } finally {
      db.close();
    }
  });
});
