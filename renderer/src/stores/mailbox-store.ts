import { create } from 'zustand';
import type { InputOf } from '../../../shared/contract.js';
import type { WireError } from '../../../shared/errors.js';
import type { CertificateException, ConnectionTestReport, ConnectionUpdate, FolderView, MailboxConnectionView, MailboxSummary, SuggestedSettings } from '../../../shared/model.js';
import type { MailboxState } from '../../../shared/status.js';
import { call, getConnectionState } from '../api/client.js';
import { useMailboxesStore } from './lists.js';

/**
 * Connecting mailboxes (R11), their folders (R9) and "sync now" (R14). The status of each
 * mailbox lives in the list store (`useMailboxesStore`), which pushed `mailbox:status`
 * events keep current; this store holds what the Mailboxes section does with them.
 *
 * The password of a connect goes straight into the call and is never kept here.
 */

export type ConnectInput = InputOf<'mailboxes:connect'>;

/**
 * A failed call, marked with whether the engine answered it. The transport marks itself
 * down before it fails the calls it had sent: then `network` means Hirebox, not the mail server.
 */
function failedCall(error: WireError): { ok: false; error: WireError; fromEngine: boolean } {
  return { ok: false, error, fromEngine: !((error.code === 'network' || error.code === 'timeout') && getConnectionState().kind !== 'ready') };
}

/**
 * The answer to a connect. `fromEngine` is false when Hirebox itself could not be asked
 * (the window lost its connection): then `network` means Hirebox, not the mail server.
 */
export type ConnectOutcome = { ok: true; value: MailboxSummary } | { ok: false; error: WireError; fromEngine: boolean };

export interface FolderList {
  status: 'loading' | 'ready' | 'error';
  folders: FolderView[];
  /** Loading the list failed. */
  error: WireError | null;
  /** Folders whose change is on its way to the engine. */
  saving: string[];
  /** The last change the engine refused, and for which folder. */
  saveFailure: { folderId: string; error: WireError } | null;
}

/** Saving a mailbox's sender name and signature (`mailboxes:update`). */
export interface SenderSave {
  saving: boolean;
  /** The last save went through, and nothing was typed since. */
  saved: boolean;
  /** The engine refused the last save; `field` says where, when it knows. */
  error: WireError | null;
}

export type SenderInput = { displayName?: string; signature?: string };

export interface SyncRequest {
  pending: boolean;
  /** Set only when the mailbox's status does not tell it already (see `syncMailboxNow`). */
  error: WireError | null;
}

interface MailboxActivityStore {
  /** Whether "Connect a mailbox" is open in Settings › Mailboxes (the inbox's link opens it). */
  connectFormOpen: boolean;
  /** The address the form opens with ("Connect again" on an unlinked mailbox); empty otherwise. */
  connectAddress: string;
  /** The mailbox connected last, to greet it in the list. */
  justConnected: string | null;
  folders: Record<string, FolderList>;
  syncRequests: Record<string, SyncRequest>;
  senderSaves: Record<string, SenderSave>;
}

export const useMailboxActivityStore = create<MailboxActivityStore>(() => ({
  connectFormOpen: false,
  connectAddress: '',
  justConnected: null,
  folders: {},
  syncRequests: {},
  senderSaves: {},
}));

export function openConnectForm(address = ''): void {
  useMailboxActivityStore.setState({ connectFormOpen: true, connectAddress: address, justConnected: null });
}

export function closeConnectForm(): void {
  useMailboxActivityStore.setState({ connectFormOpen: false });
}

/**
 * Connects a mailbox (`mailboxes:connect`); the engine checks the connection first, which
 * takes a few seconds. On success the list is loaded again, so it shows the mailbox with
 * the newest status (status events for it may have arrived before this answer).
 */
export async function connectMailbox(input: ConnectInput): Promise<ConnectOutcome> {
  const result = await call('mailboxes:connect', input);
  if (!result.ok) return failedCall(result.error);
  useMailboxActivityStore.setState({ connectFormOpen: false, justConnected: result.value.id });
  await useMailboxesStore.getState().refresh();
  return result;
}

// --- Connection test (issue 6) ---
export type TestConnectionOutcome = { ok: true; value: ConnectionTestReport } | { ok: false; error: WireError; fromEngine: boolean };

/**
 * The connection test (`mailboxes:test-connection`): IMAP and SMTP step by step, nothing
 * saved. A server that fails is an ok answer with the failed step inside.
 */
export async function testConnection(input: InputOf<'mailboxes:test-connection'>): Promise<TestConnectionOutcome> {
  const result = await call('mailboxes:test-connection', input);
  return result.ok ? result : failedCall(result.error);
}

