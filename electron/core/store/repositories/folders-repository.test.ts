import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTempStore, seedMailbox, type TempStore } from '../test-support.js';

let subject: TempStore;
let mailboxId: string;
beforeEach(() => {
  subject = openTempStore();
  mailboxId = seedMailbox(subject.store, { kind: 'shared' });
});
afterEach(() => subject.dispose());

describe('folders (R9)', () => {
  it('are added once per path; a second upsert updates them and keeps id and cursor', () => {
    const { folders } = subject.store;
    const sent = folders.upsert(mailboxId, { path: 'INBOX.Gesendet', name: 'Gesendet', role: 'sent', roleSource: 'well-known-name-under-inbox', scanned: true });
    expect(sent).toEqual({
      id: expect.any(String),
      mailboxId,
      path: 'INBOX.Gesendet',
      name: 'Gesendet',
      role: 'sent',
      roleSource: 'well-known-name-under-inbox',
      scanned: true,
      uidValidity: null,
      cursor: null,
    });
    folders.saveCursor(sent.id, { uidValidity: 1_700_000_000, cursor: '{"uidNext":42}' });

    const again = folders.upsert(mailboxId, { path: 'INBOX.Gesendet', name: 'Sent', role: 'sent', roleSource: 'special-use', scanned: true });
    expect(again).toEqual({ ...sent, name: 'Sent', roleSource: 'special-use', uidValidity: 1_700_000_000, cursor: '{"uidNext":42}' });
    expect(folders.get(sent.id)).toEqual(again);
    expect(folders.list(mailboxId)).toHaveLength(1);
  });

  it('are listed scanned first, then inbox, sent and custom, then by path; per mailbox', () => {
    const { folders } = subject.store;
    const other = seedMailbox(subject.store, { kind: 'shared' });
    folders.upsert(other, { path: 'INBOX', name: 'Inbox', role: 'inbox', roleSource: 'inbox-name', scanned: true });
    const archive = folders.upsert(mailboxId, { path: 'Archive', name: 'Archive', role: 'custom', roleSource: null, scanned: false });
    const applications = folders.upsert(mailboxId, { path: 'Bewerbungen', name: 'Bewerbungen', role: 'custom', roleSource: 'user', scanned: true });
    const sent = folders.upsert(mailboxId, { path: 'Sent', name: 'Sent', role: 'sent', roleSource: 'special-use', scanned: true });
    const inbox = folders.upsert(mailboxId, { path: 'INBOX', name: 'Inbox', role: 'inbox', roleSource: 'inbox-name', scanned: true });
    expect(folders.list(mailboxId).map((folder) => folder.id)).toEqual([inbox.id, sent.id, applications.id, archive.id]);

    folders.setScanned(archive.id, true);
    folders.setScanned(applications.id, false);
    expect(folders.list(mailboxId).map((folder) => folder.id)).toEqual([inbox.id, sent.id, archive.id, applications.id]);
  });

  it('refuse an unknown mailbox or folder', () => {
    const { folders } = subject.store;
    expect(() => folders.upsert(randomUUID(), { path: 'INBOX', name: 'Inbox', role: 'inbox', roleSource: null, scanned: true })).toThrow(
      expect.objectContaining({ code: 'not-found' }),
    );
    expect(folders.get(randomUUID())).toBeNull();
    expect(() => folders.setScanned(randomUUID(), true)).toThrow(expect.objectContaining({ code: 'not-found' }));
    expect(() => folders.saveCursor(randomUUID(), { uidValidity: 1, cursor: null })).toThrow(expect.objectContaining({ code: 'not-found' }));
  });
});
