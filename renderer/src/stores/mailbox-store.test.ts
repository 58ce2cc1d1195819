import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Result } from '../../../shared/errors.js';
import type { FolderView, MailboxSummary } from '../../../shared/model.js';
import type { MailboxStatus } from '../../../shared/status.js';

type Pending = { channel: string; input: Record<string, unknown>; resolve: (result: Result<unknown>) => void };
const pending: Pending[] = [];
let connection: { kind: string } = { kind: 'ready' };

vi.mock('../api/client.js', () => ({
  call: (channel: string, input: Record<string, unknown>) =>
    new Promise<Result<unknown>>((resolve) => pending.push({ channel, input, resolve })),
  getConnectionState: () => connection,
}));

const { useMailboxesStore } = await import('./lists.js');
const { connectMailbox, loadFolders, setFolderScanned, syncMailboxNow, useMailboxActivityStore } = await import('./mailbox-store.js');

/** Lets the store's awaits continue. */
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

const mailboxId = '00000000-0000-4000-8000-000000000001';
const mailbox = (status: MailboxStatus): MailboxSummary => ({
  id: mailboxId,
  address: 'alice@hirebox.test',
  displayName: 'Alice',
  signature: '',
  provider: 'imap',
  kind: 'personal',
  ownerUserId: null,
  status,
  lastSyncedAt: null,
});
const folder = (id: string, role: FolderView['role'], scanned: boolean): FolderView => ({ id, path: id, name: id, role, roleSource: null, scanned });
const input = {
  address: 'alice@hirebox.test',
  userName: 'alice@hirebox.test',
  password: 'secret-password',
  imap: { host: '127.0.0.1', port: 143, security: 'none' as const },
  smtp: { host: '127.0.0.1', port: 25, security: 'none' as const },
};

beforeEach(() => {
  pending.length = 0;
  connection = { kind: 'ready' };
  useMailboxActivityStore.setState({ connectFormOpen: false, justConnected: null, folders: {}, syncRequests: {} });
  useMailboxesStore.setState({ items: [], status: 'idle', error: null });
});

describe('connecting a mailbox', () => {
  it('keeps no trace of the password in any store, refused or connected', async () => {
    useMailboxActivityStore.setState({ connectFormOpen: true });
    const refused = connectMailbox(input);
    pending.shift()?.resolve({ ok: false, error: { code: 'auth-required', message: 'refused', retryable: false } });
    expect(await refused).toEqual({ ok: false, error: expect.objectContaining({ code: 'auth-required' }), fromEngine: true });
    expect(useMailboxActivityStore.getState().connectFormOpen).toBe(true);

    const connected = connectMailbox(input);
    pending.shift()?.resolve({ ok: true, value: mailbox({ state: 'connecting' }) });
    await flush();
    // The list is asked again, so it shows the newest status.
    const list = pending.shift();
    expect(list?.channel).toBe('mailboxes:list');
    list?.resolve({ ok: true, value: { items: [mailbox({ state: 'syncing', phase: 'initial-window', done: 0 })], nextCursor: null } });
    expect(await connected).toMatchObject({ ok: true });
    expect(useMailboxesStore.getState().items[0]?.status.state).toBe('syncing');
    expect(JSON.stringify([useMailboxActivityStore.getState(), useMailboxesStore.getState()])).not.toContain('secret-password');
    expect(useMailboxActivityStore.getState()).toMatchObject({ connectFormOpen: false, justConnected: mailboxId });
  });

  it('tells a mail server out of reach from Hirebox out of reach', async () => {
    const fromServer = connectMailbox(input);
    pending.shift()?.resolve({ ok: false, error: { code: 'network', message: '', retryable: true } });
    expect(await fromServer).toMatchObject({ ok: false, fromEngine: true });

    const fromTransport = connectMailbox(input);
    connection = { kind: 'reconnecting' };
    pending.shift()?.resolve({ ok: false, error: { code: 'network', message: '', retryable: true } });
    expect(await fromTransport).toMatchObject({ ok: false, fromEngine: false });
  });
});

describe('folders', () => {
  it('shows a choice at once and puts it back when the engine refuses', async () => {
    const loading = loadFolders(mailboxId);
    pending.shift()?.resolve({ ok: true, value: [folder('INBOX', 'inbox', true), folder('Bewerbungen', 'custom', false)] });
    await loading;

    const saving = setFolderScanned(mailboxId, 'Bewerbungen', true);
    expect(useMailboxActivityStore.getState().folders[mailboxId]).toMatchObject({ saving: ['Bewerbungen'] });
    expect(useMailboxActivityStore.getState().folders[mailboxId]?.folders[1]?.scanned).toBe(true);
    // A second click while it saves asks nothing more.
    await setFolderScanned(mailboxId, 'Bewerbungen', false);
    expect(pending).toHaveLength(1);
    pending.shift()?.resolve({ ok: false, error: { code: 'forbidden', message: '', retryable: false } });
    await saving;
    const list = useMailboxActivityStore.getState().folders[mailboxId];
    expect(list?.folders[1]?.scanned).toBe(false);
    expect(list?.saving).toEqual([]);
    expect(list?.saveFailure).toMatchObject({ folderId: 'Bewerbungen', error: { code: 'forbidden' } });
  });
});

describe('sync now', () => {
  it('leaves it to the status when the status says why the run stopped', async () => {
    useMailboxesStore.setState({ items: [mailbox({ state: 'auth-required', kind: 'password-rejected' })], status: 'ready' });
    const run = syncMailboxNow(mailboxId);
    expect(useMailboxActivityStore.getState().syncRequests[mailboxId]).toEqual({ pending: true, error: null });
    pending.shift()?.resolve({ ok: false, error: { code: 'auth-required', message: '', retryable: false } });
    await run;
    expect(useMailboxActivityStore.getState().syncRequests[mailboxId]).toEqual({ pending: false, error: null });
  });

  it('does not call a long run a failure while it is still syncing', async () => {
    useMailboxesStore.setState({ items: [mailbox({ state: 'syncing', phase: 'initial-window', done: 40, total: 120 })], status: 'ready' });
    const run = syncMailboxNow(mailboxId);
    pending.shift()?.resolve({ ok: false, error: { code: 'timeout', message: '', retryable: true } });
    await run;
    expect(useMailboxActivityStore.getState().syncRequests[mailboxId]?.error).toBeNull();
  });

  it('says what the status cannot: Hirebox itself out of reach', async () => {
    useMailboxesStore.setState({ items: [mailbox({ state: 'up-to-date' })], status: 'ready' });
    const run = syncMailboxNow(mailboxId);
    void syncMailboxNow(mailboxId); // pressed twice: one run
    expect(pending).toHaveLength(1);
    pending.shift()?.resolve({ ok: false, error: { code: 'network', message: '', retryable: true } });
    await run;
    expect(useMailboxActivityStore.getState().syncRequests[mailboxId]?.error).toMatchObject({ code: 'network' });
  });
});
