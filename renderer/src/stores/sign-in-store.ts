import { create } from 'zustand';
import type { WireError } from '../../../shared/errors.js';
import type { MailboxSummary } from '../../../shared/model.js';
import { call } from '../api/client.js';
import { useMailboxesStore } from './lists.js';
import { useMailboxActivityStore } from './mailbox-store.js';

/**
 * Browser sign-ins (Google now; Microsoft joins by its provider kind): which ones this
 * Hirebox offers, and the one in progress — started, waiting for the person in the browser
 * (the desktop shell opened it; otherwise its address is shown to click), then connected,
 * repaired or failed. The engine answers `oauth-finish` with `waiting` every ~25 s; the store
 * asks again until the sign-in ends or the person cancels. No token ever reaches it.
 */
export type SignInProvider = 'gmail' | 'microsoft';

export type SignInAttempt =
  | { phase: 'idle' }
  | { phase: 'starting' }
  | { phase: 'waiting'; attemptId: string; authorizationUrl: string; openedInBrowser: boolean }
  | { phase: 'done'; mailbox: MailboxSummary }
  | { phase: 'failed'; error: WireError };

interface SignInStore {
  /** Null until loaded; a provider missing or false has no OAuth client configured. */
  configured: Partial<Record<SignInProvider, boolean>> | null;
  optionsError: WireError | null;
  /** Which form started the attempt: the connect form (`connect`) or a mailbox's repair (its id). */
  purpose: string | null;
  attempt: SignInAttempt;
}

export const useSignInStore = create<SignInStore>(() => ({ configured: null, optionsError: null, purpose: null, attempt: { phase: 'idle' } }));

export async function loadSignInOptions(): Promise<void> {
  const result = await call('mailboxes:sign-in-options', {});
  if (!result.ok) {
    useSignInStore.setState({ optionsError: result.error });
    return;
  }
  useSignInStore.setState({ optionsError: null, configured: Object.fromEntries(result.value.providers.map((entry) => [entry.provider, entry.configured])) });
}

/**
 * Starts a sign-in to connect a new mailbox (`purpose: 'connect'`, `address` preselects
 * the account) or to repair `mailboxId`; waits for it and answers how it ended.
 */
export async function startSignIn(provider: SignInProvider, options: { purpose: string; address?: string; mailboxId?: string; shared?: { memberIds: string[] } }): Promise<SignInAttempt> {
  useSignInStore.setState({ purpose: options.purpose, attempt: { phase: 'starting' } });
  const started = await call('mailboxes:oauth-start', {
    provider,
    ...(options.address === undefined || options.address.trim() === '' ? {} : { address: options.address.trim() }),
    ...(options.mailboxId === undefined ? {} : { mailboxId: options.mailboxId }),
    ...(options.shared === undefined ? {} : { shared: options.shared }),
  });
  if (!started.ok) return settle({ phase: 'failed', error: started.error });
  const { attemptId, authorizationUrl, openedInBrowser } = started.value;
  useSignInStore.setState({ attempt: { phase: 'waiting', attemptId, authorizationUrl, openedInBrowser } });
  for (;;) {
    const finished = await call('mailboxes:oauth-finish', { attemptId });
    // Cancelled (or another sign-in started) meanwhile: that one speaks now.
    if (!isCurrent(attemptId)) return useSignInStore.getState().attempt;
    if (!finished.ok) return settle({ phase: 'failed', error: finished.error });
    if (finished.value.state === 'connected') {
      const mailbox = finished.value.mailbox;
      if (options.mailboxId === undefined) useMailboxActivityStore.setState({ connectFormOpen: false, justConnected: mailbox.id });
      await useMailboxesStore.getState().refresh();
      return settle({ phase: 'done', mailbox });
    }
  }
}

/** Stops waiting: the engine closes the sign-in's listener. */
export async function cancelSignIn(): Promise<void> {
  const { attempt } = useSignInStore.getState();
  useSignInStore.setState({ attempt: { phase: 'idle' }, purpose: null });
  if (attempt.phase === 'waiting') await call('mailboxes:oauth-cancel', { attemptId: attempt.attemptId });
}

/** Forgets a finished or failed attempt (its form closed). */
export function resetSignIn(): void {
  const { attempt } = useSignInStore.getState();
  if (attempt.phase === 'done' || attempt.phase === 'failed') useSignInStore.setState({ attempt: { phase: 'idle' }, purpose: null });
}

function isCurrent(attemptId: string): boolean {
  const { attempt } = useSignInStore.getState();
  return attempt.phase === 'waiting' && attempt.attemptId === attemptId;
}

function settle(attempt: SignInAttempt): SignInAttempt {
  useSignInStore.setState({ attempt });
  return attempt;
}
