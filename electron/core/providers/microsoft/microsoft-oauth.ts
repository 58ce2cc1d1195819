import { PublicClientApplication, ResponseMode, type AccountInfo, type AuthenticationResult, type Configuration, type INetworkModule } from '@azure/msal-node';
import type { OAuthCredential } from '../../auth/credentials.js';
import { startLoopbackSignIn } from '../../auth/loopback-sign-in.js';
import { AppError } from '../../errors.js';
import type { SecretBox } from '../../auth/credentials.js';
import { translateMsalError } from './microsoft-errors.js';
import { sealedCachePlugin, type SealedCacheStore } from './sealed-token-cache.js';

/**
 * Microsoft sign-in (Microsoft 365 and Outlook.com) with MSAL for Node, a public client:
 * authorization code with PKCE on the loopback redirect of `auth/loopback-sign-in.ts`, in
 * the system browser (https://learn.microsoft.com/entra/identity-platform/msal-authentication-flows).
 * MSAL's token cache is sealed at rest (`sealed-token-cache.ts`); every token is acquired
 * silently from it (`acquireTokenSilent`), which refreshes — and rotates the refresh token —
 * when the access token is about to expire. The rotated token also goes back to the vault as
 * the mailbox's credential. Client id and tenant are configuration (docs/providers.md
 * "Your own Entra app").
 */

/** Reading and sending mail, the user's profile, and a refresh token (`offline_access`, which MSAL adds with `openid profile`). */
export const microsoftScopes = ['https://graph.microsoft.com/Mail.Read', 'https://graph.microsoft.com/Mail.Send', 'https://graph.microsoft.com/User.Read'] as const;

/** `organizations` (work or school accounts of any tenant), `consumers` (Outlook.com, Hotmail, Live), or one tenant's id or domain. */
export type MicrosoftTenant = string;

export interface MicrosoftOAuthConfig {
  /** The application (client) id of the company's Entra app registration (a public client). */
  clientId: string;
  tenant: MicrosoftTenant;
  /** MSAL's cache at rest and the box that seals it; absent: a cache in memory only. */
  tokenCache?: { store: SealedCacheStore; secrets: SecretBox };
  /**
   * Tests: the authority's host (`login.microsoftonline.com` otherwise), its OpenID metadata
   * so MSAL asks no discovery endpoint, and a network client that reaches the stand-in.
   */
  authority?: { host: string; metadata?: string; networkClient?: INetworkModule };
}

const tenantPattern = /^(organizations|consumers|common|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[a-z0-9][a-z0-9.-]{0,251}\.[a-z]{2,63})$/iu;

/** Whether `tenant` is a tenant value Entra accepts in the authority. */
export function isMicrosoftTenant(tenant: string): boolean {
  return tenantPattern.test(tenant);
}

/**
 * One MSAL client per configuration and cache, and one operation on a cache at a time: MSAL
 * reads the sealed cache before an operation and writes it after, so two at once would let
 * the second write drop the refresh token the first one rotated.
 */
const inMemory = {};
const clientsByCache = new WeakMap<object, { queue: Promise<unknown>; clients: Map<string, PublicClientApplication> }>();

interface Msal {
  client: PublicClientApplication;
  exclusive<T>(run: (client: PublicClientApplication) => Promise<T>): Promise<T>;
}

