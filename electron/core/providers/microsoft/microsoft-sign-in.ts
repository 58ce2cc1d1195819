import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';
import type { User } from '@microsoft/microsoft-graph-types';
import type { ConnectionProblem, ConnectionStep, ProtocolCheck } from '../../../../shared/model.js';
import type { CredentialSource, SecretBox } from '../../auth/credentials.js';
import { AppError } from '../../errors.js';
import type { MicrosoftMailboxSettings, StoredMailboxSettings } from '../mailbox-settings.js';
import type { OAuthSignInProvider } from '../oauth-sign-in.js';
import { GraphClient } from './graph-client.js';
import { signOutMicrosoft, startMicrosoftSignIn, type MicrosoftOAuthConfig } from './microsoft-oauth.js';
import type { SealedCacheStore } from './sealed-token-cache.js';

/**
 * The Entra app a Hirebox installation signs in with (docs/providers.md "Your own Entra app
 * registration"), and where tests move Microsoft: `endpoints` carry the authority's host to
 * a local server (`authorityUrl`) and Graph to `graphUrl`; absent in real use.
 */
export interface MicrosoftClientConfig {
  clientId: string;
  /** `organizations`, `consumers`, `common` or a tenant id; default `common`. */
  tenant?: string;
  endpoints?: { authorityHost: string; authorityUrl: string; graphUrl: string };
}

/** MSAL's sealed token cache: one file in the data folder, sealed by the shell's secret box. */
export type MicrosoftTokenCache = { store: SealedCacheStore; secrets: SecretBox };

export const defaultMicrosoftTenant = 'common';
const defaultGraphUrl = 'https://graph.microsoft.com/v1.0/';

/**
 * MSAL reaches the authority over https by its host; a stand-in listens on plain http at
 * `authorityUrl`. This network client carries MSAL's requests for `authorityHost` there (tests only).
 */
export function forwardingNetworkClient(authorityHost: string, authorityUrl: string): INetworkModule {
  const base = authorityUrl.replace(/\/+$/u, '');
  async function forward<T>(url: string, method: 'GET' | 'POST', options: NetworkRequestOptions = {}): Promise<NetworkResponse<T>> {
    const target = new URL(url);
    if (target.host !== authorityHost) throw new AppError('internal', `The Microsoft sign-in asked for ${target.host}, which is not the configured authority.`);
    const answer = await fetch(`${base}${target.pathname}${target.search}`, { method, ...(options.headers === undefined ? {} : { headers: options.headers }), ...(options.body === undefined ? {} : { body: options.body }) });
    const headers: Record<string, string> = {};
    answer.headers.forEach((value, key) => (headers[key] = value));
    return { status: answer.status, headers, body: (await answer.json()) as T };
  }
  return {
    sendGetRequestAsync: <T>(url: string, options?: NetworkRequestOptions) => forward<T>(url, 'GET', options),
    sendPostRequestAsync: <T>(url: string, options?: NetworkRequestOptions) => forward<T>(url, 'POST', options),
  };
}

/**
 * The MSAL configuration of a stored Microsoft mailbox: the client id and tenant it signed in
 * with, the sealed cache, and (tests) where the authority was moved.
 */
export function microsoftOAuthConfigOf(settings: StoredMailboxSettings, client: MicrosoftClientConfig | undefined, tokenCache: MicrosoftTokenCache | undefined): MicrosoftOAuthConfig {
  if (settings.provider !== 'microsoft') throw new AppError('internal', 'This mailbox does not sign in with Microsoft.');
  const endpoints = client?.endpoints;
  const moved = settings.authorityHost !== undefined && endpoints !== undefined && endpoints.authorityHost === settings.authorityHost;
  return {
    clientId: settings.clientId,
    tenant: settings.tenant,
    ...(tokenCache === undefined ? {} : { tokenCache }),
    ...(moved ? { authority: { host: endpoints.authorityHost, networkClient: forwardingNetworkClient(endpoints.authorityHost, endpoints.authorityUrl) } } : {}),
  };
}

