import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CredentialVault, type OAuthCredential } from '../../electron/core/auth/credentials.js';
import { refreshMicrosoftCredential, sealedCacheFile, signOutMicrosoft, startMicrosoftSignIn, type MicrosoftOAuthConfig } from '../../electron/core/providers/microsoft/index.js';
import { KeyFileSecretBox } from '../../electron/core/secrets/key-file-secret-box.js';
import { startGraphApi, type GraphApiServer } from '../support/graph-api/index.js';
import { makeTempFolder } from '../support/temp-folder.js';
import { rejection } from './provider-conformance.js';

// The real MSAL client (@azure/msal-node) against the local Entra ID: sign-in through the
// loopback redirect with PKCE, silent renewal with the rotated refresh token written back
// through the vault, a revoked grant, sign-out, and a token cache that is sealed on disk.

const address = 'mira@contoso.test';
let server: GraphApiServer;
let temp: { folder: string; remove(): void };
let config: MicrosoftOAuthConfig;
let cacheFile: string;

beforeAll(async () => {
  server = await startGraphApi();
  server.addAccount(address, 'Mira Meier');
  temp = makeTempFolder();
  cacheFile = path.join(temp.folder, 'microsoft-token-cache.bin');
  config = {
    clientId: server.clientId,
    tenant: 'organizations',
    authority: { host: server.msal.authorityHost, metadata: server.msal.authorityMetadata('organizations'), networkClient: server.msal.networkClient },
    tokenCache: { store: sealedCacheFile(cacheFile), secrets: KeyFileSecretBox.open(temp.folder) },
  };
});

afterAll(async () => {
  await server?.close();
  temp?.remove();
});

/** The browser's part: follow the authorize redirect to the loopback listener. */
async function signInThroughBrowser(authorizationUrl: string): Promise<string> {
  const redirect = await fetch(authorizationUrl, { redirect: 'manual' });
  expect(redirect.status).toBe(302);
  const page = await fetch(redirect.headers.get('location') as string);
  return page.text();
}

