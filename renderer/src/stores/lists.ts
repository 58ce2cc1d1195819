import type { EventMap } from '../../../shared/events.js';
import { createPagedListStore } from './paged-list-store.js';

/** Threads the caller may see, newest first (`inbox:list`). */
export const useInboxStore = createPagedListStore('inbox:list', {} as { mailboxId?: string }, (params, page) => ({
  ...page,
  ...(params.mailboxId ? { mailboxId: params.mailboxId } : {}),
}));

/** Candidates by name, optionally filtered by a search query (`candidates:list`). */
export const useCandidatesStore = createPagedListStore('candidates:list', { query: '' }, (params, page) => ({
  ...page,
  ...(params.query.trim() ? { query: params.query.trim() } : {}),
}));

export type JobFilter = 'open' | 'archived' | 'all';

/** Jobs with an open/archived filter (`jobs:list`). */
export const useJobsStore = createPagedListStore('jobs:list', { status: 'open' as JobFilter }, (params, page) => ({
  ...page,
  status: params.status,
}));

/** Connected mailboxes with their status (`mailboxes:list`). */
export const useMailboxesStore = createPagedListStore('mailboxes:list', {}, (_params, page) => page);

/**
 * Applies a pushed status (R14) to the mailbox it belongs to. Returns false when the
 * mailbox is not in the list yet, so the caller can load the list again.
 */
export function applyMailboxStatus(event: EventMap['mailbox:status']): boolean {
  const { items } = useMailboxesStore.getState();
  const index = items.findIndex((mailbox) => mailbox.id === event.mailboxId);
  const current = items[index];
  if (current === undefined) return false;
  const updated = [...items];
  updated[index] = { ...current, status: event.status, lastSyncedAt: event.lastSyncedAt };
  useMailboxesStore.setState({ items: updated });
  return true;
}

let searchTimer: ReturnType<typeof setTimeout> | undefined;

/**
 * Updates the candidate search at once (the field shows what was typed) and asks the
 * engine after a short pause in typing, so each keystroke does not cost a query.
 */
export function searchCandidates(query: string, delayMs = 200): void {
  const store = useCandidatesStore;
  store.setState({ params: { query } });
  clearTimeout(searchTimer);
  searchTimer = setTimeout(() => void store.getState().load({ query }), delayMs);
}
