/** Where the headless key is kept for this tab, so that a reload keeps working. */
export const tokenStorageKey = 'hirebox.token';

export interface TokenSources {
  location: Pick<Location, 'hash' | 'pathname' | 'search'>;
  history: Pick<History, 'replaceState' | 'state'>;
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null;
}

/**
 * Reads the key the headless shell printed (`http://127.0.0.1:PORT/#token=...`).
 *
 * The key travels in the fragment, which browsers never send to a server. Once read it is
 * kept in this tab's sessionStorage and removed from the address bar, so it does not end
 * up in bookmarks or screenshots; a reload finds it in the tab's storage.
 */
export function takeToken(sources: TokenSources): string | null {
  const fromHash = new URLSearchParams(sources.location.hash.replace(/^#/, '')).get('token');
  if (fromHash) {
    try {
      sources.storage?.setItem(tokenStorageKey, fromHash);
    } catch {
      // Storage may be disabled; the key then lives only as long as this page.
    }
    sources.history.replaceState(sources.history.state, '', `${sources.location.pathname}${sources.location.search}`);
    return fromHash;
  }
  try {
    return sources.storage?.getItem(tokenStorageKey) ?? null;
  } catch {
    return null;
  }
}

/** Forgets a key the engine refused, so a reload does not try it again. */
export function forgetToken(storage: TokenSources['storage']): void {
  try {
    storage?.removeItem(tokenStorageKey);
  } catch {
    // Nothing to forget when storage is disabled.
  }
}
