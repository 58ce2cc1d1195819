import { gmail, type gmail_v1 } from '@googleapis/gmail';
import type { CredentialSource, OAuthCredential } from '../../auth/credentials.js';
import { AppError } from '../../errors.js';
import type { ProtocolCheck, ConnectionStep, ConnectionProblem } from '../../../../shared/model.js';
import type { GmailMailboxSettings, StoredMailboxSettings } from '../mailbox-settings.js';
import type { OAuthSignInProvider } from '../oauth-sign-in.js';
import { revokeGmailCredential, startGoogleSignIn, type GmailOAuthConfig } from './gmail-oauth.js';
import { isNetworkFailure, statusOf, translateGmailError } from './gmail-errors.js';

/**
 * The Google OAuth client a Hirebox installation signs in with (docs/providers.md "Your own
 * OAuth client"), and where tests move Google: `endpoints` (authorize, token, revoke) and
 * `rootUrl` (the Gmail API) point at the local stand-in; both absent in real use.
 */
export interface GoogleClientConfig extends GmailOAuthConfig {
  rootUrl?: string;
}

const defaultRootUrl = 'https://gmail.googleapis.com/';

/** The Gmail entry of the sign-in registry: Google's browser sign-in, the account read from `users.getProfile`. */
export function createGmailSignIn(config: GoogleClientConfig, options: { timeoutMs?: number } = {}): OAuthSignInProvider {
  return {
    async start({ loginHint, timeoutMs }) {
      const signIn = await startGoogleSignIn(config, {
        ...(loginHint === undefined ? {} : { loginHint }),
        ...(timeoutMs === undefined ? {} : { timeoutMs }),
      });
      const result = signIn.credential.then(async (credential) => {
        const address = await gmailAccountAddress(config.rootUrl, credential, options.timeoutMs);
        const settings: GmailMailboxSettings = {
          provider: 'gmail',
          address,
          clientId: config.clientId,
          ...(config.rootUrl === undefined ? {} : { rootUrl: config.rootUrl }),
          ...(config.endpoints?.authorizeUrl === undefined || config.endpoints.tokenUrl === undefined || config.endpoints.revokeUrl === undefined
            ? {}
            : { oauthEndpoints: { authorizeUrl: config.endpoints.authorizeUrl, tokenUrl: config.endpoints.tokenUrl, revokeUrl: config.endpoints.revokeUrl } }),
        };
        return { address, credential, settings };
      });
      result.catch(() => undefined);
      return { authorizationUrl: signIn.authorizationUrl, result, cancel: (reason) => signIn.cancel(reason) };
    },
    revoke: (settings, credential) => revokeGmailCredential(gmailOAuthConfigOf(settings, config.clientSecret), credential),
  };
}

/** The token endpoint configuration of a stored Gmail mailbox: the client id it signed in with, its endpoints. */
export function gmailOAuthConfigOf(settings: StoredMailboxSettings, clientSecret: string | undefined): GmailOAuthConfig {
  if (settings.provider !== 'gmail') throw new AppError('internal', 'This mailbox does not sign in with Google.');
  return {
    clientId: settings.clientId,
    ...(clientSecret === undefined ? {} : { clientSecret }),
    ...(settings.oauthEndpoints === undefined ? {} : { endpoints: settings.oauthEndpoints }),
  };
}

/** The signed-in account's address, as Gmail says (`users.getProfile` `emailAddress`), lower-case. */
async function gmailAccountAddress(rootUrl: string | undefined, credential: OAuthCredential, timeoutMs = 30_000): Promise<string> {
  const api = gmail({ version: 'v1', ...(rootUrl === undefined ? {} : { rootUrl }) });
  try {
    const { data } = await api.users.getProfile({ userId: 'me' }, { headers: { Authorization: `Bearer ${credential.accessToken}` }, timeout: timeoutMs, retry: false });
    if (!data.emailAddress) throw new AppError('internal', 'Gmail did not say which account signed in.');
    return data.emailAddress.trim().toLowerCase();
  } catch (error) {
    throw translateGmailError(error, 'reading which Google account signed in');
  }
}

