import { describe, expect, it } from 'vitest';
import { forgetToken, takeToken, tokenStorageKey } from './location-token.js';

function sources(hash: string, stored?: string) {
  const storage = new Map<string, string>(stored ? [[tokenStorageKey, stored]] : []);
  const replaced: string[] = [];
  return {
    replaced,
    storage,
    sources: {
      location: { hash, pathname: '/', search: '' },
      history: { state: null, replaceState: (_data: unknown, _unused: string, url?: string | URL | null) => void replaced.push(String(url)) },
      storage: {
        getItem: (key: string) => storage.get(key) ?? null,
        setItem: (key: string, value: string) => void storage.set(key, value),
        removeItem: (key: string) => void storage.delete(key),
      },
    },
  };
}

describe('takeToken', () => {
  it('reads the key from the fragment, keeps it for reloads and removes it from the address', () => {
    const { sources: s, storage, replaced } = sources('#token=abc123');
    expect(takeToken(s)).toBe('abc123');
    expect(storage.get(tokenStorageKey)).toBe('abc123');
    expect(replaced).toEqual(['/']);
  });

  it('prefers a fresh key in the fragment over a stored one', () => {
    const { sources: s } = sources('#token=new', 'old');
    expect(takeToken(s)).toBe('new');
  });

  it('finds the stored key after a reload', () => {
    const { sources: s, replaced } = sources('#/settings/language', 'abc123');
    expect(takeToken(s)).toBe('abc123');
    expect(replaced).toEqual([]);
  });

  it('has no key when neither the address nor the tab has one', () => {
    expect(takeToken(sources('').sources)).toBeNull();
    expect(takeToken(sources('#token=').sources)).toBeNull();
  });

  it('keeps working when storage throws (disabled by policy)', () => {
    const { sources: s } = sources('#token=abc');
    const throwing = { ...s, storage: { getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('denied'); }, removeItem: () => {} } };
    expect(takeToken(throwing)).toBe('abc');
    expect(takeToken({ ...throwing, location: { hash: '', pathname: '/', search: '' } })).toBeNull();
  });

  it('forgets a refused key', () => {
    const { sources: s, storage } = sources('', 'abc');
    forgetToken(s.storage);
    expect(storage.has(tokenStorageKey)).toBe(false);
  });
});