/** Trusts a certificate for one server of a connected mailbox (`mailboxes:trust-certificate`); answers the test run with it. */
export async function trustCertificate(mailboxId: string, certificate: CertificateException): Promise<TestConnectionOutcome> {
  const result = await call('mailboxes:trust-certificate', { mailboxId, certificate });
  return result.ok ? result : failedCall(result.error);
}

// --- Repairing a mailbox: a new password, other servers ---
export type ConnectionUpdateOutcome = { ok: true; value: ConnectionUpdate } | { ok: false; error: WireError; fromEngine: boolean };

/** How a connected mailbox signs in and where its servers are (`mailboxes:connection`); never its password. */
export async function loadConnection(mailboxId: string): Promise<{ ok: true; value: MailboxConnectionView } | { ok: false; error: WireError }> {
  return call('mailboxes:connection', { mailboxId });
}

/**
 * A new password and/or other servers for a connected mailbox (`mailboxes:update-connection`).
 * The engine tests them first and saves them only when the test passes; then sync resumes.
 * The list is loaded again so the row shows the new status at once. The password goes
 * straight into the call and is never kept here.
 */
export async function updateConnection(input: InputOf<'mailboxes:update-connection'>): Promise<ConnectionUpdateOutcome> {
  const result = await call('mailboxes:update-connection', input);
  if (!result.ok) return failedCall(result.error);
  if (result.value.saved) await useMailboxesStore.getState().refresh();
  return result;
}

/**
 * Settings for a mail address from the engine (`mailboxes:suggest-settings`, R11): a
 * known provider's, or the domain's SRV records'. Null when Hirebox could not answer;
 * the form then stays as typed.
 */
export async function suggestSettings(address: string): Promise<SuggestedSettings | null> {
  const result = await call('mailboxes:suggest-settings', { address });
  return result.ok ? result.value : null;
}

function setFolderList(mailboxId: string, change: (current: FolderList | undefined) => FolderList): void {
  useMailboxActivityStore.setState((state) => ({ folders: { ...state.folders, [mailboxId]: change(state.folders[mailboxId]) } }));
}

/** Loads a mailbox's folders and which are scanned (`mailboxes:folders`). */
export async function loadFolders(mailboxId: string): Promise<void> {
  setFolderList(mailboxId, (current) => ({
    status: current?.status === 'ready' ? 'ready' : 'loading',
    folders: current?.folders ?? [],
    error: null,
    saving: current?.saving ?? [],
    saveFailure: null,
  }));
  const result = await call('mailboxes:folders', { mailboxId });
  setFolderList(mailboxId, (current) =>
    result.ok
      ? { status: 'ready', folders: result.value, error: null, saving: current?.saving ?? [], saveFailure: current?.saveFailure ?? null }
      : current?.status === 'ready'
        ? { ...current, error: result.error }
        : { status: 'error', folders: [], error: result.error, saving: [], saveFailure: null },
  );
}

/**
 * Scans a folder too, or stops scanning it (`mailboxes:set-folder-scanned`). The box shows
 * the choice at once; a refusal puts it back and says why.
 */
export async function setFolderScanned(mailboxId: string, folderId: string, scanned: boolean): Promise<void> {
  const before = useMailboxActivityStore.getState().folders[mailboxId];
  if (before === undefined || before.saving.includes(folderId)) return;
  setFolderList(mailboxId, (current) => {
    const list = current ?? before;
    return {
      ...list,
      folders: list.folders.map((folder) => (folder.id === folderId ? { ...folder, scanned } : folder)),
      saving: [...list.saving, folderId],
      saveFailure: null,
    };
  });
  const result = await call('mailboxes:set-folder-scanned', { mailboxId, folderId, scanned });
  setFolderList(mailboxId, (current) => {
    const list = current ?? before;
    const saving = list.saving.filter((id) => id !== folderId);
    if (result.ok) return { ...list, folders: result.value, saving };
    return {
      ...list,
      folders: list.folders.map((folder) => (folder.id === folderId ? { ...folder, scanned: !scanned } : folder)),
      saving,
      saveFailure: { folderId, error: result.error },
    };
  });
}

function setSenderSave(mailboxId: string, save: SenderSave): void {
  useMailboxActivityStore.setState((state) => ({ senderSaves: { ...state.senderSaves, [mailboxId]: save } }));
}

/**
 * Saves the sender name and signature of mail written from a mailbox (`mailboxes:update`);
 * only the fields given are changed. The list shows the saved mailbox at once.
 */