/**
 * The connection test of a Gmail mailbox (R11): signed in (a token, refreshed when due), the
 * Gmail API answers (`users.getProfile` of the same account), and the labels INBOX and SENT
 * are there (`labels.list`, R9). Never throws for what Google answered.
 */
export async function checkGmail(settings: GmailMailboxSettings, credentials: CredentialSource, options: { timeoutMs?: number } = {}): Promise<ProtocolCheck> {
  const rootUrl = settings.rootUrl ?? defaultRootUrl;
  const host = new URL(rootUrl).hostname;
  const port = Number(new URL(rootUrl).port || (rootUrl.startsWith('https:') ? 443 : 80));
  const steps: ConnectionStep[] = [];
  const report = (failed?: { step: ConnectionStep['step']; problem: ConnectionProblem }): ProtocolCheck => {
    const names: ConnectionStep['step'][] = ['sign-in', 'api', 'labels'];
    if (failed !== undefined) steps.push({ step: failed.step, status: 'failed', problem: failed.problem });
    for (const name of names.slice(steps.length)) steps.push({ step: name, status: 'skipped' });
    return { protocol: 'gmail', host, port, security: rootUrl.startsWith('https:') ? 'tls' : 'none', ok: failed === undefined, steps };
  };
  const api = gmail({ version: 'v1', rootUrl });
  const request = (token: string) => ({ headers: { Authorization: `Bearer ${token}` }, timeout: options.timeoutMs ?? 30_000, retry: false as const });
  // Signed in: a token Gmail accepts — the stored one, or (after a 401) the refreshed one.
  let token: string;
  let profile: gmail_v1.Schema$Profile;
  try {
    const credential = await credentials.current();
    if (credential.kind !== 'oauth') return report({ step: 'sign-in', problem: { code: 'sign-in-needed' } });
    token = credential.accessToken;
    try {
      profile = (await api.users.getProfile({ userId: 'me' }, request(token))).data;
    } catch (error) {
      if (statusOf(error) !== 401) {
        steps.push({ step: 'sign-in', status: 'ok' });
        return report({ step: 'api', problem: problemOf(error, 'api') });
      }
      const fresh = await credentials.refresh(credential);
      if (fresh.kind !== 'oauth') return report({ step: 'sign-in', problem: { code: 'sign-in-needed' } });
      token = fresh.accessToken;
      profile = (await api.users.getProfile({ userId: 'me' }, request(token))).data;
    }
  } catch (error) {
    return report({ step: 'sign-in', problem: problemOf(error, 'sign-in') });
  }
  steps.push({ step: 'sign-in', status: 'ok' });
  if (profile.emailAddress?.toLowerCase() !== settings.address.toLowerCase()) return report({ step: 'api', problem: { code: 'wrong-account', detail: profile.emailAddress ?? '' } });
  steps.push({ step: 'api', status: 'ok' });
  try {
    const { data } = await api.users.labels.list({ userId: 'me' }, request(token));
    const ids = new Set((data.labels ?? []).map((label) => label.id));
    const missing = ['INBOX', 'SENT'].filter((label) => !ids.has(label));
    if (missing.length > 0) return report({ step: 'labels', problem: { code: 'label-missing', detail: missing.join(', ') } });
  } catch (error) {
    return report({ step: 'labels', problem: problemOf(error, 'api') });
  }
  steps.push({ step: 'labels', status: 'ok' });
  return report();
}

function problemOf(error: unknown, step: 'sign-in' | 'api'): ConnectionProblem {
  if (error instanceof AppError) {
    if (error.code === 'auth-required' || error.code === 'auth-expired') return { code: 'sign-in-needed' };
    if (error.code === 'timeout') return { code: 'timeout' };
    if (error.code === 'network') return { code: 'unreachable' };
    return { code: 'server-error', detail: error.message };
  }
  const status = statusOf(error);
  if (status === 401 || (status === 403 && step === 'sign-in')) return { code: 'sign-in-needed' };
  if (isNetworkFailure(error)) return { code: 'unreachable' };
  return { code: 'server-error', detail: translateGmailError(error, 'asking Gmail').message };
}
