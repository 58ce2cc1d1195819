import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTempStore, seedCandidate, type TempStore } from './test-support.js';

let subject: TempStore;
beforeEach(() => {
  subject = openTempStore();
});
afterEach(() => subject.dispose());

describe('Store', () => {
  it('commits a transaction as a whole', () => {
    const { store } = subject;
    const ids = store.transaction(() => [seedCandidate(store, { name: 'Anna' }), seedCandidate(store, { name: 'Bert' })]);
    expect(ids).toHaveLength(2);
    expect(store.candidates.list({ scope: { kind: 'all' }, limit: 10 }).items.map((c) => c.name)).toEqual(['Anna', 'Bert']);
  });

  it('rolls a transaction back entirely when it throws', () => {
    const { store } = subject;
    expect(() =>
      store.transaction(() => {
        seedCandidate(store, { name: 'Anna' });
        throw new Error('changed my mind');
      }),
    ).toThrow('changed my mind');
    expect(store.candidates.list({ scope: { kind: 'all' }, limit: 10 }).items).toEqual([]);
  });

  it('refuses an async function and keeps none of its writes', () => {
    const { store } = subject;
    expect(() =>
      store.transaction(async () => {
        seedCandidate(store, { name: 'Anna' });
        await Promise.resolve();
      }),
    ).toThrow(expect.objectContaining({ code: 'internal' }));
    expect(store.candidates.list({ scope: { kind: 'all' }, limit: 10 }).items).toEqual([]);
  });

  it('checkpoints the WAL down to zero bytes', () => {
    const { store, file } = subject;
    for (let i = 0; i < 20; i += 1) seedCandidate(store, { name: `Candidate ${i}` });
    expect(fs.statSync(`${file}-wal`).size).toBeGreaterThan(0);
    expect(store.checkpoint()).toEqual({ complete: true });
    expect(fs.statSync(`${file}-wal`).size).toBe(0);
  });

  it('closes once, however often it is asked', () => {
    const { store } = subject;
    store.close();
    expect(() => store.close()).not.toThrow();
    expect(() => store.candidates.get(randomUUID())).toThrow();
  });
});
