import { create } from 'zustand';
import { parseSearchText } from '../../../shared/search-text.js';
import { createPagedListStore } from './paged-list-store.js';

/** What the search page looks for: the text typed and its filters. */
export interface SearchParams {
  text: string;
  jobId?: string;
  mailboxId?: string;
  /** Chosen from a result; the name is kept to show the filter. */
  candidate?: { id: string; name: string };
  hasAttachments?: boolean;
  /** Calendar days as the date inputs give them (`YYYY-MM-DD`), in the user's time zone. */
  since?: string;
  until?: string;
}

/** The first and the last instant of a local calendar day, as ISO strings. */
export function dayBounds(day: string): { start: string; end: string } | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (match === null) return null;
  const start = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  if (Number.isNaN(start.getTime())) return null;
  const end = new Date(start.getFullYear(), start.getMonth(), start.getDate() + 1);
  return { start: start.toISOString(), end: new Date(end.getTime() - 1).toISOString() };
}

/** The channel's input for the page's parameters. */
export function searchInput(params: SearchParams, page: { cursor?: string; limit: number }) {
  const since = params.since ? dayBounds(params.since)?.start : undefined;
  const until = params.until ? dayBounds(params.until)?.end : undefined;
  return {
    ...page,
    text: params.text,
    ...(params.jobId ? { jobId: params.jobId } : {}),
    ...(params.mailboxId ? { mailboxId: params.mailboxId } : {}),
    ...(params.candidate ? { candidateId: params.candidate.id } : {}),
    ...(params.hasAttachments ? { hasAttachments: true } : {}),
    ...(since ? { since } : {}),
    ...(until ? { until } : {}),
  };
}

/** Matching mail, newest first (`messages:search`). */
export const useSearchResultsStore = createPagedListStore('messages:search', { text: '' } as SearchParams, searchInput);

/** Whether the text holds a word to search for. */
export function hasSearchWords(text: string): boolean {
  return parseSearchText(text).length > 0;
}

/** Waits this long after the last key press before searching, so fast typing sends one query. */
const typingPauseMs = 120;
let pending: ReturnType<typeof setTimeout> | undefined;

interface SearchFieldStore {
  /** What the search field shows (the results follow it after a short pause). */
  text: string;
}

export const useSearchFieldStore = create<SearchFieldStore>(() => ({ text: '' }));

/** Searches for `params` now (filters change), or after a short pause (typing). */
export function runSearch(params: SearchParams, options: { typing?: boolean } = {}): void {
  clearTimeout(pending);
  useSearchFieldStore.setState({ text: params.text });
  const load = () => {
    if (hasSearchWords(params.text)) void useSearchResultsStore.getState().load(params);
    else useSearchResultsStore.setState({ params, items: [], nextCursor: null, status: 'idle', error: null });
  };
  if (options.typing) pending = setTimeout(load, typingPauseMs);
  else load();
}

/** The search's text changed in the field; filters stay. */
export function typeSearchText(text: string): void {
  runSearch({ ...useSearchResultsStore.getState().params, text }, { typing: true });
}

/** One filter changed; an empty value removes it. */
export function changeSearchFilters(changes: Partial<Omit<SearchParams, 'text'>>): void {
  const next: SearchParams = { ...useSearchResultsStore.getState().params, ...changes, text: useSearchFieldStore.getState().text };
  for (const key of Object.keys(next) as (keyof SearchParams)[]) if (key !== 'text' && !next[key]) delete next[key];
  runSearch(next);
}

/** Every job, open or archived, for the search's job filter (archived jobs keep their mail, R7). */
export const useSearchJobChoicesStore = createPagedListStore('jobs:list', {}, (_params, page) => ({ ...page, status: 'all' as const }), {
  pageSize: 500,
});