function msalOf(config: MicrosoftOAuthConfig): Msal {
  if (!isMicrosoftTenant(config.tenant)) throw new AppError('invalid-input', 'The Microsoft tenant must be "organizations", "consumers" or a tenant id.', { field: 'tenant' });
  const host = config.authority?.host ?? 'login.microsoftonline.com';
  const cacheKey: object = config.tokenCache?.store ?? config.authority?.networkClient ?? inMemory;
  let shared = clientsByCache.get(cacheKey);
  if (shared === undefined) {
    shared = { queue: Promise.resolve(), clients: new Map() };
    clientsByCache.set(cacheKey, shared);
  }
  const key = JSON.stringify([config.clientId, host, config.tenant.toLowerCase()]);
  let client = shared.clients.get(key);
  if (client === undefined) {
    client = new PublicClientApplication({
      auth: {
        clientId: config.clientId,
        authority: `https://${host}/${config.tenant}/`,
        ...(config.authority === undefined ? {} : { knownAuthorities: [host] }),
        ...(config.authority?.metadata === undefined ? {} : { authorityMetadata: config.authority.metadata }),
      },
      ...(config.tokenCache === undefined ? {} : { cache: { cachePlugin: sealedCachePlugin(config.tokenCache.store, config.tokenCache.secrets) } }),
      // MSAL's logger stays off: its messages can carry account names.
      system: { ...(config.authority?.networkClient === undefined ? {} : { networkClient: config.authority.networkClient }) },
    } satisfies Configuration);
    shared.clients.set(key, client);
  }
  const chosen = client;
  const lock = shared;
  return {
    client: chosen,
    exclusive: <T>(run: (msal: PublicClientApplication) => Promise<T>) => {
      const next = lock.queue.then(() => run(chosen));
      lock.queue = next.catch(() => undefined);
      return next;
    },
  };
}

export interface MicrosoftSignIn {
  /** Open in the system browser (the headless shell shows it). */
  authorizationUrl: string;
  /** The tokens once the person signed in; AppErrors as `LoopbackSignIn.result`, `auth-required` when Microsoft refused. */
  credential: Promise<OAuthCredential>;
  /** Who signed in: the account's address (`preferred_username`) and name. */
  account: Promise<{ address: string; name: string }>;
  cancel(reason?: unknown): void;
}

