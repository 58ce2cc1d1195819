import { create } from 'zustand';
import type { WireError } from '../../../shared/errors.js';
import type { MissingMailHit, MissingMailReport } from '../../../shared/model.js';
import { call } from '../api/client.js';
import { refreshIfShown, useCandidateThreadsStore } from './lists.js';

/** One action taken on a hit: pending, done, or refused. */
export interface HitAction {
  pending: boolean;
  done: boolean;
  error: WireError | null;
}

interface MissingMailStore {
  candidateId: string | null;
  status: 'idle' | 'loading' | 'ready' | 'error';
  report: MissingMailReport | null;
  error: WireError | null;
  actions: Record<string, HitAction>;
}

/** "A mail is missing?" on a candidate's profile (`candidates:why-missing`) and what it offers. */
export const useMissingMailStore = create<MissingMailStore>(() => ({ candidateId: null, status: 'idle', report: null, error: null, actions: {} }));

/** Identifies a hit among the report's, for its action's state. */
export function hitKey(hit: MissingMailHit): string {
  return `${hit.mailboxId}\u0000${hit.folderPath}\u0000${hit.receivedAt}\u0000${hit.subject}`;
}

/** Forgets the last report when another profile opens. */
export function resetMissingMail(candidateId: string): void {
  if (useMissingMailStore.getState().candidateId !== candidateId) {
    useMissingMailStore.setState({ candidateId, status: 'idle', report: null, error: null, actions: {} });
  }
}

/** Searches the mailboxes for the candidate's mail that is not on the profile. */
export async function explainMissingMail(candidateId: string, options: { keepActions?: boolean } = {}): Promise<void> {
  useMissingMailStore.setState((state) => ({ candidateId, status: state.report && options.keepActions ? 'ready' : 'loading', error: null, actions: options.keepActions ? state.actions : {} }));
  const result = await call('candidates:why-missing', { candidateId });
  if (useMissingMailStore.getState().candidateId !== candidateId) return;
  useMissingMailStore.setState(result.ok ? { status: 'ready', report: result.value, error: null } : { status: 'error', error: result.error });
}

function setAction(hit: MissingMailHit, action: HitAction): void {
  useMissingMailStore.setState((state) => ({ actions: { ...state.actions, [hitKey(hit)]: action } }));
}

/** After an action: the profile's conversations and the report again, so what came in drops off the list. */
async function afterAction(candidateId: string): Promise<void> {
  refreshIfShown(useCandidateThreadsStore);
  await explainMissingMail(candidateId, { keepActions: true });
}

async function run(candidateId: string, hit: MissingMailHit, steps: () => Promise<WireError | null>): Promise<void> {
  if (useMissingMailStore.getState().actions[hitKey(hit)]?.pending) return;
  setAction(hit, { pending: true, done: false, error: null });
  const error = await steps();
  setAction(hit, { pending: false, done: error === null, error });
  if (error === null) await afterAction(candidateId);
}

/** Scans the hit's folder from now on (R9 beyond), and waits for the sync that reads it. */
export function scanFolderOf(candidateId: string, hit: MissingMailHit): Promise<void> {
  return run(candidateId, hit, async () => {
    const folders = await call('mailboxes:folders', { mailboxId: hit.mailboxId });
    if (!folders.ok) return folders.error;
    const folder = folders.value.find((entry) => entry.path === hit.folderPath);
    if (folder === undefined) return { code: 'not-found', message: 'The folder is gone.', retryable: false };
    if (!folder.scanned) {
      const changed = await call('mailboxes:set-folder-scanned', { mailboxId: hit.mailboxId, folderId: folder.id, scanned: true });
      if (!changed.ok) return changed.error;
    }
    const synced = await call('mailboxes:sync-now', { mailboxId: hit.mailboxId });
    return synced.ok ? null : synced.error;
  });
}

/** Fetches the candidate's older mail, far enough back to reach this one (R10 beyond). */
export function fetchOlderMailFor(candidateId: string, hit: MissingMailHit, now = Date.now()): Promise<void> {
  return run(candidateId, hit, async () => {
    const days = Math.min(3650, Math.max(1, Math.ceil((now - Date.parse(hit.receivedAt)) / 86_400_000) + 1));
    const result = await call('backfill:candidates', { candidateIds: [candidateId], days });
    return result.ok ? null : result.error;
  });
}

/** Syncs the hit's mailbox now (a mail sync has not reached yet). */
export function syncMailboxOf(candidateId: string, hit: MissingMailHit): Promise<void> {
  return run(candidateId, hit, async () => {
    const result = await call('mailboxes:sync-now', { mailboxId: hit.mailboxId });
    return result.ok ? null : result.error;
  });
}