export async function saveSender(mailboxId: string, changes: SenderInput): Promise<boolean> {
  if (useMailboxActivityStore.getState().senderSaves[mailboxId]?.saving) return false;
  setSenderSave(mailboxId, { saving: true, saved: false, error: null });
  const result = await call('mailboxes:update', { mailboxId, ...changes });
  if (!result.ok) {
    setSenderSave(mailboxId, { saving: false, saved: false, error: result.error });
    return false;
  }
  const { items } = useMailboxesStore.getState();
  if (items.some((mailbox) => mailbox.id === mailboxId)) {
    useMailboxesStore.setState({
      items: items.map((mailbox) =>
        mailbox.id === mailboxId ? { ...result.value, status: mailbox.status, lastSyncedAt: mailbox.lastSyncedAt } : mailbox,
      ),
    });
  }
  setSenderSave(mailboxId, { saving: false, saved: true, error: null });
  return true;
}

/** Something was typed: "Saved" no longer holds, nor an error at that field. */
export function editSender(mailboxId: string, field: keyof SenderInput): void {
  const current = useMailboxActivityStore.getState().senderSaves[mailboxId];
  if (current === undefined || current.saving) return;
  if (!current.saved && current.error?.field !== field) return;
  setSenderSave(mailboxId, { saving: false, saved: false, error: current.error?.field === field ? null : current.error });
}

/** States in which the mailbox's own status already says why a sync did not finish. */
const statesThatExplain: readonly MailboxState[] = ['error', 'auth-required', 'offline', 'server-unreachable', 'tls-problem', 'rate-limited', 'paused'];

/**
 * Syncs a mailbox now (`mailboxes:sync-now`). Its progress arrives as status events; the
 * call answers when the run is over. A failure the status shows already (the server
 * refused the password, is out of reach) is not repeated as an error, nor is a call that
 * outlasted the window's patience while the run goes on.
 */
export async function syncMailboxNow(mailboxId: string): Promise<void> {
  const setRequest = (request: SyncRequest) =>
    useMailboxActivityStore.setState((state) => ({ syncRequests: { ...state.syncRequests, [mailboxId]: request } }));
  if (useMailboxActivityStore.getState().syncRequests[mailboxId]?.pending) return;
  setRequest({ pending: true, error: null });
  const result = await call('mailboxes:sync-now', { mailboxId });
  if (result.ok) {
    setRequest({ pending: false, error: null });
    return;
  }
  const state = useMailboxesStore.getState().items.find((mailbox) => mailbox.id === mailboxId)?.status.state;
  const explained =
    (state !== undefined && statesThatExplain.includes(state)) ||
    (result.error.code === 'timeout' && (state === 'syncing' || state === 'connecting'));
  setRequest({ pending: false, error: explained ? null : result.error });
}

/** Loads the folder lists shown again (after a dropped connection). */
export function reloadLoadedFolders(): void {
  for (const mailboxId of Object.keys(useMailboxActivityStore.getState().folders)) void loadFolders(mailboxId);
}

/** How many of the mailbox's outbox items still wait to go out (they move or return to drafts on disconnecting, R12). */
export async function waitingOutboxItems(mailboxId: string): Promise<number> {
  let count = 0;
  let cursor: string | null = null;
  do {
    const result: Awaited<ReturnType<typeof call<'outbox:list'>>> = await call('outbox:list', { ...(cursor === null ? {} : { cursor }), limit: 200 });
    if (!result.ok) return 0;
    count += result.value.items.filter((item) => item.mailboxId === mailboxId && (item.state.state === 'queued' || item.state.state === 'failed-retryable')).length;
    cursor = result.value.nextCursor;
  } while (cursor !== null);
  return count;
}

/** Unlinks a mailbox (R12): sync stops, its sign-in is forgotten; the list learns `unlinkedAt`. */
export async function disconnectMailbox(mailboxId: string, moveQueuedTo?: string, viaCompanyInbox?: { replyTo: string }): Promise<{ ok: true; value: { grantRevoked?: boolean } } | { ok: false; error: WireError }> {
  const result = await call('mailboxes:disconnect', { mailboxId, ...(moveQueuedTo === undefined ? {} : { moveQueuedTo }), ...(viaCompanyInbox === undefined ? {} : { viaCompanyInbox }) });
  if (!result.ok) return result;
  // "… is connected" no longer holds.
  if (useMailboxActivityStore.getState().justConnected === mailboxId) useMailboxActivityStore.setState({ justConnected: null });
  await useMailboxesStore.getState().refresh();
  return { ok: true, value: result.value.grantRevoked === undefined ? {} : { grantRevoked: result.value.grantRevoked } };
}