/** Starts a Microsoft sign-in: a loopback listener, and the address for the browser. */
export async function startMicrosoftSignIn(config: MicrosoftOAuthConfig, options: { loginHint?: string; timeoutMs?: number; signal?: AbortSignal } = {}): Promise<MicrosoftSignIn> {
  const msal = msalOf(config);
  const signIn = await startLoopbackSignIn({
    // Entra matches a loopback redirect by scheme, host and path and ignores the port (reply-url restrictions, "localhost exceptions").
    path: '/',
    authorizationUrl: ({ redirectUri, state, codeChallenge }) =>
      msal.client.getAuthCodeUrl({
        scopes: [...microsoftScopes],
        redirectUri,
        state,
        codeChallenge,
        codeChallengeMethod: 'S256',
        responseMode: ResponseMode.QUERY,
        // Entra refuses an account hint with `select_account` (MSAL drops the hint then): a known account is hinted instead.
        ...(options.loginHint === undefined ? { prompt: 'select_account' } : { loginHint: options.loginHint }),
      }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  const result = signIn.result.then(async ({ code, codeVerifier, redirectUri }) => {
    try {
      const answer = await msal.exclusive((client) => client.acquireTokenByCode({ code, codeVerifier, redirectUri, scopes: [...microsoftScopes] }));
      return { answer, credential: await credentialOf(msal.client, answer, null) };
    } catch (error) {
      throw translateMsalError(error, 'signing in with Microsoft');
    }
  });
  const credential = result.then(({ credential: signedIn }) => signedIn);
  const account = result.then(({ answer }) => ({ address: answer.account?.username ?? '', name: answer.account?.name ?? '' }));
  credential.catch(() => undefined);
  account.catch(() => undefined);
  return { authorizationUrl: signIn.authorizationUrl, credential, account, cancel: (reason) => signIn.cancel(reason) };
}

/**
 * A fresh credential for the mailbox of `address` (the vault's `refreshToken`): MSAL's silent
 * acquisition from its cache, forced past a cached token the server refused; MSAL rotates the
 * refresh token, and the rotated one is answered for the vault to seal. An account missing
 * from the cache (a new computer, a dropped cache) signs in from the vault's refresh token.
 * @throws AppError `auth-required` when Entra refused the grant (revoked, expired, consent withdrawn).
 */
export async function refreshMicrosoftCredential(config: MicrosoftOAuthConfig, address: string, credential: OAuthCredential): Promise<OAuthCredential> {
  const msal = msalOf(config);
  try {
    return await msal.exclusive(async (client) => {
      const account = await accountOf(client, address);
      if (account !== null) {
        try {
          let answer = await client.acquireTokenSilent({ account, scopes: [...microsoftScopes] });
          // The cached token is the one the server just refused: renew it.
          if (answer.accessToken === credential.accessToken) answer = await client.acquireTokenSilent({ account, scopes: [...microsoftScopes], forceRefresh: true });
          return await credentialOf(client, answer, credential.refreshToken);
        } catch (error) {
          // The cache's refresh token was refused; the vault's may be newer (a cache restored from a backup).
          if ((await cachedRefreshToken(client, account.homeAccountId)) === credential.refreshToken) throw error;
        }
      }
      const answer = await client.acquireTokenByRefreshToken({ refreshToken: credential.refreshToken, scopes: [...microsoftScopes], forceCache: true });
      if (answer === null) throw new AppError('auth-required', 'Microsoft did not renew the sign-in; sign in with Microsoft again.');
      return credentialOf(client, answer, credential.refreshToken);
    });
  } catch (error) {
    throw translateMsalError(error, 'renewing the Microsoft sign-in');
  }
}

/**
 * Signing out (disconnecting the mailbox, R12): the account and its tokens leave MSAL's
 * cache. Public clients have no revocation endpoint; the vault's copy is deleted by the
 * caller with the mailbox's credentials.
 */
export async function signOutMicrosoft(config: MicrosoftOAuthConfig, address: string): Promise<void> {
  const msal = msalOf(config);
  await msal.exclusive(async (client) => {
    const account = await accountOf(client, address);
    if (account !== null) await client.getTokenCache().removeAccount(account);
  });
}

async function accountOf(client: PublicClientApplication, address: string): Promise<AccountInfo | null> {
  const wanted = address.trim().toLowerCase();
  const accounts = await client.getTokenCache().getAllAccounts();
  return accounts.find((account) => account.username.toLowerCase() === wanted) ?? null;
}

/** The refresh token MSAL holds for the account now (after a rotation), from its serialized cache. */
async function cachedRefreshToken(client: PublicClientApplication, homeAccountId: string): Promise<string | null> {
  const cache = client.getTokenCache();
  // Read the cache through MSAL (the plugin opens it) before looking at its serialized form.
  await cache.getAllAccounts();
  const parsed: unknown = JSON.parse(cache.serialize());
  const entries = typeof parsed === 'object' && parsed !== null && 'RefreshToken' in parsed && typeof parsed.RefreshToken === 'object' && parsed.RefreshToken !== null ? Object.values(parsed.RefreshToken) : [];
  for (const entry of entries) {
    if (typeof entry === 'object' && entry !== null && 'home_account_id' in entry && entry.home_account_id === homeAccountId && 'secret' in entry && typeof entry.secret === 'string') return entry.secret;
  }
  return null;
}

async function credentialOf(client: PublicClientApplication, answer: AuthenticationResult, previousRefreshToken: string | null): Promise<OAuthCredential> {
  const refreshToken = answer.account === null ? null : await cachedRefreshToken(client, answer.account.homeAccountId);
  const kept = refreshToken ?? previousRefreshToken;
  if (!answer.accessToken || kept === null) throw new AppError('auth-required', 'Microsoft did not hand out a lasting sign-in; sign in again and allow Hirebox access.');
  return { kind: 'oauth', accessToken: answer.accessToken, refreshToken: kept, expiresAt: answer.expiresOn === null ? null : answer.expiresOn.toISOString() };
}
