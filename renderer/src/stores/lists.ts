import type { EventMap } from '../../../shared/events.js';
import type { CandidateSort, Stage } from '../../../shared/model.js';
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

/** What the candidate list shows: a search, a job and stage filter, and its order. */
export interface CandidateListParams {
  query: string;
  jobId?: string;
  stage?: Stage;
  sort: CandidateSort;
  direction: 'asc' | 'desc';
}

/** The direction a sort starts in when its column is chosen: newest contact first, else A–Z. */
export function defaultDirection(sort: CandidateSort): 'asc' | 'desc' {
  return sort === 'last-contact' ? 'desc' : 'asc';
}

/** The candidate list (`candidates:list`): filtered and sorted by the engine, page by page. */
export const useCandidatesStore = createPagedListStore(
  'candidates:list',
  { query: '', sort: 'name', direction: 'asc' } as CandidateListParams,
  (params, page) => ({
    ...page,
    ...(params.query.trim() ? { query: params.query.trim() } : {}),
    ...(params.jobId ? { jobId: params.jobId } : {}),
    ...(params.stage ? { stage: params.stage } : {}),
    sort: params.sort,
    direction: params.direction,
  }),
);

/** Changes the candidate list's filters or order and loads its first page; `undefined` removes a filter. */
export function showCandidates(changes: { [Key in keyof CandidateListParams]?: CandidateListParams[Key] | undefined }): void {
  const merged: Record<string, unknown> = { ...useCandidatesStore.getState().params, ...changes };
  for (const key of Object.keys(merged)) if (merged[key] === undefined) delete merged[key];
  void useCandidatesStore.getState().load(merged as unknown as CandidateListParams);
}

/** Every job the viewer may see, open or archived, to filter the candidate list by. */
export const useJobFilterChoicesStore = createPagedListStore('jobs:list', {}, (_params, page) => ({ ...page, status: 'all' as const }), {
  pageSize: 500,
});

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

interface SearchableStore<Params extends { query: string }> {
  getState(): { params: Params; load(params?: Params): Promise<void> };
  setState(partial: { params: Params }): void;
}

/**
 * A search that updates its field at once (the field shows what was typed) and asks the
 * engine after a short pause in typing, so each keystroke does not cost a query. The
 * list's other parameters (filters, order) stay as they are.
 */
function debouncedSearch<Params extends { query: string }>(store: SearchableStore<Params>): (query: string, delayMs?: number) => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return (query, delayMs = 200) => {
    store.setState({ params: { ...store.getState().params, query } });
    clearTimeout(timer);
    timer = setTimeout(() => void store.getState().load(store.getState().params), delayMs);
  };
}

/** The candidate list's search. */
export const searchCandidates = debouncedSearch(useCandidatesStore);

/** The search of the candidate picker (merge). */
export const searchCandidatePicker = debouncedSearch(useCandidatePickerStore);
