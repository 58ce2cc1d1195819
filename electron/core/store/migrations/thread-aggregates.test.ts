import Sqlite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../database.js';
import { migrations } from './index.js';

// Migration 14: thread aggregates by increments. They must equal a recount after any mix of
// inserts, deletes and moves (what the speed-up buys is a figure: docs/testing.md).

function store(upTo?: number) {
  const db = new Sqlite(':memory:');
  db.pragma('foreign_keys = ON');
  db.function('casefold', { deterministic: true }, (value: unknown) => (typeof value === 'string' ? value.toLowerCase() : null));
  migrate(db, 0, upTo === undefined ? migrations : migrations.filter((step) => step.version <= upTo));
  const now = new Date().toISOString();
  db.prepare(`INSERT INTO users (id, name, email, role, is_owner, created_at) VALUES ('u', 'O', 'o@acme.com', 'admin', 1, ?)`).run(now);
  db.prepare(`INSERT INTO mailboxes (id, address, display_name, provider, kind, owner_user_id, status, created_at) VALUES ('mb', 'o@acme.com', 'O', 'imap', 'personal', 'u', '{"state":"up-to-date"}', ?)`).run(now);
  for (const thread of ['t1', 't2']) db.prepare('INSERT INTO threads (id, mailbox_id, created_at) VALUES (?, ?, ?)').run(thread, 'mb', now);
  const insert = db.prepare(
    `INSERT INTO messages (id, seq, dedupe_key, message_id_header, content_hash, subject, from_json, to_json, date, snippet, body_state, body_text, thread_id, created_at, subject_key, internal_date, attachment_names, has_attachments)
     VALUES (@id, @seq, @key, @key, @key, 'Re: Bewerbung', '[]', '[]', @date, '', 'none', NULL, @thread, @date, 're: bewerbung', @date, '', @attachments)`,
  );
  db.prepare(`INSERT INTO candidates (id, name, created_at) VALUES ('c', 'Anna', ?)`).run(now);
  return {
    db,
    link(id: string) {
      db.prepare(`INSERT INTO links (message_id, candidate_id, reason, created_at) VALUES (?, 'c', 'address', ?)`).run(id, now);
    },
    /** Which messages are in the search index, by the flag and by the index itself. */
    indexed: () => ({
      flagged: db.prepare('SELECT id FROM messages WHERE search_indexed = 1 ORDER BY id').pluck().all(),
      found: db.prepare(`SELECT m.id FROM message_search s JOIN messages m ON m.seq = s.rowid WHERE message_search MATCH 'bewerbung' ORDER BY m.id`).pluck().all(),
    }),
    add(id: string, seq: number, thread: string, attachments: 0 | 1) {
      insert.run({ id, seq, key: `mid:<${id}>`, date: now, thread, attachments });
    },
    aggregates: () => db.prepare('SELECT id, message_count, last_message_seq, has_attachments FROM threads ORDER BY id').all(),
    recount: () =>
      db
        .prepare(
          `SELECT t.id, (SELECT count(*) FROM messages m WHERE m.thread_id = t.id) AS message_count, (SELECT max(m.seq) FROM messages m WHERE m.thread_id = t.id) AS last_message_seq,
             EXISTS (SELECT 1 FROM messages m WHERE m.thread_id = t.id AND m.has_attachments = 1) AS has_attachments FROM threads t ORDER BY t.id`,
        )
        .all(),
  };
}

