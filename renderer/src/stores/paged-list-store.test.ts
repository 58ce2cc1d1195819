import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Result } from '../../../shared/errors.js';

type Pending = { channel: string; input: Record<string, unknown>; resolve: (result: Result<unknown>) => void };
const pending: Pending[] = [];

vi.mock('../api/client.js', () => ({
  call: (channel: string, input: Record<string, unknown>) =>
    new Promise<Result<unknown>>((resolve) => pending.push({ channel, input, resolve })),
}));

const { createPagedListStore } = await import('./paged-list-store.js');

function makeStore() {
  return createPagedListStore('candidates:list', { query: '' }, (params, page) => ({
    ...page,
    ...(params.query ? { query: params.query } : {}),
  }));
}

const candidate = (id: string) => ({ id, name: id, primaryEmail: `${id}@x.test`, synced: true, internal: false, createdAt: '' });

/** Lets the store's awaits continue. */
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

beforeEach(() => {
  pending.length = 0;
});

describe('paged list store', () => {
  it('loads the first page, then the next one by its cursor', async () => {
    const store = makeStore();
    void store.getState().load();
    expect(store.getState().status).toBe('loading');
    expect(pending[0]?.input).toEqual({ limit: 50 });
    pending[0]?.resolve({ ok: true, value: { items: [candidate('a')], nextCursor: 'c1' } });
    await flush();
    expect(store.getState()).toMatchObject({ status: 'ready', nextCursor: 'c1' });

    void store.getState().loadMore();
    void store.getState().loadMore(); // a second scroll event while loading asks nothing more
    expect(pending).toHaveLength(2);
    expect(pending[1]?.input).toEqual({ limit: 50, cursor: 'c1' });
    pending[1]?.resolve({ ok: true, value: { items: [candidate('b')], nextCursor: null } });
    await flush();
    expect(store.getState().items.map((item) => item.id)).toEqual(['a', 'b']);

    await store.getState().loadMore(); // last page: nothing to ask
    expect(pending).toHaveLength(2);
  });

  it('drops a slow answer to an older search', async () => {
    const store = makeStore();
    void store.getState().load({ query: 'an' });
    void store.getState().load({ query: 'ann' });
    pending[1]?.resolve({ ok: true, value: { items: [candidate('anna')], nextCursor: null } });
    await flush();
    pending[0]?.resolve({ ok: true, value: { items: [candidate('andreas'), candidate('anna')], nextCursor: null } });
    await flush();
    expect(store.getState().items.map((item) => item.id)).toEqual(['anna']);
    expect(store.getState().params).toEqual({ query: 'ann' });
  });

  it('shows an error when the first page fails, and keeps the list when a refresh fails', async () => {
    const store = makeStore();
    void store.getState().load();
    pending[0]?.resolve({ ok: false, error: { code: 'network', message: '', retryable: true } });
    await flush();
    expect(store.getState()).toMatchObject({ status: 'error', error: { code: 'network' } });

    void store.getState().load();
    pending[1]?.resolve({ ok: true, value: { items: [candidate('a')], nextCursor: null } });
    await flush();
    void store.getState().refresh();
    expect(store.getState().status).toBe('ready'); // a refresh does not blank the list
    pending[2]?.resolve({ ok: false, error: { code: 'timeout', message: '', retryable: true } });
    await flush();
    expect(store.getState()).toMatchObject({ status: 'ready', error: { code: 'timeout' } });
    expect(store.getState().items).toHaveLength(1);
  });
});
