import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NewMessage } from './messages-repository.js';
import { createdAt, openTempStore, seedCandidate, seedMailbox, type TempStore } from '../test-support.js';

let subject: TempStore;
let threadId: string;
beforeEach(() => {
  subject = openTempStore();
  threadId = randomUUID();
  subject.store.threads.insert({ id: threadId, mailboxId: seedMailbox(subject.store, { kind: 'shared' }), createdAt });
});
afterEach(() => subject.dispose());

function message(overrides: Partial<NewMessage> = {}): NewMessage {
  const id = randomUUID();
  return {
    id,
    threadId,
    dedupeKey: `mid:<${id}@example.org>`,
    messageIdHeader: `<${id}@example.org>`,
    contentHash: id,
    inReplyTo: null,
    references: [],
    subject: 'Hello',
    from: [{ address: 'anna@example.org' }],
    to: [],
    cc: [],
    bcc: [],
    date: '2025-03-01T10:00:00Z',
    snippet: '',
    hasAttachments: false,
    generatedByHirebox: false,
    createdAt,
    ...overrides,
  };
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
});
