import fs from 'node:fs';
import path from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, openDatabase } from '../database.js';
import { migrations, newestSchemaVersion } from './index.js';
import { Store } from '../store.js';
import { makeTempFolder, newMessage, seedCandidate, seedMailbox, seedThread, type TempFolder } from '../test-support.js';

// Migration 12: only mail in a thread with a linked candidate is in the search index, and
// the index follows the links (and R3: words leave the file with the mail's last link).

let temp: TempFolder;
let file: string;
let store: Store;
let db: Sqlite.Database;
beforeEach(() => {
  temp = makeTempFolder();
  file = path.join(temp.folder, 'hirebox.db');
});
afterEach(() => {
  db?.close();
  store?.close();
  temp.remove();
});

function search(term: string): number[] {
  return db.prepare<[string], number>('SELECT rowid FROM message_search WHERE message_search MATCH ? ORDER BY rowid').pluck().all(term);
}

function seqOf(messageId: string): number {
  return db.prepare<[string], number>('SELECT seq FROM messages WHERE id = ?').pluck().get(messageId)!;
}

function fileHolds(text: string): boolean {
  db.pragma('wal_checkpoint(TRUNCATE)');
  return fs.readFileSync(file).includes(Buffer.from(text));
}

function integrityCheck(): void {
  db.exec("INSERT INTO message_search (message_search) VALUES ('integrity-check')");
}

/** The rows in the index (a contentless FTS5 table keeps one docsize row for each). */
function indexedRows(): number[] {
  return db.prepare<[], number>('SELECT id FROM message_search_docsize ORDER BY id').pluck().all();
}

/** Every message whose thread has a link is indexed, and no other. */
function indexMatchesLinks(): void {
  const wrong = db
    .prepare(
      `SELECT m.id FROM messages m
       WHERE m.search_indexed != EXISTS (SELECT 1 FROM messages lm JOIN links l ON l.message_id = lm.id WHERE lm.thread_id = m.thread_id)`,
    )
    .all();
  expect(wrong).toEqual([]);
}