describe('migration 14: thread aggregates', () => {
  it('equal a recount after inserts in any order and deletes of the newest, the one with an attachment, and the last', () => {
    const s = store();
    s.add('a', 10, 't1', 0);
    s.add('b', 30, 't1', 1);
    s.add('c', 20, 't1', 0);
    s.add('d', 5, 't2', 0);
    expect(s.aggregates()).toEqual(s.recount());
    expect(s.aggregates()[0]).toEqual({ id: 't1', message_count: 3, last_message_seq: 30, has_attachments: 1 });
    s.db.prepare(`DELETE FROM messages WHERE id = 'b'`).run();
    expect(s.aggregates()[0]).toEqual({ id: 't1', message_count: 2, last_message_seq: 20, has_attachments: 0 });
    s.db.prepare(`DELETE FROM messages WHERE id = 'a'`).run();
    s.db.prepare(`DELETE FROM messages WHERE id = 'd'`).run();
    expect(s.aggregates()).toEqual(s.recount());
    expect(s.aggregates()[1]).toEqual({ id: 't2', message_count: 0, last_message_seq: null, has_attachments: 0 });
    s.db.prepare(`UPDATE messages SET thread_id = 't2' WHERE id = 'c'`).run();
    expect(s.aggregates()).toEqual(s.recount());
  });

  it('equal a recount after a whole thread moves, and after seq and attachments change within a thread', () => {
    const s = store();
    for (let index = 0; index < 40; index++) s.add(`m${index}`, 100 + index, index < 30 ? 't1' : 't2', index % 9 === 0 ? 1 : 0);
    s.db.prepare(`UPDATE messages SET thread_id = 't2' WHERE thread_id = 't1'`).run();
    expect(s.aggregates()).toEqual(s.recount());
    expect(s.aggregates()).toEqual([
      { id: 't1', message_count: 0, last_message_seq: null, has_attachments: 0 },
      { id: 't2', message_count: 40, last_message_seq: 139, has_attachments: 1 },
    ]);
    s.db.prepare(`UPDATE messages SET seq = 500 WHERE id = 'm3'`).run();
    s.db.prepare(`UPDATE messages SET seq = 50 WHERE id = 'm3'`).run();
    s.db.prepare(`UPDATE messages SET has_attachments = 0 WHERE has_attachments = 1`).run();
    expect(s.aggregates()).toEqual(s.recount());
    expect(s.aggregates()[1]).toEqual({ id: 't2', message_count: 40, last_message_seq: 139, has_attachments: 0 });
    s.db.prepare(`UPDATE messages SET has_attachments = 1 WHERE id = 'm7'`).run();
    expect(s.aggregates()[1]).toMatchObject({ has_attachments: 1 });
  });

  it('keep the search index to the threads with a link through inserts, moves, unlinks and deletes', () => {
    const s = store();
    s.add('a', 1, 't1', 0);
    s.add('b', 2, 't1', 0);
    s.add('x', 3, 't2', 0);
    expect(s.indexed()).toEqual({ flagged: [], found: [] });
    s.link('b');
    expect(s.indexed()).toEqual({ flagged: ['a', 'b'], found: ['a', 'b'] });
    // Joins a thread with a link: indexed at once; the thread left behind without one leaves.
    s.add('c', 4, 't1', 0);
    s.db.prepare(`UPDATE messages SET thread_id = 't1' WHERE id = 'x'`).run();
    expect(s.indexed()).toEqual({ flagged: ['a', 'b', 'c', 'x'], found: ['a', 'b', 'c', 'x'] });
    s.db.prepare(`UPDATE messages SET thread_id = 't2' WHERE id IN ('a', 'c')`).run();
    expect(s.indexed()).toEqual({ flagged: ['b', 'x'], found: ['b', 'x'] });
    s.link('a');
    expect(s.indexed()).toEqual({ flagged: ['a', 'b', 'c', 'x'], found: ['a', 'b', 'c', 'x'] });
    s.db.prepare(`DELETE FROM links WHERE message_id = 'b'`).run();
    expect(s.indexed()).toEqual({ flagged: ['a', 'c'], found: ['a', 'c'] });
    // The linked message goes (its link by cascade): the rest of its thread leaves the index.
    s.db.prepare(`DELETE FROM messages WHERE id = 'a'`).run();
    expect(s.indexed()).toEqual({ flagged: [], found: [] });
    expect(s.aggregates()).toEqual(s.recount());
  });
});
