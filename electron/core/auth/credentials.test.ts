import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import type { SecretBox } from '../secrets/secret-box.js';
import { CredentialVault, type OAuthCredential } from './credentials.js';

/** Seals by reversing and tagging: enough to see what was stored, and that it was sealed. */
const box: SecretBox = {
  seal: (plain) => Buffer.from(`sealed:${[...plain].reverse().join('')}`),
  open: (sealed) => [...sealed.toString().replace(/^sealed:/u, '')].reverse().join(''),
  protection: 'key-file',
};

function vaultWith(stored: string, refreshToken?: (credential: OAuthCredential) => Promise<OAuthCredential>) {
  const saved: string[] = [];
  const refreshes: OAuthCredential[] = [];
  let sealed: Buffer | null = box.seal(stored);
  const vault = new CredentialVault({
    secrets: box,
    load: () => sealed,
    save: (_mailboxId, value) => {
      sealed = value;
      saved.push(box.open(value));
    },
    ...(refreshToken === undefined
      ? {}
      : {
          refreshToken: (_mailboxId, credential) => {
            refreshes.push(credential);
            return refreshToken(credential);
          },
        }),
    now: () => new Date('2026-12-06T12:00:00Z'),
  });
  const store = (value: string | null) => {
    sealed = value === null ? null : box.seal(value);
  };
  return { vault, saved, refreshes, store };
}

const expired: OAuthCredential = { kind: 'oauth', accessToken: 'access-1', refreshToken: 'refresh-1', expiresAt: '2026-12-06T11:00:00.000Z' };
const fresh: OAuthCredential = { kind: 'oauth', accessToken: 'access-2', refreshToken: 'refresh-2', expiresAt: '2026-12-06T13:00:00.000Z' };

describe('credential vault', () => {
  it('hands every loop of a mailbox the same source', () => {
    const { vault } = vaultWith('secret');
    expect(vault.sourceFor('m1')).toBe(vault.sourceFor('m1'));
    expect(vault.sourceFor('m1')).not.toBe(vault.sourceFor('m2'));
  });

  it('reads a password sealed as a bare string, as older mailboxes stored it', async () => {
    const { vault } = vaultWith('{not json at all');
    expect(await vault.sourceFor('m1').current()).toEqual({ kind: 'password', password: '{not json at all' });
  });

  it('two loops refreshing the same token at once cause one refresh, and the rotated token is written back once', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { vault, saved, refreshes } = vaultWith(JSON.stringify({ ...expired, expiresAt: null }), async () => {
      await gate;
      return fresh;
    });
    const live = vault.sourceFor('m1');
    const outbox = vault.sourceFor('m1');
    const rejected = await live.current();
    const both = Promise.all([live.refresh(rejected), outbox.refresh(rejected)]);
    release();
    expect(await both).toEqual([fresh, fresh]);
    expect(refreshes).toHaveLength(1);
    expect(saved.map((text) => JSON.parse(text) as unknown)).toEqual([fresh]);
    // A loop that still holds the old token gets the new one without another refresh.
    expect(await outbox.refresh(rejected)).toEqual(fresh);
    expect(refreshes).toHaveLength(1);
  });

  it('refreshes a token about to expire before handing it out, once for callers at the same moment', async () => {
    const { vault, refreshes } = vaultWith(JSON.stringify(expired), async () => fresh);
    const source = vault.sourceFor('m1');
    expect(await Promise.all([source.current(), source.current()])).toEqual([fresh, fresh]);
    expect(refreshes).toHaveLength(1);
  });

  it('cannot refresh a password: the user must enter the new one', async () => {
    const { vault } = vaultWith('old-password');
    const source = vault.sourceFor('m1');
    const error = await source.refresh(await source.current()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'auth-required' });
  });

  it('a new password replaces the old one for every loop, sealed at rest', async () => {
    const { vault, saved } = vaultWith('old-password');
    const source = vault.sourceFor('m1');
    expect(await source.current()).toEqual({ kind: 'password', password: 'old-password' });
    vault.replace('m1', { kind: 'password', password: 'new-password' });
    expect(await source.current()).toEqual({ kind: 'password', password: 'new-password' });
    expect(saved).toEqual([JSON.stringify({ kind: 'password', password: 'new-password' })]);
  });

  it('once unlinking deleted the sealed password, no loop gets it any more — not even from memory (R12)', async () => {
    const { vault, store } = vaultWith('secret');
    const source = vault.sourceFor('m1');
    expect(await source.current()).toEqual({ kind: 'password', password: 'secret' });
    store(null);
    await expect(source.current()).rejects.toMatchObject({ code: 'auth-required' });
  });

  it('a damaged stored credential is refused, never used as a password', async () => {
    const { vault } = vaultWith('{"kind":"oauth","accessToken":""}');
    await expect(vault.sourceFor('m1').current()).rejects.toMatchObject({ code: 'auth-required' });
  });

  it('a new sign-in saved while a refresh runs wins over the refresh', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { vault } = vaultWith(JSON.stringify({ ...expired, expiresAt: null }), async () => {
      await gate;
      return fresh;
    });
    const source = vault.sourceFor('m1');
    const refreshing = source.refresh(await source.current());
    const signedIn: OAuthCredential = { kind: 'oauth', accessToken: 'access-new-sign-in', refreshToken: 'refresh-new', expiresAt: null };
    vault.replace('m1', signedIn);
    release();
    expect(await refreshing).toEqual(signedIn);
    expect(await source.current()).toEqual(signedIn);
  });

  it('a failed refresh is not remembered: the next attempt tries again', async () => {
    let attempt = 0;
    const { vault, refreshes } = vaultWith(JSON.stringify(expired), async () => {
      attempt += 1;
      if (attempt === 1) throw new AppError('network', 'offline', { retryable: true });
      return fresh;
    });
    const source = vault.sourceFor('m1');
    await expect(source.current()).rejects.toMatchObject({ code: 'network' });
    expect(await source.current()).toEqual(fresh);
    expect(refreshes).toHaveLength(2);
  });

  it('without a sealed credential, asks the user to sign in', async () => {
    const vault = new CredentialVault({ secrets: box, load: () => null, save: () => {} });
    await expect(vault.sourceFor('m1').current()).rejects.toMatchObject({ code: 'auth-required' });
  });
});
