import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../database.js';
import { collectPages, createdAt, openTempStore, seedMailbox, seedUser, type TempStore } from '../test-support.js';

let subject: TempStore;
beforeEach(() => {
  subject = openTempStore();
});
afterEach(() => subject.dispose());

describe('mailboxes', () => {
  it('list the viewer’s own personal mailboxes and the shared ones they are a member of', () => {
    const { store } = subject;
    const viewer = seedUser(store, 'recruiter');
    const colleague = seedUser(store, 'recruiter');
    const own = seedMailbox(store, { ownerUserId: viewer.id, createdAt: '2025-01-01T00:00:00Z' });
    seedMailbox(store, { ownerUserId: colleague.id });
    const jobs = seedMailbox(store, { kind: 'shared', ownerUserId: colleague.id, members: [viewer.id, colleague.id], createdAt: '2025-01-02T00:00:00Z' });
    seedMailbox(store, { kind: 'shared', members: [colleague.id] });

    const page = store.mailboxes.list({ viewerUserId: viewer.id, limit: 10 });
    expect(page.items.map((mailbox) => mailbox.id)).toEqual([own, jobs]);
    expect(page.items[0]).toEqual({
      id: own,
      address: expect.stringMatching(/^personal\./),
      displayName: 'personal mailbox',
      signature: '',
      provider: 'imap',
      kind: 'personal',
      ownerUserId: viewer.id,
      status: { state: 'connecting' },
      lastSyncedAt: null,
      isCompanyInbox: false,
    });
    expect(store.mailboxes.list({ viewerUserId: randomUUID(), limit: 10 }).items).toEqual([]);
  });

  it('hold one company inbox at most, a shared inbox, and marking another moves the mark (issue 21)', () => {
    const { store } = subject;
    const owner = seedUser(store, 'admin');
    const jobs = seedMailbox(store, { kind: 'shared', members: [owner.id] });
    const careers = seedMailbox(store, { kind: 'shared', members: [owner.id] });
    const personal = seedMailbox(store, { ownerUserId: owner.id });
    expect(store.mailboxes.companyInbox()).toBeNull();
    store.transaction(() => store.mailboxes.setCompanyInbox(jobs));
    expect(store.mailboxes.companyInbox()?.id).toBe(jobs);
    store.transaction(() => store.mailboxes.setCompanyInbox(careers));
    expect(store.mailboxes.all().filter((mailbox) => mailbox.isCompanyInbox).map((mailbox) => mailbox.id)).toEqual([careers]);
    // A personal mailbox is never marked; the mark is simply gone.
    store.transaction(() => store.mailboxes.setCompanyInbox(personal));
    expect(store.mailboxes.companyInbox()).toBeNull();
    store.transaction(() => store.mailboxes.setCompanyInbox(null));
    expect(store.mailboxes.companyInbox()).toBeNull();
  });

  it('carry the status last stored (R14)', () => {
    const { store } = subject;
    const viewer = seedUser(store, 'recruiter');
    const id = seedMailbox(store, { ownerUserId: viewer.id });
    store.mailboxes.setStatus(id, { status: { state: 'syncing', phase: 'initial-window', done: 10, total: 40 }, lastSyncedAt: null });
    expect(store.mailboxes.get(id)).toMatchObject({ status: { state: 'syncing', phase: 'initial-window', done: 10, total: 40 }, lastSyncedAt: null });
    store.mailboxes.setStatus(id, { status: { state: 'up-to-date' }, lastSyncedAt: '2025-03-01T10:00:00.000Z' });
    expect(store.mailboxes.list({ viewerUserId: viewer.id, limit: 10 }).items[0]).toMatchObject({
      status: { state: 'up-to-date' },
      lastSyncedAt: '2025-03-01T10:00:00.000Z',
    });
    expect(() => store.mailboxes.setStatus(randomUUID(), { status: { state: 'paused' }, lastSyncedAt: null })).toThrow(
      expect.objectContaining({ code: 'not-found' }),
    );
  });

  it('show a status this build cannot read as an error, not a failure of the list', () => {
    const { store, file } = subject;
    const viewer = seedUser(store, 'recruiter');
    const id = seedMailbox(store, { ownerUserId: viewer.id });
    const db = openDatabase(file);
    db.prepare(`UPDATE mailboxes SET status = '{"state":"teleporting"}' WHERE id = ?`).run(id);
    db.close();
    expect(store.mailboxes.list({ viewerUserId: viewer.id, limit: 10 }).items[0]?.status).toMatchObject({ state: 'error', code: 'internal' });
  });

  it('R8: refuse an address that is connected already, pointing to shared inboxes', () => {
    const { store } = subject;
    const anna = seedUser(store, 'recruiter');
    const bert = seedUser(store, 'recruiter');
    const input = { address: 'jobs@acme.com', displayName: 'Jobs', provider: 'gmail', kind: 'personal', createdAt } as const;
    store.mailboxes.insert({ ...input, id: randomUUID(), ownerUserId: anna.id });
    expect(() => store.mailboxes.insert({ ...input, id: randomUUID(), ownerUserId: bert.id })).toThrow(
      expect.objectContaining({ code: 'conflict', rule: 'R8', field: 'address', message: expect.stringMatching(/shared inbox/) }),
    );
  });

  it('take members on shared inboxes only', () => {
    const { store } = subject;
    const anna = seedUser(store, 'recruiter');
    const personal = seedMailbox(store, { ownerUserId: anna.id });
    const shared = seedMailbox(store, { kind: 'shared', members: [anna.id] });
    expect(() => store.mailboxes.addMember(shared, anna.id)).not.toThrow();
    expect(() => store.mailboxes.addMember(personal, anna.id)).toThrow(expect.objectContaining({ code: 'invalid-input', rule: 'R13' }));
    expect(() => store.mailboxes.addMember(randomUUID(), anna.id)).toThrow(expect.objectContaining({ code: 'not-found' }));
    expect(() => store.mailboxes.addMember(shared, randomUUID())).toThrow(expect.objectContaining({ code: 'not-found' }));
  });

  it('page in connection order: every mailbox exactly once', () => {
    const { store } = subject;
    const viewer = seedUser(store, 'recruiter');
    const ids = Array.from({ length: 7 }, (_, index) =>
      index % 2 === 0 ? seedMailbox(store, { ownerUserId: viewer.id }) : seedMailbox(store, { kind: 'shared', members: [viewer.id] }),
    );
    const listed = collectPages((cursor) => store.mailboxes.list({ viewerUserId: viewer.id, cursor, limit: 3 })).flat();
    expect(listed.map((mailbox) => mailbox.id).sort()).toEqual([...ids].sort());
    expect(() => store.mailboxes.list({ viewerUserId: viewer.id, cursor: 'x', limit: 3 })).toThrow(
      expect.objectContaining({ code: 'invalid-input', field: 'cursor' }),
    );
  });

  it('are connected with settings and sealed credentials, read back for sync', () => {
    const { store } = subject;
    const anna = seedUser(store, 'recruiter');
    const id = randomUUID();
    const connection = { imap: { host: 'imap.acme.com', port: 993, security: 'tls' }, smtp: { host: 'smtp.acme.com', port: 587, security: 'starttls' }, userName: 'anna' };
    const credentials = Buffer.from([1, 2, 3, 250]);
    store.mailboxes.create({ id, address: 'anna@acme.com', displayName: 'Anna', provider: 'imap', kind: 'personal', ownerUserId: anna.id, connection, credentials, createdAt });
    expect(store.mailboxes.get(id)).toMatchObject({ address: 'anna@acme.com', status: { state: 'connecting' } });
    expect(store.mailboxes.connectionOf(id)).toEqual({ connection, credentials });
    store.mailboxes.saveCredentials(id, Buffer.from([9]));
    expect(store.mailboxes.connectionOf(id)?.credentials).toEqual(Buffer.from([9]));
    store.mailboxes.saveCredentials(id, null);
    expect(store.mailboxes.connectionOf(id)).toEqual({ connection, credentials: null });
    expect(store.mailboxes.connectionOf(randomUUID())).toBeNull();
    expect(() => store.mailboxes.saveCredentials(randomUUID(), null)).toThrow(expect.objectContaining({ code: 'not-found' }));

    const shared = seedMailbox(store, { kind: 'shared' });
    expect(store.mailboxes.connectionOf(shared)).toEqual({ connection: null, credentials: null });
    expect(store.mailboxes.all().map((mailbox) => mailbox.id).sort()).toEqual([id, shared].sort());
  });

  it('R8: refuse connecting an address a colleague connected, pointing to shared inboxes', () => {
    const { store } = subject;
    const anna = seedUser(store, 'recruiter');
    const bert = seedUser(store, 'recruiter');
    const input = { address: 'jobs@acme.com', displayName: 'Jobs', provider: 'imap', kind: 'personal', connection: { host: 'imap.acme.com' }, credentials: Buffer.from('sealed'), createdAt } as const;
    store.mailboxes.create({ ...input, id: randomUUID(), ownerUserId: anna.id });
    expect(() => store.mailboxes.create({ ...input, id: randomUUID(), ownerUserId: bert.id })).toThrow(
      expect.objectContaining({ code: 'conflict', rule: 'R8', field: 'address', message: expect.stringMatching(/shared inbox/) }),
    );
    expect(() => store.mailboxes.create({ ...input, id: randomUUID(), address: 'other@acme.com', ownerUserId: randomUUID() })).toThrow(
      expect.objectContaining({ code: 'not-found' }),
    );
  });

  it('keep secrets out of the unsealed settings', () => {
    const { store } = subject;
    const anna = seedUser(store, 'recruiter');
    const input = { id: randomUUID(), address: 'anna@acme.com', displayName: 'Anna', provider: 'imap', kind: 'personal', ownerUserId: anna.id, credentials: Buffer.from('sealed'), createdAt } as const;
    for (const connection of [{ imap: { host: 'imap.acme.com', Password: 'hunter2' } }, { refreshToken: 'x' }, { servers: [{ accessToken: 'x' }] }, ['imap.acme.com']]) {
      expect(() => store.mailboxes.create({ ...input, connection }), JSON.stringify(connection)).toThrow(
        expect.objectContaining({ code: 'invalid-input', field: 'connection' }),
      );
    }
    expect(store.mailboxes.get(input.id)).toBeNull();
  });
});
