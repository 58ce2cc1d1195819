import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTempStore, seedMailbox, seedThread, type TempStore } from '../test-support.js';

let subject: TempStore;
let mailboxId: string;
let inbox: string;
let sent: string;
let messageIds: string[];
beforeEach(() => {
  subject = openTempStore();
  const { store } = subject;
  mailboxId = seedMailbox(store, { kind: 'shared' });
  inbox = store.folders.upsert(mailboxId, { path: 'INBOX', name: 'Inbox', role: 'inbox', roleSource: 'inbox-name', scanned: true }).id;
  sent = store.folders.upsert(mailboxId, { path: 'Sent', name: 'Sent', role: 'sent', roleSource: 'special-use', scanned: true }).id;
  messageIds = seedThread(store, mailboxId, [{ date: '2025-03-01T10:00:00Z' }, { date: '2025-03-01T11:00:00Z' }]).messageIds;
});
afterEach(() => subject.dispose());

const imap = (messageId: string, folderId: string, uid: number, uidValidity = 7) => ({
  messageId,
  mailboxId,
  folderId,
  uidValidity,
  uid,
  providerId: null,
});

describe('locations', () => {
  it('are recorded once; one message may live in several folders and after a UIDVALIDITY change', () => {
    const { locations } = subject.store;
    const [message] = messageIds as [string];
    expect(locations.add(imap(message, inbox, 10))).toBe(true);
    expect(locations.add(imap(message, inbox, 10))).toBe(false);
    expect(locations.add(imap(message, sent, 3))).toBe(true);
    expect(locations.add(imap(message, inbox, 1, 8))).toBe(true);
    expect(locations.listFor(message).map(({ folderId, uidValidity, uid }) => ({ folderId, uidValidity, uid }))).toHaveLength(3);

    expect(locations.has(mailboxId, inbox, 7, 10)).toBe(true);
    expect(locations.has(mailboxId, inbox, 8, 10)).toBe(false);
    expect(locations.has(mailboxId, sent, 7, 10)).toBe(false);
    expect(locations.knownUids(mailboxId, inbox, 7, [11, 10, 10, 9])).toEqual([10]);
    expect(locations.knownUids(mailboxId, inbox, 7, [])).toEqual([]);
  });

  it('record a provider id without a folder (Gmail) once', () => {
    const { locations } = subject.store;
    const [message] = messageIds as [string];
    const gmail = { messageId: message, mailboxId, folderId: null, uidValidity: null, uid: null, providerId: '18c2f0a' };
    expect(locations.add(gmail)).toBe(true);
    expect(locations.add(gmail)).toBe(false);
    expect(locations.listFor(message)).toEqual([{ id: expect.any(String), ...gmail }]);
  });

  it('refuse a place recorded for another message, a location naming no place, and unknown rows', () => {
    const { locations } = subject.store;
    const [first, second] = messageIds as [string, string];
    locations.add(imap(first, inbox, 10));
    expect(() => locations.add(imap(second, inbox, 10))).toThrow(expect.objectContaining({ code: 'conflict' }));
    expect(() => locations.add({ ...imap(first, inbox, 11), uidValidity: null })).toThrow(expect.objectContaining({ code: 'invalid-input' }));
    expect(() => locations.add({ ...imap(first, inbox, 11), folderId: null })).toThrow(expect.objectContaining({ code: 'invalid-input' }));
    expect(() => locations.add({ ...imap(first, inbox, 11), uid: null, uidValidity: null })).toThrow(expect.objectContaining({ code: 'invalid-input' }));
    expect(() => locations.add(imap(first, inbox, 0))).toThrow(expect.objectContaining({ code: 'invalid-input' }));
    expect(() => locations.add(imap(first, inbox, 2 ** 32))).toThrow(expect.objectContaining({ code: 'invalid-input' }));
    expect(() => locations.add(imap(randomUUID(), inbox, 12))).toThrow(expect.objectContaining({ code: 'not-found' }));
    expect(() => locations.add(imap(first, randomUUID(), 12))).toThrow(expect.objectContaining({ code: 'not-found' }));
  });
});
