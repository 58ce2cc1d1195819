import { CodeChallengeMethod, OAuth2Client } from 'google-auth-library';
import type { OAuthCredential } from '../../auth/credentials.js';
import { startLoopbackSignIn } from '../../auth/loopback-sign-in.js';
import { AppError } from '../../errors.js';
import { reasonOf, translateGmailError } from './gmail-errors.js';

/**
 * Google sign-in for Gmail: OAuth 2.0 for installed apps in the system browser
 * (https://developers.google.com/identity/protocols/oauth2/native-app) over the loopback
 * listener of `auth/loopback-sign-in.ts`, the code traded for tokens with PKCE, refresh and
 * revoke at Google's endpoints. The client id is configuration (docs/providers.md "Your
 * own OAuth client"); the endpoints move to the local stand-in in tests.
 */

/** Reading (list, get, history) and sending: nothing that modifies or deletes mail. */
export const gmailScopes = ['https://www.googleapis.com/auth/gmail.readonly', 'https://www.googleapis.com/auth/gmail.send'] as const;

export interface GmailOAuthConfig {
  /** The OAuth client id (type "Desktop app") of the company's Google Cloud project. */
  clientId: string;
  /**
   * Google issues Desktop clients a "secret" that is not one (it ships in every copy of an
   * app, and Google says so); its token endpoint still asks for it. Configuration too.
   */
  clientSecret?: string;
  /** Tests: the stand-in's endpoints. */
  endpoints?: { authorizeUrl?: string; tokenUrl?: string; revokeUrl?: string };
}

function oauthClient(config: GmailOAuthConfig): OAuth2Client {
  const endpoints = config.endpoints ?? {};
  return new OAuth2Client({
    clientId: config.clientId,
    ...(config.clientSecret === undefined ? {} : { clientSecret: config.clientSecret }),
    endpoints: {
      ...(endpoints.authorizeUrl === undefined ? {} : { oauth2AuthBaseUrl: endpoints.authorizeUrl }),
      ...(endpoints.tokenUrl === undefined ? {} : { oauth2TokenUrl: endpoints.tokenUrl }),
      ...(endpoints.revokeUrl === undefined ? {} : { oauth2RevokeUrl: endpoints.revokeUrl }),
    },
  });
}

export interface GoogleSignIn {
  /** Open in the system browser (the headless shell shows it). */
  authorizationUrl: string;
  /** The tokens once the person signed in; AppErrors as `LoopbackSignIn.result`, `auth-required` when Google refused the code. */
  credential: Promise<OAuthCredential>;
  cancel(reason?: unknown): void;
}

/** Starts a Google sign-in: a loopback listener, and the address for the browser. */
export async function startGoogleSignIn(config: GmailOAuthConfig, options: { loginHint?: string; timeoutMs?: number; signal?: AbortSignal } = {}): Promise<GoogleSignIn> {
  const client = oauthClient(config);
  const signIn = await startLoopbackSignIn({
    authorizationUrl: ({ redirectUri, state, codeChallenge }) =>
      client.generateAuthUrl({
        access_type: 'offline',
        // Google answers a refresh token only on consent.
        prompt: 'consent',
        scope: [...gmailScopes],
        state,
        redirect_uri: redirectUri,
        code_challenge: codeChallenge,
        code_challenge_method: CodeChallengeMethod.S256,
        ...(options.loginHint === undefined ? {} : { login_hint: options.loginHint }),
      }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  const credential = signIn.result.then(async ({ code, codeVerifier, redirectUri }) => {
    try {
      const { tokens } = await client.getToken({ code, codeVerifier, redirect_uri: redirectUri });
      if (!tokens.access_token || !tokens.refresh_token) throw new AppError('auth-required', 'Google did not hand out a lasting sign-in; sign in again and allow Hirebox access.');
      return { kind: 'oauth', accessToken: tokens.access_token, refreshToken: tokens.refresh_token, expiresAt: expiryOf(tokens.expiry_date) } satisfies OAuthCredential;
    } catch (error) {
      throw translateGmailError(error, 'signing in with Google');
    }
  });
  credential.catch(() => undefined);
  return { authorizationUrl: signIn.authorizationUrl, credential, cancel: (reason) => signIn.cancel(reason) };
}

/**
 * A fresh access token for `credential` (the vault's `refreshToken`). Google keeps the
 * refresh token; a revoked one is `auth-required`.
 */
export async function refreshGmailCredential(config: GmailOAuthConfig, credential: OAuthCredential): Promise<OAuthCredential> {
  const client = oauthClient(config);
  client.setCredentials({ refresh_token: credential.refreshToken });
  try {
    const { token } = await client.getAccessToken();
    if (!token) throw new AppError('auth-required', 'Google did not renew the sign-in; sign in with Google again.');
    return { kind: 'oauth', accessToken: token, refreshToken: client.credentials.refresh_token ?? credential.refreshToken, expiresAt: expiryOf(client.credentials.expiry_date) };
  } catch (error) {
    throw translateGmailError(error, 'renewing the Google sign-in');
  }
}

/** Disconnecting: revokes the grant at Google (the refresh token and its access tokens). */
export async function revokeGmailCredential(config: GmailOAuthConfig, credential: OAuthCredential): Promise<void> {
  try {
    await oauthClient(config).revokeToken(credential.refreshToken);
  } catch (error) {
    // Revoked already (or expired): the goal is reached.
    if (reasonOf(error) === 'invalid_token') return;
    throw translateGmailError(error, 'revoking the Google sign-in');
  }
}

function expiryOf(expiryDate: number | null | undefined): string | null {
  return typeof expiryDate === 'number' && Number.isFinite(expiryDate) ? new Date(expiryDate).toISOString() : null;
}
