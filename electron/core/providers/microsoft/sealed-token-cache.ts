import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ICachePlugin, TokenCacheContext } from '@azure/msal-node';
import type { SecretBox } from '../../auth/credentials.js';

/**
 * MSAL's token cache at rest, sealed by the same {@link SecretBox} as every other secret
 * (DESIGN.md "Secrets"): MSAL hands its serialized cache (accounts, id, access and refresh
 * tokens) to an `ICachePlugin` before and after each use
 * (https://learn.microsoft.com/entra/msal/javascript/node/caching); this plugin opens it
 * from, and seals it to, one file. Nothing of the cache is ever written in the clear.
 */

/** Where the sealed cache lives. */
export interface SealedCacheStore {
  /** The sealed cache, or null when there is none yet. */
  read(): Buffer | null;
  write(sealed: Buffer): void;
}

/** A cache file in the data folder, replaced atomically (write beside, then rename), readable by its owner only. */
export function sealedCacheFile(file: string): SealedCacheStore {
  return {
    read() {
      try {
        return readFileSync(file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
    write(sealed) {
      mkdirSync(path.dirname(file), { recursive: true });
      const beside = `${file}.${process.pid}.tmp`;
      writeFileSync(beside, sealed, { mode: 0o600 });
      renameSync(beside, file);
    },
  };
}

/** The plugin MSAL's `cache.cachePlugin` takes: opens before each access, seals after each change. */
export function sealedCachePlugin(store: SealedCacheStore, secrets: SecretBox): ICachePlugin {
  return {
    async beforeCacheAccess(context: TokenCacheContext) {
      const sealed = store.read();
      // A cache sealed by another key (a copied data folder) is dropped: the mailbox then
      // signs in from the refresh token the vault keeps, or the person signs in again.
      let text = '';
      if (sealed !== null) {
        try {
          text = secrets.open(sealed);
        } catch {
          text = '';
        }
      }
      context.tokenCache.deserialize(text === '' ? '{}' : text);
    },
    async afterCacheAccess(context: TokenCacheContext) {
      if (context.cacheHasChanged) store.write(secrets.seal(context.tokenCache.serialize()));
    },
  };
}
