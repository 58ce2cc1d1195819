import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../database.js';
import type { NewMessage } from './messages-repository.js';
import { createdAt, newMessage, openTempStore, seedCandidate, seedMailbox, seedUser, type TempStore } from '../test-support.js';

let subject: TempStore;
let threadId: string;
beforeEach(() => {
  subject = openTempStore();
  threadId = randomUUID();
  subject.store.threads.insert({ id: threadId, mailboxId: seedMailbox(subject.store, { kind: 'shared' }), createdAt });
});
afterEach(() => subject.dispose());

function message(overrides: Partial<NewMessage> = {}): NewMessage {
  return newMessage(threadId, overrides);
}

describe('messages', () => {
  it('get a seq that follows their date, whatever order they arrive in', () => {
    const { messages } = subject.store;
    const late = messages.insert(message({ date: '2025-03-02T00:00:00Z' }));
    const early = messages.insert(message({ date: '2025-03-01T00:00:00Z' }));
    const sameSecondFirst = messages.insert(message({ date: '2025-03-01T12:00:00Z' }));
    const sameSecondSecond = messages.insert(message({ date: '2025-03-01T12:00:00.900Z' }));
    const beforeEpoch = messages.insert(message({ date: '1969-07-20T20:17:00Z' }));
    expect(early).toBeLessThan(sameSecondFirst);
    expect(sameSecondSecond).toBe(sameSecondFirst + 1);
    expect(sameSecondSecond).toBeLessThan(late);
    expect(beforeEpoch).toBeLessThan(early);
    expect(Number.isSafeInteger(messages.insert(message({ date: '9999-12-31T23:59:59Z' })))).toBe(true);
  });

  it('are stored once per dedupe key', () => {
    const { messages } = subject.store;
    messages.insert(message({ dedupeKey: 'mid:<same@example.org>' }));
    expect(() => messages.insert(message({ dedupeKey: 'mid:<same@example.org>' }))).toThrow(
      expect.objectContaining({ code: 'conflict', field: 'dedupeKey' }),
    );
  });

  it('refuse an unknown thread and a date that is no date', () => {
    const { messages } = subject.store;
    expect(() => messages.insert(message({ threadId: randomUUID() }))).toThrow(expect.objectContaining({ code: 'not-found' }));
    expect(() => messages.insert(message({ date: 'yesterday-ish' }))).toThrow(expect.objectContaining({ code: 'invalid-input', field: 'date' }));
  });

  it('are marked read once per user', () => {
    const { store } = subject;
    const user = seedUser(store, 'recruiter');
    const id = randomUUID();
    store.messages.insert(message({ id }));
    store.messages.markRead(user.id, id, createdAt);
    expect(() => store.messages.markRead(user.id, id, createdAt)).not.toThrow();
    expect(() => store.messages.markRead(randomUUID(), id, createdAt)).toThrow(expect.objectContaining({ code: 'not-found' }));
  });

  it('store the subject key subject joining compares, computed from the subject unless given, and INTERNALDATE', () => {
    const { store, file } = subject;
    const computed = randomUUID();
    const given = randomUUID();
    store.messages.insert(message({ id: computed, subject: 'AW: Re[2]:  Vorstellungsgespräch', internalDate: '2025-03-01T10:00:05.000Z' }));
    store.messages.insert(message({ id: given, subject: 'whatever', subjectKey: 'chosen key' }));
    const db = openDatabase(file);
    try {
      const read = db.prepare<[string], { subject_key: string; internal_date: string | null }>('SELECT subject_key, internal_date FROM messages WHERE id = ?');
      expect(read.get(computed)).toEqual({ subject_key: 'vorstellungsgespräch', internal_date: '2025-03-01T10:00:05.000Z' });
      expect(read.get(given)).toEqual({ subject_key: 'chosen key', internal_date: null });
    } finally {
      db.close();
    }
  });

  it('are found by their dedupe key', () => {
    const { messages } = subject.store;
    const id = randomUUID();
    messages.insert(message({ id, dedupeKey: 'mid:anna@example.org', contentHash: 'hash-1' }));
    expect(messages.findByDedupeKey('mid:anna@example.org')).toEqual({ id, threadId, contentHash: 'hash-1', subject: expect.any(String) });
    expect(messages.findByDedupeKey('hash:hash-1')).toBeNull();
  });

  it('take their body after the headers (R2), and search finds it', () => {
    const { store, file } = subject;
    const id = randomUUID();
    store.messages.insert(message({ id }));
    // Linked: only mail in a thread with a candidate is indexed (migration 12).
    store.links.insert({ messageId: id, candidateId: seedCandidate(store), reason: 'address', createdAt });
    store.messages.saveBody(id, { state: 'full', text: 'Anbei zqxlebenslauf', html: null });
    const db = openDatabase(file);
    try {
      expect(db.prepare("SELECT count(*) FROM message_search WHERE message_search MATCH 'zqxlebenslauf'").pluck().get()).toBe(1);
      store.messages.saveBody(id, { state: 'failed' });
      expect(db.prepare('SELECT body_state, body_text FROM messages WHERE id = ?').get(id)).toEqual({ body_state: 'failed', body_text: null });
      expect(db.prepare("SELECT count(*) FROM message_search WHERE message_search MATCH 'zqxlebenslauf'").pluck().get()).toBe(0);
    } finally {
      db.close();
    }
    expect(() => store.messages.saveBody(randomUUID(), { state: 'failed' })).toThrow(expect.objectContaining({ code: 'not-found' }));
  });
});
