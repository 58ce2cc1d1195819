import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assignThread, subjectJoinWindowMs, type ThreadAssignment, type ThreadLookup } from '../../domain/threading.js';
import type { Database } from '../database.js';
import { openDatabase } from '../database.js';
import { createdAt, openTempStore, seedCandidate, seedJob, seedMailbox, seedUser, type TempStore } from '../test-support.js';

// The store side of threading, driven by the domain's own `assignThread` wherever a
// scenario allows: what the sync service will do, message by message.

let subject: TempStore;
let db: Database;
let mailboxId: string;
beforeEach(() => {
  subject = openTempStore();
  // A second connection for checks no repository offers.
  db = openDatabase(subject.file);
  mailboxId = seedMailbox(subject.store, { kind: 'shared' });
});
afterEach(() => {
  db.close();
  subject.dispose();
});

interface Mail {
  /** Normalised Message-ID; null for a mail without one. */
  header: string | null;
  references?: string[];
  inReplyTo?: string[];
  subject?: string;
  date?: string;
  isForward?: boolean;
  candidateIds?: string[];
  generatedByHirebox?: boolean;
}

interface Placed {
  messageId: string;
  threadId: string;
  assignment: ThreadAssignment;
}

/** What the sync service does for one mail: assign (domain), then store in one transaction. */
function place(mail: Mail): Placed {
  const { store } = subject;
  const date = mail.date ?? '2025-03-01T10:00:00Z';
  const candidateIds = mail.candidateIds ?? [];
  const assignment = assignThread(
    {
      messageId: mail.header,
      references: mail.references ?? [],
      inReplyTo: mail.inReplyTo ?? [],
      subject: mail.subject ?? 'Your application',
      date: new Date(date),
      isForward: mail.isForward ?? false,
      candidateIds,
    },
    store.threadNodes,
  );
  const messageId = randomUUID();
  const threadId = store.threadNodes.apply(assignment, { mailboxId, messageId, messageIdHeader: mail.header, createdAt }, (threadId) => {
    store.messages.insert({
      id: messageId,
      threadId,
      dedupeKey: mail.header === null ? `hash:${messageId}` : `mid:${mail.header}`,
      messageIdHeader: mail.header,
      contentHash: messageId,
      inReplyTo: mail.inReplyTo?.[0] ?? null,
      references: mail.references ?? [],
      subject: mail.subject ?? 'Your application',
      from: [{ address: 'anna@example.org' }],
      to: [{ address: 'jobs@acme.com' }],
      cc: [],
      bcc: [],
      date,
      snippet: '',
      hasAttachments: false,
      generatedByHirebox: mail.generatedByHirebox ?? false,
      createdAt,
    });
    for (const candidateId of candidateIds) store.links.insert({ messageId, candidateId, reason: 'address', createdAt });
  });
  return { messageId, threadId, assignment };
}

function threadOf(messageId: string): string {
  return db.prepare<[string], string>('SELECT thread_id FROM messages WHERE id = ?').pluck().get(messageId)!;
}

function threadRow(threadId: string): { message_count: number; mailbox_id: string } | undefined {
  return db.prepare<[string], { message_count: number; mailbox_id: string }>('SELECT message_count, mailbox_id FROM threads WHERE id = ?').get(threadId);
}

function nodeMessage(header: string): string | null | undefined {
  return db.prepare<[string], string | null>('SELECT message_id FROM thread_nodes WHERE message_id_header = ?').pluck().get(header);
}

describe('thread nodes as the domain’s ThreadLookup', () => {
  it('satisfy the interface and map columns: placeholder = no message, cut = is_forward', () => {
    const lookup: ThreadLookup = subject.store.threadNodes;
    expect(lookup.node('nobody@example.org')).toBeNull();
    const reply = place({ header: 'reply@example.org', references: ['lost@example.org'] });
    expect(lookup.node('reply@example.org')).toEqual({ threadId: reply.threadId, parentId: 'lost@example.org', placeholder: false, cut: false });
    expect(lookup.node('lost@example.org')).toEqual({ threadId: reply.threadId, parentId: null, placeholder: true, cut: false });
    const forward = place({ header: 'fwd@example.org', references: ['reply@example.org'], subject: 'WG: CV', isForward: true });
    expect(lookup.node('fwd@example.org')).toEqual({ threadId: forward.threadId, parentId: null, placeholder: false, cut: true });
  });
});

