import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { roles, stages, type LinkReason } from '../../../../shared/model.js';
import { outboxStates } from '../../../../shared/status.js';
import type { Database } from '../database.js';
import { openDatabase } from '../database.js';
import { threadListSql } from '../repositories/threads-repository.js';
import { Store } from '../store.js';
import { makeTempFolder, seedCandidate, seedJob, seedMailbox, seedThread, seedUser, type TempFolder } from '../test-support.js';

// Raw SQL is fine here: these tests check the schema itself, under the repositories.

let temp: TempFolder;
let store: Store;
let db: Database;
beforeEach(() => {
  temp = makeTempFolder();
  const file = `${temp.folder}/hirebox.db`;
  store = Store.open(file);
  // A second connection to the same file, for statements no repository offers.
  db = openDatabase(file);
});
afterEach(() => {
  db.close();
  store.close();
  temp.remove();
});

const now = '2025-03-01T09:00:00.000Z';
const linkReasons = ['address', 'reply-chain', 'forward', 'manual', 'sample'] as const satisfies readonly LinkReason[];

function count(table: string, where = '1'): number {
  return db.prepare<[], number>(`SELECT count(*) FROM ${table} WHERE ${where}`).pluck().get()!;
}

describe('enum CHECK constraints', () => {
  it('accept exactly the roles of shared/model.ts', () => {
    const insert = db.prepare("INSERT INTO users (id, name, email, role, created_at) VALUES (?, 'n', ?, ?, 'now')");
    for (const role of roles) expect(() => insert.run(randomUUID(), `${role}@acme.com`, role)).not.toThrow();
    expect(() => insert.run(randomUUID(), 'x@acme.com', 'owner')).toThrow(/CHECK/);
  });

  it('accept exactly the stages of shared/model.ts', () => {
    const candidateId = seedCandidate(store);
    const insert = db.prepare("INSERT INTO applications (id, candidate_id, job_id, stage, created_at) VALUES (?, ?, ?, ?, 'now')");
    for (const stage of stages) expect(() => insert.run(randomUUID(), candidateId, seedJob(store), stage)).not.toThrow();
    expect(() => insert.run(randomUUID(), candidateId, seedJob(store), 'ghosted')).toThrow(/CHECK/);
  });

  it('accept exactly the outbox states of shared/status.ts', () => {
    const user = seedUser(store, 'recruiter');
    const mailboxId = seedMailbox(store, { ownerUserId: user.id });
    const insert = db.prepare(
      "INSERT INTO outbox_items (id, message_id_header, mailbox_id, author_user_id, state, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'now', 'now')",
    );
    for (const state of outboxStates) {
      expect(() => insert.run(randomUUID(), `<${randomUUID()}@hirebox>`, mailboxId, user.id, state)).not.toThrow();
    }
    expect(() => insert.run(randomUUID(), '<x@hirebox>', mailboxId, user.id, 'sent')).toThrow(/CHECK/);
  });

  it('accept exactly the link reasons of shared/model.ts', () => {
    const mailboxId = seedMailbox(store, { kind: 'shared' });
    const { messageIds } = seedThread(store, mailboxId, [{ date: now }]);
    const insert = db.prepare("INSERT INTO links (message_id, candidate_id, reason, created_at) VALUES (?, ?, ?, 'now')");
    for (const reason of linkReasons) expect(() => insert.run(messageIds[0], seedCandidate(store), reason)).not.toThrow();
    expect(() => insert.run(messageIds[0], seedCandidate(store), 'subject')).toThrow(/CHECK/);
  });
});

describe('integrity', () => {
  it('enforces foreign keys', () => {
    expect(() => db.prepare("INSERT INTO job_team (job_id, user_id) VALUES ('no-job', 'no-user')").run()).toThrow(/FOREIGN KEY/);
  });

  it('holds one workspace, one owner and one company inbox at most', () => {
    store.workspace.create({ id: randomUUID(), name: 'Acme', domains: ['acme.com'], createdAt: now });
    expect(() => db.prepare("INSERT INTO workspace (id, name, created_at) VALUES ('w2', 'Other', 'now')").run()).toThrow(/UNIQUE/);
    const insertOwner = db.prepare("INSERT INTO users (id, name, email, role, is_owner, created_at) VALUES (?, 'o', ?, 'admin', 1, 'now')");
    insertOwner.run('u1', 'o1@acme.com');
    expect(() => insertOwner.run('u2', 'o2@acme.com')).toThrow(/UNIQUE/);
    const setCompanyInbox = db.prepare('UPDATE mailboxes SET is_company_inbox = 1 WHERE id = ?');
    setCompanyInbox.run(seedMailbox(store, { kind: 'shared' }));
    expect(() => setCompanyInbox.run(seedMailbox(store, { kind: 'shared' }))).toThrow(/UNIQUE/);
  });

  it('refuses members on a personal mailbox', () => {
    const user = seedUser(store, 'recruiter');
    const personal = seedMailbox(store, { ownerUserId: user.id });
    expect(() => db.prepare('INSERT INTO shared_mailbox_members (mailbox_id, user_id) VALUES (?, ?)').run(personal, user.id)).toThrow(
      /shared mailbox/,
    );
  });

  it('R3: deleting a candidate row takes their addresses, applications, links, exclusions, drafts and outbox items', () => {
    const user = seedUser(store, 'recruiter');
    const mailboxId = seedMailbox(store, { ownerUserId: user.id });
    const jobId = seedJob(store);
    const anna = seedCandidate(store, { name: 'Anna', jobIds: [jobId], addresses: ['anna@example.org', 'anna@private.example'] });
    const bert = seedCandidate(store, { name: 'Bert', jobIds: [jobId] });
    const { messageIds } = seedThread(store, mailboxId, [{ date: now, links: [{ candidateId: anna }, { candidateId: bert }] }]);
    db.prepare("INSERT INTO link_exclusions (dedupe_key, candidate_id, created_at) VALUES ('mid:<x@y>', ?, 'now')").run(anna);
    db.prepare("INSERT INTO drafts (id, author_user_id, candidate_id, created_at, updated_at) VALUES ('d1', ?, ?, 'now', 'now')").run(user.id, anna);
    db.prepare(
      "INSERT INTO outbox_items (id, message_id_header, mailbox_id, author_user_id, candidate_id, state, created_at, updated_at) VALUES ('o1', '<o1@hirebox>', ?, ?, ?, 'queued', 'now', 'now')",
    ).run(mailboxId, user.id, anna);

    expect(store.deletion.deleteCandidate(anna)).not.toBeNull();

    expect(count('candidate_addresses', `candidate_id = '${anna}'`)).toBe(0);
    expect(count('applications', `candidate_id = '${anna}'`)).toBe(0);
    expect(count('links', `candidate_id = '${anna}'`)).toBe(0);
    expect(count('link_exclusions')).toBe(0);
    expect(count('drafts')).toBe(0);
    expect(count('outbox_items')).toBe(0);
    // The other candidate's link, and the message itself, are the deletion service's call.
    expect(count('links', `candidate_id = '${bert}'`)).toBe(1);
    expect(count('messages', `id = '${messageIds[0]}'`)).toBe(1);
    expect(store.deletion.deleteCandidate(anna)).toBeNull();
  });
});

