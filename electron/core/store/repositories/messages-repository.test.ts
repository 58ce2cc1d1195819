import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NewMessage } from './messages-repository.js';
import { createdAt, openTempStore, seedMailbox, seedUser, type TempStore } from '../test-support.js';

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
});