/** The Microsoft entry of the sign-in registry: MSAL's browser sign-in, the account from its id token. */
export function createMicrosoftSignIn(client: MicrosoftClientConfig, options: { tokenCache?: MicrosoftTokenCache; timeoutMs?: number } = {}): OAuthSignInProvider {
  const tenant = client.tenant ?? defaultMicrosoftTenant;
  const endpoints = client.endpoints;
  const settingsFor = (address: string): MicrosoftMailboxSettings => ({
    provider: 'microsoft',
    address,
    clientId: client.clientId,
    tenant,
    ...(endpoints === undefined ? {} : { graphUrl: endpoints.graphUrl, authorityHost: endpoints.authorityHost }),
  });
  const configFor = (address: string) => microsoftOAuthConfigOf(settingsFor(address), client, options.tokenCache);
  return {
    async start({ loginHint, timeoutMs }) {
      const signIn = await startMicrosoftSignIn(configFor(''), {
        ...(loginHint === undefined ? {} : { loginHint }),
        ...(timeoutMs === undefined ? {} : { timeoutMs }),
      });
      const result = Promise.all([signIn.credential, signIn.account]).then(([credential, account]) => {
        const address = account.address.trim().toLowerCase();
        if (!/^[^@\s]+@[^@\s]+$/u.test(address)) throw new AppError('internal', 'Microsoft did not say which account signed in.');
        return { address, credential, settings: settingsFor(address) };
      });
      result.catch(() => undefined);
      // A browser cannot reach a moved authority by its https host: it opens the stand-in itself.
      const authorizationUrl = endpoints === undefined ? signIn.authorizationUrl : signIn.authorizationUrl.replace(`https://${endpoints.authorityHost}`, endpoints.authorityUrl.replace(/\/+$/u, ''));
      return { authorizationUrl, result, cancel: (reason) => signIn.cancel(reason) };
    },
    // Public clients have no revocation endpoint: the account leaves MSAL's cache, the vault's copy goes with the mailbox.
    revoke: (settings) => signOutMicrosoft(microsoftOAuthConfigOf(settings, client, options.tokenCache), settings.provider === 'microsoft' ? settings.address : ''),
  };
}

/**
 * The connection test of a Microsoft mailbox (R11): signed in (a token, renewed when due),
 * Graph answers `/me` for the same account, and the folders Inbox and Sent Items are there
 * (R9). Never throws for what Microsoft answered.
 */
export async function checkMicrosoft(settings: MicrosoftMailboxSettings, credentials: CredentialSource, options: { timeoutMs?: number } = {}): Promise<ProtocolCheck> {
  const graphUrl = settings.graphUrl ?? defaultGraphUrl;
  const url = new URL(graphUrl);
  const steps: ConnectionStep[] = [];
  const report = (failed?: { step: ConnectionStep['step']; problem: ConnectionProblem }): ProtocolCheck => {
    const names: ConnectionStep['step'][] = ['sign-in', 'api', 'folders'];
    if (failed !== undefined) steps.push({ step: failed.step, status: 'failed', problem: failed.problem });
    for (const name of names.slice(steps.length)) steps.push({ step: name, status: 'skipped' });
    return { protocol: 'microsoft', host: url.hostname, port: Number(url.port || (url.protocol === 'https:' ? 443 : 80)), security: url.protocol === 'https:' ? 'tls' : 'none', ok: failed === undefined, steps };
  };
  try {
    const credential = await credentials.current();
    if (credential.kind !== 'oauth') return report({ step: 'sign-in', problem: { code: 'sign-in-needed' } });
  } catch (error) {
    return report({ step: 'sign-in', problem: problemOf(error) });
  }
  const graph = new GraphClient(graphUrl, credentials, { timeoutMs: options.timeoutMs ?? 30_000, maxInFlight: 2 });
  try {
    let me: User;
    try {
      // The client renews a refused token once through the credential source.
      me = await graph.json<User>('reading the signed-in account', graph.url('me', { $select: 'mail,userPrincipalName' }));
    } catch (error) {
      const signInFailed = error instanceof AppError && (error.code === 'auth-required' || error.code === 'auth-expired');
      if (signInFailed) return report({ step: 'sign-in', problem: { code: 'sign-in-needed' } });
      steps.push({ step: 'sign-in', status: 'ok' });
      return report({ step: 'api', problem: problemOf(error) });
    }
    steps.push({ step: 'sign-in', status: 'ok' });
    const accounts = [me.mail, me.userPrincipalName].filter((value): value is string => typeof value === 'string').map((value) => value.toLowerCase());
    if (!accounts.includes(settings.address.toLowerCase())) return report({ step: 'api', problem: { code: 'wrong-account', detail: me.mail ?? me.userPrincipalName ?? '' } });
    steps.push({ step: 'api', status: 'ok' });
    const missing: string[] = [];
    for (const folder of ['inbox', 'sentitems']) {
      try {
        await graph.json('reading a folder', graph.url(`me/mailFolders/${folder}`, { $select: 'id' }));
      } catch (error) {
        if (error instanceof AppError && error.code === 'not-found') missing.push(folder === 'inbox' ? 'Inbox' : 'Sent Items');
        else return report({ step: 'folders', problem: problemOf(error) });
      }
    }
    if (missing.length > 0) return report({ step: 'folders', problem: { code: 'label-missing', detail: missing.join(', ') } });
    steps.push({ step: 'folders', status: 'ok' });
    return report();
  } finally {
    graph.close();
  }
}

function problemOf(error: unknown): ConnectionProblem {
  if (error instanceof AppError) {
    if (error.code === 'auth-required' || error.code === 'auth-expired') return { code: 'sign-in-needed' };
    if (error.code === 'timeout') return { code: 'timeout' };
    if (error.code === 'network') return { code: 'unreachable' };
    return { code: 'server-error', detail: error.message };
  }
  return { code: 'server-error', detail: error instanceof Error ? error.message : String(error) };
}