describe('placing a message', () => {
  it('starts a new thread in the mailbox it was found in, with the message’s own node', () => {
    const placed = place({ header: 'first@example.org' });
    expect(placed.assignment.thread).toEqual({ kind: 'new' });
    expect(threadOf(placed.messageId)).toBe(placed.threadId);
    expect(threadRow(placed.threadId)).toEqual({ message_count: 1, mailbox_id: mailboxId });
    expect(nodeMessage('first@example.org')).toBe(placed.messageId);
  });

  it('joins the thread of a stored parent', () => {
    const first = place({ header: 'first@example.org' });
    const reply = place({ header: 'reply@example.org', inReplyTo: ['first@example.org'] });
    expect(reply.assignment.joinedBy).toBe('references');
    expect(reply.threadId).toBe(first.threadId);
    expect(threadRow(first.threadId)?.message_count).toBe(2);
    expect(subject.store.threadNodes.node('reply@example.org')?.parentId).toBe('first@example.org');
  });

  it('keeps placeholders for unstored ancestors, so two replies to one share its thread; the ancestor fills its placeholder', () => {
    const one = place({ header: 'one@example.org', references: ['root@example.org', 'lost@example.org'] });
    const two = place({ header: 'two@example.org', references: ['root@example.org', 'lost@example.org'] });
    expect(two.threadId).toBe(one.threadId);
    expect(nodeMessage('lost@example.org')).toBeNull();
    expect(nodeMessage('root@example.org')).toBeNull();
    expect(subject.store.threadNodes.node('lost@example.org')).toMatchObject({ parentId: 'root@example.org', placeholder: true });

    const lost = place({ header: 'lost@example.org', references: ['root@example.org'] });
    expect(lost.assignment.joinedBy).toBe('references');
    expect(lost.threadId).toBe(one.threadId);
    expect(nodeMessage('lost@example.org')).toBe(lost.messageId);
    expect(threadRow(one.threadId)?.message_count).toBe(3);
  });

  it('keeps a stored ancestor’s message when a later mail gives it a parent', () => {
    const parent = place({ header: 'parent@example.org' });
    const child = place({ header: 'child@example.org', references: ['grand@example.org', 'parent@example.org'] });
    expect(child.threadId).toBe(parent.threadId);
    expect(subject.store.threadNodes.node('parent@example.org')).toEqual({
      threadId: parent.threadId,
      parentId: 'grand@example.org',
      placeholder: false,
      cut: false,
    });
    expect(nodeMessage('parent@example.org')).toBe(parent.messageId);
  });

  it('merges two threads that a late mail links, with their messages, into the older one', () => {
    const a = place({ header: 'a@example.org', references: ['x@example.org'] });
    const b = place({ header: 'b@example.org', references: ['y@example.org'] });
    expect(b.threadId).not.toBe(a.threadId);
    const user = seedUser(subject.store, 'recruiter');
    const outboxId = randomUUID();
    db.prepare(
      "INSERT INTO outbox_items (id, message_id_header, mailbox_id, author_user_id, thread_id, state, created_at, updated_at) VALUES (?, 'out@hirebox', ?, ?, ?, 'queued', 'now', 'now')",
    ).run(outboxId, mailboxId, user.id, b.threadId);

    const y = place({ header: 'y@example.org', references: ['x@example.org'] });
    expect(y.assignment.mergeThreadIds).toEqual([b.threadId]);
    expect(y.threadId).toBe(a.threadId);
    expect([threadOf(a.messageId), threadOf(b.messageId), threadOf(y.messageId)]).toEqual([a.threadId, a.threadId, a.threadId]);
    expect(threadRow(b.threadId)).toBeUndefined();
    expect(threadRow(a.threadId)?.message_count).toBe(3);
    for (const header of ['a@example.org', 'b@example.org', 'x@example.org', 'y@example.org']) {
      expect(subject.store.threadNodes.node(header)?.threadId, header).toBe(a.threadId);
    }
    expect(db.prepare('SELECT thread_id FROM outbox_items WHERE id = ?').pluck().get(outboxId)).toBe(a.threadId);
  });

  it('R6: a forward that arrives after a reply to it takes the reply into its own thread', () => {
    const original = place({ header: 'original@example.org', subject: 'CV Anna' });
    const reply = place({ header: 'reply@example.org', references: ['original@example.org', 'fwd@example.org'], subject: 'AW: WG: CV Anna' });
    expect(reply.threadId).toBe(original.threadId);

    const forward = place({ header: 'fwd@example.org', references: ['original@example.org'], subject: 'WG: CV Anna', isForward: true });
    expect(forward.assignment).toMatchObject({ thread: { kind: 'new' }, detachSubtreeOf: 'fwd@example.org' });
    expect(forward.threadId).not.toBe(original.threadId);
    expect(threadOf(reply.messageId)).toBe(forward.threadId);
    expect(threadOf(original.messageId)).toBe(original.threadId);
    expect(subject.store.threadNodes.node('fwd@example.org')).toEqual({ threadId: forward.threadId, parentId: null, placeholder: false, cut: true });
    expect(subject.store.threadNodes.node('reply@example.org')).toMatchObject({ threadId: forward.threadId, parentId: 'fwd@example.org' });
    expect(threadRow(original.threadId)?.message_count).toBe(1);
    expect(threadRow(forward.threadId)?.message_count).toBe(2);
  });

  it('R6: a detach that leaves only placeholders behind removes that thread', () => {
    const reply = place({ header: 'reply@example.org', references: ['original@example.org', 'fwd@example.org'] });
    const forward = place({ header: 'fwd@example.org', references: ['original@example.org'], subject: 'Fwd: CV', isForward: true });
    expect(threadOf(reply.messageId)).toBe(forward.threadId);
    expect(threadRow(reply.threadId)).toBeUndefined();
    expect(subject.store.threadNodes.node('original@example.org')).toBeNull();
  });

  it('gives a message stored already its thread back and writes nothing', () => {
    const first = place({ header: 'first@example.org' });
    const again = assignThread(
      { messageId: 'first@example.org', references: [], inReplyTo: [], subject: 'x', date: new Date(), isForward: false, candidateIds: [] },
      subject.store.threadNodes,
    );
    expect(again.joinedBy).toBe('already-stored');
    expect(subject.store.threadNodes.prepareThread(again, { mailboxId, createdAt })).toBe(first.threadId);
    expect(db.prepare('SELECT count(*) FROM threads').pluck().get()).toBe(1);
  });

  it('joins by subject only for the same candidate within 14 days', () => {
    const jobId = seedJob(subject.store);
    const anna = seedCandidate(subject.store, { jobIds: [jobId] });
    const bert = seedCandidate(subject.store, { jobIds: [jobId] });
    const first = place({ header: 'first@example.org', subject: 'Interview Tuesday', date: '2025-03-01T10:00:00Z', candidateIds: [anna] });
    const reply = place({ header: null, subject: 'AW: Interview  tuesday', date: '2025-03-10T10:00:00Z', candidateIds: [anna] });
    expect(reply.assignment.joinedBy).toBe('subject');
    expect(reply.threadId).toBe(first.threadId);
    expect(place({ header: null, subject: 'Re: Interview Tuesday', date: '2025-03-10T10:00:00Z', candidateIds: [bert] }).threadId).not.toBe(first.threadId);
    expect(place({ header: null, subject: 'Re: Interview Tuesday', date: '2025-04-01T10:00:00Z', candidateIds: [anna] }).threadId).not.toBe(first.threadId);
  });

  it('stores nothing of a placement whose message cannot be stored', () => {
    const assignment: ThreadAssignment = {
      thread: { kind: 'new' },
      joinedBy: 'none',
      nodes: [{ messageId: 'own@example.org', parentId: 'lost@example.org', placeholder: false, cut: false }],
      mergeThreadIds: [],
      detachSubtreeOf: null,
    };
    const context = { mailboxId, messageId: randomUUID(), messageIdHeader: 'own@example.org', createdAt };
    expect(() =>
      subject.store.threadNodes.apply(assignment, context, () => {
        throw new Error('fetch failed');
      }),
    ).toThrow('fetch failed');
    // The message row is missing: its node cannot point to it.
    expect(() => subject.store.threadNodes.apply(assignment, context, () => undefined)).toThrow(expect.objectContaining({ code: 'not-found' }));
    expect(() => subject.store.threadNodes.apply(assignment, context, (() => Promise.resolve()) as () => void)).toThrow(
      expect.objectContaining({ code: 'internal' }),
    );
    expect(db.prepare('SELECT count(*) FROM threads').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM thread_nodes').pluck().get()).toBe(0);
  });

  it('refuses an existing or merged thread that is not stored', () => {
    const existing: ThreadAssignment = { thread: { kind: 'existing', threadId: randomUUID() }, joinedBy: 'references', nodes: [], mergeThreadIds: [], detachSubtreeOf: null };
    expect(() => subject.store.threadNodes.prepareThread(existing, { mailboxId, createdAt })).toThrow(expect.objectContaining({ code: 'not-found' }));
    const first = place({ header: 'first@example.org' });
    const merge: ThreadAssignment = { ...existing, thread: { kind: 'existing', threadId: first.threadId }, mergeThreadIds: [randomUUID()] };
    expect(() => subject.store.threadNodes.prepareThread(merge, { mailboxId, createdAt })).toThrow(expect.objectContaining({ code: 'not-found' }));
    const unknownMailbox: ThreadAssignment = { ...existing, thread: { kind: 'new' } };
    expect(() => subject.store.threadNodes.prepareThread(unknownMailbox, { mailboxId: randomUUID(), createdAt })).toThrow(
      expect.objectContaining({ code: 'not-found' }),
    );
  });
});

describe('threadsWithSubject', () => {
  it('finds threads of the candidate with that key within the window, one per thread, nearest first', () => {
    const anna = seedCandidate(subject.store);
    const bert = seedCandidate(subject.store);
    const near = place({ header: 'near@example.org', subject: 'Re: Interview', date: '2025-03-10T09:00:00Z', candidateIds: [anna] });
    place({ header: 'near2@example.org', inReplyTo: ['near@example.org'], subject: 'Interview', date: '2025-03-05T09:00:00Z', candidateIds: [anna] });
    // References of their own keep these in threads of their own (no subject joining).
    const edge = place({ header: 'edge@example.org', references: ['edge-root@example.org'], subject: 'Interview', date: '2025-02-25T10:00:00Z', candidateIds: [anna] });
    place({ header: 'outside@example.org', references: ['outside-root@example.org'], subject: 'Interview', date: '2025-02-25T09:59:59Z', candidateIds: [anna] });
    place({ header: 'bert@example.org', subject: 'Interview', date: '2025-03-11T10:00:00Z', candidateIds: [bert] });
    place({ header: 'other@example.org', subject: 'Offer', date: '2025-03-11T10:00:00Z', candidateIds: [anna] });

    const around = new Date('2025-03-11T10:00:00Z');
    expect(subject.store.threadNodes.threadsWithSubject(anna, 'interview', around)).toEqual([
      { threadId: near.threadId, messageDate: new Date('2025-03-10T09:00:00Z') },
      { threadId: edge.threadId, messageDate: new Date('2025-02-25T10:00:00Z') },
    ]);
    expect(subject.store.threadNodes.threadsWithSubject(anna, 'interview', around, 2 * 24 * 60 * 60 * 1000).map((match) => match.threadId)).toEqual([
      near.threadId,
    ]);
    expect(subject.store.threadNodes.threadsWithSubject(anna, '', around)).toEqual([]);
    expect(subject.store.threadNodes.threadsWithSubject(anna, 'interview', new Date(Number.NaN))).toEqual([]);
    expect(subjectJoinWindowMs).toBe(14 * 24 * 60 * 60 * 1000);
  });

  it('is answered from the subject key index', () => {
    const plan = db
      .prepare<[], { detail: string }>(
        `EXPLAIN QUERY PLAN SELECT m.thread_id FROM messages m JOIN links l ON l.message_id = m.id AND l.candidate_id = 'c'
         WHERE m.subject_key = 'k' AND m.subject_key <> '' AND m.seq BETWEEN 1 AND 2`,
      )
      .all()
      .map((row) => row.detail)
      .join('\n');
    expect(plan).toMatch(/SEARCH m USING INDEX messages_by_subject_key \(subject_key=\? AND seq>\? AND seq<\?\)/);
  });
});

describe('isHireboxThread (R5)', () => {
  it('holds for a Message-ID Hirebox chose and for every node of a thread holding one', () => {
    const { threadNodes } = subject.store;
    const user = seedUser(subject.store, 'recruiter');
    db.prepare(
      "INSERT INTO outbox_items (id, message_id_header, mailbox_id, author_user_id, state, created_at, updated_at) VALUES (?, 'sent@hirebox.local', ?, ?, 'accepted', 'now', 'now')",
    ).run(randomUUID(), mailboxId, user.id);
    expect(threadNodes.isHireboxThread('sent@hirebox.local')).toBe(true);

    // A reply to the outbox mail, which is not stored: the placeholder carries its id.
    place({ header: 'reply@example.org', inReplyTo: ['sent@hirebox.local'] });
    place({ header: 'reply2@example.org', inReplyTo: ['reply@example.org'] });
    expect(threadNodes.isHireboxThread('reply2@example.org')).toBe(true);

    // A thread holding a stored message marked generated.
    place({ header: 'ours@hirebox.local', generatedByHirebox: true });
    place({ header: 'answer@example.org', references: ['ours@hirebox.local', 'between@example.org'] });
    expect(threadNodes.isHireboxThread('answer@example.org')).toBe(true);
    expect(threadNodes.isHireboxThread('between@example.org')).toBe(true);

    place({ header: 'plain@example.org' });
    expect(threadNodes.isHireboxThread('plain@example.org')).toBe(false);
    expect(threadNodes.isHireboxThread('unknown@example.org')).toBe(false);
  });
});

describe('R3 with placed threads', () => {
  it('deletes a candidate’s forward thread with its nodes, and keeps a placeholder another stored message still needs', () => {
    const { store } = subject;
    const anna = seedCandidate(store);
    const bert = seedCandidate(store);
    const forward = place({ header: 'fwd@example.org', subject: 'WG: CV', isForward: true, candidateIds: [anna] });
    const annas = place({ header: 'anna@example.org', references: ['root@example.org'], candidateIds: [anna] });
    const berts = place({ header: 'bert@example.org', references: ['root@example.org', 'anna@example.org'], candidateIds: [bert] });

    const removal = store.deletion.deleteCandidate(anna);
    expect(removal?.deletedMessageIds.sort()).toEqual([forward.messageId, annas.messageId].sort());
    expect(removal?.deletedThreadIds).toEqual([forward.threadId]);
    expect(store.threadNodes.node('fwd@example.org')).toBeNull();
    // Bert's reply still hangs under Anna's former message, now a placeholder.
    expect(store.threadNodes.node('anna@example.org')).toEqual({ threadId: berts.threadId, parentId: 'root@example.org', placeholder: true, cut: false });
    expect(store.messages.findByDedupeKey('mid:bert@example.org')).toMatchObject({ id: berts.messageId, threadId: berts.threadId, contentHash: berts.messageId });
  });
});
