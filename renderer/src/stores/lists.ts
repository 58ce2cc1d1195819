import type { EventMap } from '../../../shared/events.js';
import { createPagedListStore } from './paged-list-store.js';

/** What the inbox shows (Inbox I filters); empty means every visible thread. */
export interface InboxFilters {
  mailboxId?: string;
  jobId?: string;
  candidateId?: string;
  unread?: boolean;
  waitingForReply?: boolean;
  /** Issue 21: only what is assigned to the viewer. */
  assignedToMe?: boolean;
}

function inboxInput(params: InboxFilters, page: { cursor?: string; limit: number }) {
  return {
    ...page,
    ...(params.mailboxId ? { mailboxId: params.mailboxId } : {}),
    ...(params.jobId ? { jobId: params.jobId } : {}),
    ...(params.candidateId ? { candidateId: params.candidateId } : {}),
    ...(params.unread ? { unread: true } : {}),
    ...(params.waitingForReply ? { waitingForReply: true } : {}),
    ...(params.assignedToMe ? { assignedToMe: true } : {}),
  };
}

/** Threads the caller may see, newest first (`inbox:list`), with the inbox's filters. */
export const useInboxStore = createPagedListStore('inbox:list', {} as InboxFilters, inboxInput, { pageSize: 100 });

/** One candidate's threads on their profile (`inbox:list` with `candidateId`). */
export const useCandidateThreadsStore = createPagedListStore('inbox:list', {} as InboxFilters, inboxInput);

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

/** The team directory (`users:list`). Teams are small; one page holds them. */
export const useTeamStore = createPagedListStore('users:list', {}, (_params, page) => page, { pageSize: 500 });

/** Open jobs to choose from (new candidate, "add to a job"). A company has tens of them. */
export const useOpenJobChoicesStore = createPagedListStore('jobs:list', {}, (_params, page) => ({ ...page, status: 'open' as const }), {
  pageSize: 500,
});

/** Candidates matching a search, to pick one (merge). Only the best few are shown. */
export const useCandidatePickerStore = createPagedListStore(
  'candidates:list',
  { query: '' },
  (params, page) => ({ ...page, ...(params.query.trim() ? { query: params.query.trim() } : {}) }),
  { pageSize: 20 },
);

/** Loads a list again if something shows it (after a change that concerns it). */
export function refreshIfShown(store: { getState(): { status: string; refresh(): Promise<void> } }): void {
  const state = store.getState();
  if (state.status !== 'idle') void state.refresh();
}

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

type SearchableStore = typeof useCandidatesStore;

/**
 * A search that updates its field at once (the field shows what was typed) and asks the
 * engine after a short pause in typing, so each keystroke does not cost a query.
 */
function debouncedSearch(store: SearchableStore): (query: string, delayMs?: number) => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return (query, delayMs = 200) => {
    store.setState({ params: { query } });
    clearTimeout(timer);
    timer = setTimeout(() => void store.getState().load({ query }), delayMs);
  };
}

/** The candidate list's search. */
export const searchCandidates = debouncedSearch(useCandidatesStore);

/** The search of the candidate picker (merge). */
export const searchCandidatePicker = debouncedSearch(useCandidatePickerStore);