describe('migration 12 (search index of candidate mail only)', () => {
  it('indexes a thread when a link arrives, and drops it, words and all, when the last link goes', () => {
    store = Store.open(file);
    db = openDatabase(file);
    const mailbox = seedMailbox(store, { kind: 'shared' });
    const candidate = seedCandidate(store);
    const { threadId, messageIds } = seedThread(store, mailbox, [
      { date: '2025-03-01T10:00:00Z', subject: 'Zqxplanung', body: 'zqxinterna' },
      { date: '2025-03-02T10:00:00Z', subject: 'Re: Zqxplanung', body: 'zqxbewerbung' },
    ]);
    expect(search('zqxplanung')).toEqual([]);
    expect(search('zqxinterna')).toEqual([]);

    store.links.insert({ messageId: messageIds[1]!, candidateId: candidate, reason: 'manual', createdAt: '2025-03-03T00:00:00Z' });
    expect(search('zqxplanung')).toEqual(messageIds.map(seqOf));
    expect(search('zqxinterna')).toEqual([seqOf(messageIds[0]!)]);

    // A later message of the linked thread is found as it arrives; its body, once fetched, too.
    const later = newMessage(threadId, { subject: 'Re: Zqxplanung', date: '2025-03-04T10:00:00Z' });
    store.messages.insert(later);
    expect(search('zqxplanung')).toHaveLength(3);
    store.messages.saveBody(later.id, { state: 'full', text: 'zqxnachtrag', html: null });
    expect(search('zqxnachtrag')).toEqual([seqOf(later.id)]);

    expect(store.links.remove(messageIds[1]!, candidate)).toBe(true);
    expect(search('zqxplanung')).toEqual([]);
    expect(search('zqxnachtrag')).toEqual([]);
    expect(indexedRows()).toEqual([]);
    indexMatchesLinks();
    integrityCheck();
  });

  it('follows messages deleted with a candidate and messages moved between threads', () => {
    store = Store.open(file);
    db = openDatabase(file);
    const mailbox = seedMailbox(store, { kind: 'shared' });
    const candidate = seedCandidate(store);
    const other = seedCandidate(store);
    const linked = seedThread(store, mailbox, [
      { date: '2025-03-01T10:00:00Z', subject: 'Zqxangebot', links: [{ candidateId: candidate }] },
      { date: '2025-03-02T10:00:00Z', subject: 'Re: Zqxangebot' },
    ]);
    const unlinked = seedThread(store, mailbox, [{ date: '2025-03-05T10:00:00Z', subject: 'Zqxrundmail' }]);
    const kept = seedThread(store, mailbox, [{ date: '2025-03-06T10:00:00Z', subject: 'Zqxzweiter', links: [{ candidateId: other }] }]);
    expect(search('zqxangebot')).toHaveLength(2);
    expect(search('zqxrundmail')).toEqual([]);

    // Sync joins the unlinked thread into the linked one: its message becomes findable…
    db.prepare('UPDATE messages SET thread_id = ? WHERE thread_id = ?').run(linked.threadId, unlinked.threadId);
    expect(search('zqxrundmail')).toEqual([seqOf(unlinked.messageIds[0]!)]);
    indexMatchesLinks();
    // …and moving the linked message out leaves the rest of its old thread unindexed.
    db.prepare('UPDATE messages SET thread_id = ? WHERE id = ?').run(kept.threadId, linked.messageIds[0]!);
    expect(search('zqxangebot')).toEqual([seqOf(linked.messageIds[0]!)]);
    expect(search('zqxrundmail')).toEqual([]);
    indexMatchesLinks();
    db.prepare('UPDATE messages SET thread_id = ? WHERE id = ?').run(linked.threadId, linked.messageIds[0]!);
    expect(search('zqxrundmail')).toHaveLength(1);

    // The candidate's deletion cascades to the links; the mail's words leave the file (R3).
    db.prepare('DELETE FROM candidates WHERE id = ?').run(candidate);
    expect(search('zqxangebot')).toEqual([]);
    expect(search('zqxrundmail')).toEqual([]);
    expect(search('zqxzweiter')).toHaveLength(1);
    expect(indexedRows()).toEqual([seqOf(kept.messageIds[0]!)]);
    indexMatchesLinks();

    // Deleting a linked message leaves its thread's other mail unindexed when no link is left.
    const again = seedThread(store, mailbox, [
      { date: '2025-03-07T10:00:00Z', subject: 'Zqxdritter', links: [{ candidateId: other }] },
      { date: '2025-03-08T10:00:00Z', subject: 'Re: Zqxdritter' },
    ]);
    expect(search('zqxdritter')).toHaveLength(2);
    db.prepare('DELETE FROM messages WHERE id = ?').run(again.messageIds[0]!);
    expect(search('zqxdritter')).toEqual([]);
    expect(indexedRows()).toEqual([seqOf(kept.messageIds[0]!)]);
    indexMatchesLinks();
    integrityCheck();
  });

  it('rebuilds the index of a database written before it from its candidate mail only', () => {
    const v10 = new Sqlite(file);
    v10.pragma('journal_mode = WAL');
    v10.pragma('foreign_keys = ON');
    migrate(v10, 0, migrations.filter((step) => step.version <= 10));
    v10.exec(`INSERT INTO mailboxes (id, address, display_name, provider, kind, created_at) VALUES ('m', 'jobs@acme.com', 'Jobs', 'imap', 'shared', 'now');
      INSERT INTO candidates (id, name, created_at) VALUES ('c', 'Anna', 'now');
      INSERT INTO threads (id, mailbox_id, created_at) VALUES ('t1', 'm', 'now'), ('t2', 'm', 'now');
      INSERT INTO messages (id, seq, dedupe_key, content_hash, subject, date, body_text, thread_id, created_at) VALUES
        ('x', 7, 'mid:<x@y>', 'h1', 'Bewerbung Zqxkoeln', 'now', 'Anbei', 't1', 'now'),
        ('y', 8, 'mid:<y@y>', 'h2', 'Re: Bewerbung Zqxkoeln', 'now', NULL, 't1', 'now'),
        ('z', 9, 'mid:<z@y>', 'h3', 'Zqxbetriebsfeier', 'now', NULL, 't2', 'now');
      INSERT INTO links (message_id, candidate_id, reason, created_at) VALUES ('x', 'c', 'address', 'now');`);
    expect(v10.prepare("SELECT count(*) FROM message_search WHERE message_search MATCH 'zqxbetriebsfeier'").pluck().get()).toBe(1);
    v10.close();

    db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(newestSchemaVersion);
    expect(search('zqxkoeln')).toEqual([7, 8]);
    expect(search('anbei')).toEqual([7]);
    expect(search('zqxbetriebsfeier')).toEqual([]);
    expect(fileHolds('Zqxbetriebsfeier')).toBe(true); // the message row itself keeps its subject
    indexMatchesLinks();
    integrityCheck();
    db.prepare("DELETE FROM messages WHERE id = 'y'").run();
    expect(search('zqxkoeln')).toEqual([7]);
    integrityCheck();
  });
});
