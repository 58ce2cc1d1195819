import { create } from 'zustand';
import type { ChannelName, InputOf, OutputOf } from '../../../shared/contract.js';
import type { WireError } from '../../../shared/errors.js';
import type { Page } from '../../../shared/paging.js';
import { call } from '../api/client.js';

/** Channels whose output is a key-paged list. */
export type PagedChannel = {
  [C in ChannelName]: OutputOf<C> extends Page<unknown> ? C : never;
}[ChannelName];

export type ItemOf<C extends PagedChannel> = OutputOf<C> extends Page<infer Item> ? Item : never;

export interface PagedListState<Item, Params> {
  /** What the list shows (search query, filter); part of every page's input. */
  params: Params;
  items: Item[];
  nextCursor: string | null;
  /** `idle` until the first load; `loading` while the first page of `params` loads. */
  status: 'idle' | 'loading' | 'ready' | 'error';
  loadingMore: boolean;
  error: WireError | null;
  /** Loads the first page for `params` (or the current ones). */
  load(params?: Params): Promise<void>;
  /** Loads the page after the last one; does nothing on the last page. */
  loadMore(): Promise<void>;
  /** Loads the first page again without emptying the list first (pushed changes). */
  refresh(): Promise<void>;
}

const defaultPageSize = 50;

/**
 * A zustand store for one paged channel. Pages follow `nextCursor` (key paging, never
 * offsets). A response that arrives after the parameters changed is dropped, so a slow
 * answer to an old search never replaces a newer one.
 */
export function createPagedListStore<C extends PagedChannel, Params>(
  channel: C,
  initialParams: Params,
  toInput: (params: Params, page: { cursor?: string; limit: number }) => InputOf<C>,
  options: { pageSize?: number } = {},
) {
  type Item = ItemOf<C>;
  const pageSize = options.pageSize ?? defaultPageSize;
  let generation = 0;

  return create<PagedListState<Item, Params>>((set, get) => {
    async function fetchFirstPage(params: Params, keepItems: boolean): Promise<void> {
      const mine = ++generation;
      set(keepItems ? { params, error: null } : { params, status: 'loading', error: null });
      const result = await call(channel, toInput(params, { limit: pageSize }));
      if (mine !== generation) return;
      if (result.ok) {
        const page = result.value as Page<Item>;
        set({ items: page.items, nextCursor: page.nextCursor, status: 'ready', loadingMore: false, error: null });
      } else if (keepItems && get().status === 'ready') {
        // Keep showing what we have; the error is shown beside it.
        set({ error: result.error });
      } else {
        set({ items: [], nextCursor: null, status: 'error', loadingMore: false, error: result.error });
      }
    }

    return {
      params: initialParams,
      items: [],
      nextCursor: null,
      status: 'idle',
      loadingMore: false,
      error: null,

      load: (params) => fetchFirstPage(params ?? get().params, false),

      refresh: () => fetchFirstPage(get().params, get().status === 'ready'),

      loadMore: async () => {
        const { nextCursor, loadingMore, status, params } = get();
        if (nextCursor === null || loadingMore || status !== 'ready') return;
        const mine = generation;
        set({ loadingMore: true });
        const result = await call(channel, toInput(params, { cursor: nextCursor, limit: pageSize }));
        if (mine !== generation) return;
        if (result.ok) {
          const page = result.value as Page<Item>;
          set({ items: [...get().items, ...page.items], nextCursor: page.nextCursor, loadingMore: false, error: null });
        } else {
          set({ loadingMore: false, error: result.error });
        }
      },
    };
  });
}