describe('Microsoft sign-in with MSAL against the local Entra ID', () => {
  let signedIn: OAuthCredential;

  it('signs in through the browser: loopback redirect, PKCE, the account and tokens', async () => {
    const signIn = await startMicrosoftSignIn(config, { loginHint: address, timeoutMs: 5_000 });
    const url = new URL(signIn.authorizationUrl);
    expect(url.host).toBe(server.msal.authorityHost);
    expect(url.pathname).toBe('/organizations/oauth2/v2.0/authorize');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/u);
    expect(url.searchParams.get('scope')?.split(' ')).toEqual(expect.arrayContaining(['https://graph.microsoft.com/Mail.Read', 'https://graph.microsoft.com/Mail.Send', 'offline_access']));
    // The authorize endpoint is on the fake host: the browser's request goes to the stand-in.
    expect(await signInThroughBrowser(signIn.authorizationUrl.replace(`https://${server.msal.authorityHost}`, server.graphUrl.replace(/\/v1\.0\/$/u, '')))).toContain('Sign-in received');
    signedIn = await signIn.credential;
    expect(signedIn).toMatchObject({ kind: 'oauth', accessToken: expect.any(String), refreshToken: expect.any(String), expiresAt: expect.any(String) });
    expect(await signIn.account).toEqual({ address, name: 'Mira Meier' });
    const me = await fetch(`${server.graphUrl}me`, { headers: { Authorization: `Bearer ${signedIn.accessToken}` } });
    expect(((await me.json()) as { mail: string }).mail).toBe(address);
  });

  it('keeps the token cache sealed on disk: no token, no address readable', () => {
    const bytes = fs.readFileSync(cacheFile);
    for (const secret of [signedIn.accessToken, signedIn.refreshToken, address, 'RefreshToken']) {
      expect(bytes.includes(Buffer.from(secret))).toBe(false);
      expect(bytes.toString('base64').includes(Buffer.from(secret).toString('base64').slice(4, -4))).toBe(false);
    }
  });

  it('renews silently with the rotated refresh token, written back through the vault once for concurrent callers', async () => {
    const box = KeyFileSecretBox.open(temp.folder);
    let sealed: Buffer | null = box.seal(JSON.stringify({ ...signedIn, expiresAt: new Date(Date.now() - 1000).toISOString() }));
    let saves = 0;
    const vault = new CredentialVault({
      secrets: box,
      load: () => sealed,
      save: (_id, next) => {
        saves += 1;
        sealed = next;
      },
      refreshToken: (_id, credential) => refreshMicrosoftCredential(config, address, credential),
    });
    const source = vault.sourceFor('mailbox-1');
    // Three loops at once ask for the expired credential: one refresh.
    const [first, second, third] = await Promise.all([source.current(), source.current(), source.current()]);
    expect(first).toEqual(second);
    expect(second).toEqual(third);
    expect(saves).toBe(1);
    const fresh = first as OAuthCredential;
    expect(fresh.accessToken).not.toBe(signedIn.accessToken);
    expect(fresh.refreshToken).not.toBe(signedIn.refreshToken);
    // The rotated token is the one Entra holds now, and the vault stored it.
    expect(server.currentRefreshToken(signedIn.refreshToken)).toBe(fresh.refreshToken);
    expect(JSON.parse(box.open(sealed as Buffer))).toMatchObject({ refreshToken: fresh.refreshToken });

    // A refused access token (401) forces a renewal past MSAL's cached one.
    const renewed = (await source.refresh(fresh)) as OAuthCredential;
    expect(renewed.accessToken).not.toBe(fresh.accessToken);
    expect(server.currentRefreshToken(signedIn.refreshToken)).toBe(renewed.refreshToken);
    signedIn = renewed;
  });

  it('renews from the vault’s refresh token when the cache lost the account (a new computer)', async () => {
    const other = makeTempFolder();
    try {
      const fresh = await refreshMicrosoftCredential({ ...config, tokenCache: { store: sealedCacheFile(path.join(other.folder, 'cache.bin')), secrets: KeyFileSecretBox.open(other.folder) } }, address, signedIn);
      expect(fresh.refreshToken).not.toBe(signedIn.refreshToken);
      expect(server.currentRefreshToken(signedIn.refreshToken)).toBe(fresh.refreshToken);
    } finally {
      other.remove();
    }
  });

  it('answers auth-required for a revoked grant, with no token in the message', async () => {
    const grant = server.grant(address);
    const credential: OAuthCredential = { kind: 'oauth', accessToken: grant.accessToken, refreshToken: grant.refreshToken, expiresAt: grant.expiresAt.toISOString() };
    server.revoke(grant.refreshToken);
    const temporary = makeTempFolder();
    try {
      const error = await rejection(refreshMicrosoftCredential({ ...config, tokenCache: { store: sealedCacheFile(path.join(temporary.folder, 'cache.bin')), secrets: KeyFileSecretBox.open(temporary.folder) } }, address, credential));
      expect(error).toMatchObject({ code: 'auth-required', retryable: false });
      expect(error.message).not.toContain(grant.refreshToken);
    } finally {
      temporary.remove();
    }
  });

  it('a refusal in the browser is auth-required', async () => {
    server.nextSignIn('deny');
    const refused = await startMicrosoftSignIn(config, { timeoutMs: 5_000 });
    await signInThroughBrowser(refused.authorizationUrl.replace(`https://${server.msal.authorityHost}`, server.graphUrl.replace(/\/v1\.0\/$/u, '')));
    expect(await rejection(refused.credential)).toMatchObject({ code: 'auth-required' });
  });

  it('signs out: the account leaves the cache, and a silent renewal of it needs the vault’s token', async () => {
    const before = fs.readFileSync(cacheFile);
    await signOutMicrosoft(config, address);
    expect(fs.readFileSync(cacheFile).equals(before)).toBe(false);
    server.revoke(server.currentRefreshToken(signedIn.refreshToken) as string);
    expect(await rejection(refreshMicrosoftCredential(config, address, signedIn))).toMatchObject({ code: 'auth-required' });
  });
});
