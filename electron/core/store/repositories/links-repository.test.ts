import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NewMessage } from './messages-repository.js';
import { openDatabase } from '../database.js';
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

describe('links', () => {
  it('keep their first reason and refuse unknown rows', () => {
    const { store } = subject;
    const messageId = randomUUID();
    store.messages.insert(message({ id: messageId }));
    const candidateId = seedCandidate(store);
    expect(store.links.insert({ messageId, candidateId, reason: 'address', createdAt })).toBe(true);
    expect(store.links.insert({ messageId, candidateId, reason: 'manual', createdAt })).toBe(false);
    expect(() => store.links.insert({ messageId, candidateId: randomUUID(), reason: 'manual', createdAt })).toThrow(
      expect.objectContaining({ code: 'not-found' }),
    );
  });

  it('name the candidates linked to every stored message with a Message-ID', () => {
    const { store } = subject;
    const anna = seedCandidate(store);
    const bert = seedCandidate(store);
    const first = randomUUID();
    const repeated = randomUUID();
    // The same Message-ID with other content is stored again under its content hash.
    store.messages.insert(message({ id: first, dedupeKey: 'mid:x@example.org', messageIdHeader: 'x@example.org' }));
    store.messages.insert(message({ id: repeated, dedupeKey: `hash:${repeated}`, messageIdHeader: 'x@example.org' }));
    store.links.insert({ messageId: first, candidateId: anna, reason: 'address', createdAt });
    store.links.insert({ messageId: repeated, candidateId: bert, reason: 'address', createdAt });
    expect(store.links.candidatesLinkedTo('x@example.org')).toEqual([anna, bert].sort());
    expect(store.links.candidatesLinkedTo('y@example.org')).toEqual([]);

    expect(store.links.remove(first, anna)).toBe(true);
    expect(store.links.remove(first, anna)).toBe(false);
    expect(store.links.candidatesLinkedTo('x@example.org')).toEqual([bert]);
  });

  it('"not this candidate" removes the link and is remembered by dedupe key, also after the message is gone', () => {
    const { store, file } = subject;
    const recruiter = seedUser(store, 'recruiter');
    const anna = seedCandidate(store);
    const bert = seedCandidate(store);
    const messageId = randomUUID();
    store.messages.insert(message({ id: messageId, dedupeKey: 'mid:wrong@example.org' }));
    store.links.insert({ messageId, candidateId: anna, reason: 'address', createdAt });
    store.links.insert({ messageId, candidateId: bert, reason: 'address', createdAt });

    const exclusion = { dedupeKey: 'mid:wrong@example.org', candidateId: anna, userId: recruiter.id, createdAt };
    expect(store.links.exclude(exclusion)).toBe(true);
    expect(store.links.exclude(exclusion)).toBe(false);
    expect(store.links.excludedCandidates('mid:wrong@example.org')).toEqual([anna]);
    expect(store.links.excludedCandidates('mid:other@example.org')).toEqual([]);
    const db = openDatabase(file);
    try {
      expect(db.prepare('SELECT candidate_id FROM links WHERE message_id = ?').pluck().all(messageId)).toEqual([bert]);
      db.prepare('DELETE FROM messages WHERE id = ?').run(messageId);
    } finally {
      db.close();
    }
    expect(store.links.excludedCandidates('mid:wrong@example.org')).toEqual([anna]);
    // An exclusion may come before the message is stored at all.
    expect(store.links.exclude({ ...exclusion, dedupeKey: 'mid:later@example.org', userId: null })).toBe(false);
    expect(store.links.excludedCandidates('mid:later@example.org')).toEqual([anna]);
    expect(() => store.links.exclude({ ...exclusion, candidateId: randomUUID() })).toThrow(expect.objectContaining({ code: 'not-found' }));
    expect(() => store.links.exclude({ ...exclusion, dedupeKey: 'mid:z@example.org', userId: randomUUID() })).toThrow(
      expect.objectContaining({ code: 'not-found' }),
    );
  });
});