describe('full-text search', () => {
  it('has FTS5 secure-delete turned on', () => {
    const config = db.prepare<[], { k: string; v: unknown }>('SELECT k, v FROM message_search_config').all();
    expect(config).toContainEqual({ k: 'secure-delete', v: 1 });
  });

  function search(query: string): number[] {
    return db.prepare<[string], number>('SELECT rowid FROM message_search WHERE message_search MATCH ? ORDER BY rowid').pluck().all(query);
  }

  it('follows messages by trigger: subject, body, addresses and prefixes, gone once deleted', () => {
    const mailboxId = seedMailbox(store, { kind: 'shared' });
    const { messageIds } = seedThread(store, mailboxId, [
      // Linked: only mail in a thread with a candidate is indexed (migration 12).
      { date: now, subject: 'Interview Donnerstag', body: 'Grüße aus Köln', from: [{ name: 'Zoë Quandt', address: 'zoe@quandt.example' }], links: [{ candidateId: seedCandidate(store) }] },
    ]);
    const seq = db.prepare<[string], number>('SELECT seq FROM messages WHERE id = ?').pluck().get(messageIds[0]!)!;
    expect(search('donnerstag')).toEqual([seq]);
    expect(search('koln')).toEqual([seq]); // diacritics removed
    expect(search('addresses:quandt')).toEqual([seq]);
    expect(search('zoe')).toEqual([seq]);
    expect(search('inter*')).toEqual([seq]);

    db.prepare("UPDATE messages SET subject = 'Absage' WHERE id = ?").run(messageIds[0]);
    expect(search('donnerstag')).toEqual([]);
    expect(search('absage')).toEqual([seq]);

    db.prepare('DELETE FROM links WHERE message_id = ?').run(messageIds[0]);
    db.prepare('DELETE FROM messages WHERE id = ?').run(messageIds[0]);
    expect(search('absage')).toEqual([]);
    expect(search('quandt')).toEqual([]);
  });
});

describe('threads', () => {
  it('keep their counts and newest message by trigger', () => {
    const mailboxId = seedMailbox(store, { kind: 'shared' });
    const { threadId, messageIds } = seedThread(store, mailboxId, [
      { date: '2025-03-02T10:00:00Z' },
      { date: '2025-03-01T10:00:00Z', hasAttachments: true },
    ]);
    const thread = () =>
      db.prepare<[string], { message_count: number; has_attachments: number; last: string | null }>(
        'SELECT message_count, has_attachments, (SELECT id FROM messages WHERE seq = t.last_message_seq) AS last FROM threads t WHERE id = ?',
      ).get(threadId);
    expect(thread()).toEqual({ message_count: 2, has_attachments: 1, last: messageIds[0] });
    db.prepare('DELETE FROM messages WHERE id = ?').run(messageIds[1]);
    expect(thread()).toEqual({ message_count: 1, has_attachments: 0, last: messageIds[0] });
  });

  it('are listed newest first from an index, without sorting the whole table', () => {
    for (const variant of [
      { byMailbox: false, afterCursor: false },
      { byMailbox: false, afterCursor: true },
      { byMailbox: true, afterCursor: false },
      { byMailbox: true, afterCursor: true },
    ]) {
      const plan = db
        .prepare<Record<string, unknown>, { detail: string }>(`EXPLAIN QUERY PLAN ${threadListSql(variant)}`)
        .all({ scopeAll: 0, scopeUserId: 'u', viewerUserId: 'u', fetch: 51, mailboxId: 'm', beforeSeq: 1 })
        .map((row) => row.detail)
        .join('\n');
      expect(plan).toMatch(variant.byMailbox ? /threads_by_mailbox_newest/ : /threads_newest/);
      expect(plan).not.toMatch(/TEMP B-TREE FOR ORDER BY/);
    }
  });
});
