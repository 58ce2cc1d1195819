import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppError } from '../errors.js';

/**
 * OAuth 2.0 for installed apps (RFC 8252): the browser signs in and the provider redirects
 * to a listener on the loopback interface (`http://127.0.0.1:<free port>/<path>`), with PKCE
 * (RFC 7636, S256) and a `state` that must come back unchanged. Provider-neutral: Google
 * builds its authorization address with google-auth-library, Microsoft with MSAL's
 * `getAuthCodeUrl`; both hand the listener's `redirectUri`, `state` and code challenge in.
 *
 * The listener takes exactly one callback: the first GET on the path with the right
 * `Host` ends the sign-in (a code, or the provider's error) and closes it. Other methods,
 * other hosts (DNS rebinding) and other paths are answered and ignored. A callback with a
 * wrong `state` ends the sign-in with an error: it is not the redirect this sign-in asked
 * for. After `timeoutMs` the listener closes and the sign-in fails with `timeout`.
 */

/** What the authorization address is built from. */
export interface AuthorizationRequest {
  redirectUri: string;
  state: string;
  codeChallenge: string;
  codeChallengeMethod: 'S256';
}

export interface LoopbackSignInOptions {
  /** Builds the provider's authorization address (opened in the system browser). */
  authorizationUrl(request: AuthorizationRequest): string | Promise<string>;
  /** The redirect path; default `/oauth2/callback`. */
  path?: string;
  /** How long the person has to sign in; default 5 minutes. */
  timeoutMs?: number;
  /** Cancels the sign-in (the person closed the dialog): the listener closes. */
  signal?: AbortSignal;
}

/** The code the browser brought back, with what the token request needs beside it. */
export interface AuthorizationCode {
  code: string;
  codeVerifier: string;
  redirectUri: string;
}

export interface LoopbackSignIn {
  /** Open this in the system browser (the headless shell shows it to the person). */
  authorizationUrl: string;
  redirectUri: string;
  /**
   * Settles once: the authorization code, or an AppError — `auth-required` when the person
   * refused or the provider answered an error, `invalid-input` (`field: 'state'`) for a
   * callback that is not this sign-in's, `timeout` (retryable) when nobody came back in time.
   * A cancelled sign-in rejects with the signal's reason.
   */
  result: Promise<AuthorizationCode>;
  /** Closes the listener; a pending `result` rejects with `reason`. Idempotent. */
  cancel(reason?: unknown): void;
}

const defaultTimeoutMs = 5 * 60 * 1000;

/** A PKCE pair (RFC 7636 §4.1–4.2): 32 random bytes as the verifier, its SHA-256 as the challenge. */
export function pkcePair(): { codeVerifier: string; codeChallenge: string } {
  const codeVerifier = randomBytes(32).toString('base64url');
  return { codeVerifier, codeChallenge: createHash('sha256').update(codeVerifier).digest('base64url') };
}

/** Starts the listener on a free port and answers the address to open; `result` brings the code. */
export async function startLoopbackSignIn(options: LoopbackSignInOptions): Promise<LoopbackSignIn> {
  const path = options.path ?? '/oauth2/callback';
  const state = randomBytes(24).toString('base64url');
  const { codeVerifier, codeChallenge } = pkcePair();
  options.signal?.throwIfAborted();

  let settle: { resolve(code: AuthorizationCode): void; reject(error: unknown): void } | null = null;
  const result = new Promise<AuthorizationCode>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // Nobody may be awaiting yet; the caller's await sees the rejection all the same.
  result.catch(() => undefined);

  let host = '';
  let redirectUri = '';
  let timer: NodeJS.Timeout | undefined;
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (request.headers.host !== host) return answer(response, 400, 'This address belongs to a Hirebox sign-in. / Diese Adresse gehört zu einer Anmeldung in Hirebox.');
    if (url.pathname !== path) return answer(response, 404, 'Not found. / Nicht gefunden.');
    if (request.method !== 'GET') {
      response.setHeader('Allow', 'GET');
      return answer(response, 405, 'Method not allowed. / Methode nicht erlaubt.');
    }
    if (settle === null) return answer(response, 410, 'This sign-in has ended already. / Diese Anmeldung ist schon beendet.');
    const params = url.searchParams;
    if (params.get('state') !== state) {
      answer(response, 400, 'Sign-in failed: this answer does not belong to the sign-in Hirebox started. Please try again in Hirebox. / Anmeldung fehlgeschlagen: Diese Antwort gehört nicht zur Anmeldung, die Hirebox begonnen hat. Bitte in Hirebox erneut versuchen.');
      return finish({ error: new AppError('invalid-input', 'The sign-in answer did not carry the state this sign-in sent; sign in again.', { field: 'state' }) });
    }
    const error = params.get('error');
    if (error !== null) {
      answer(response, 200, 'Sign-in not completed. You can close this window and return to Hirebox. / Anmeldung nicht abgeschlossen. Sie können dieses Fenster schließen und zu Hirebox zurückkehren.');
      return finish({ error: providerError(error) });
    }
    const code = params.get('code');
    if (code === null || code === '') {
      answer(response, 400, 'Sign-in failed: no code came back. Please try again in Hirebox. / Anmeldung fehlgeschlagen: Es kam kein Code zurück. Bitte in Hirebox erneut versuchen.');
      return finish({ error: new AppError('auth-required', 'The sign-in answer carried no authorization code; sign in again.') });
    }
    answer(response, 200, 'Sign-in received: Hirebox finishes it now. You can close this window and return to Hirebox. / Anmeldung erhalten: Hirebox schließt sie jetzt ab. Sie können dieses Fenster schließen und zu Hirebox zurückkehren.');
    return finish({ code: { code, codeVerifier, redirectUri } });
  });
  server.on('clientError', (_error, socket) => socket.destroy());

  const finish = (outcome: { code: AuthorizationCode } | { error: unknown }) => {
    const pending = settle;
    if (pending === null) return;
    settle = null;
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    // Stop listening at once; the answer on this connection still goes out.
    server.close();
    server.closeIdleConnections();
    if ('code' in outcome) pending.resolve(outcome.code);
    else pending.reject(outcome.error);
  };
  const onAbort = () => finish({ error: options.signal?.reason ?? new Error('The sign-in was cancelled.') });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) => reject(new AppError('internal', 'Hirebox could not listen for the sign-in answer on this computer.', { cause: error })));
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  host = `127.0.0.1:${port}`;
  redirectUri = `http://${host}${path}`;

  try {
    const authorizationUrl = await options.authorizationUrl({ redirectUri, state, codeChallenge, codeChallengeMethod: 'S256' });
    options.signal?.throwIfAborted();
    timer = setTimeout(() => finish({ error: new AppError('timeout', 'Nobody signed in within the time allowed; start the sign-in again.', { retryable: true }) }), options.timeoutMs ?? defaultTimeoutMs);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    return { authorizationUrl, redirectUri, result, cancel: (reason?: unknown) => finish({ error: reason ?? new Error('The sign-in was cancelled.') }) };
  } catch (error) {
    finish({ error });
    throw error;
  }
}

/** The provider's `error` (RFC 6749 §4.1.2.1) as an AppError; its free text is not trusted into messages. */
function providerError(error: string): AppError {
  if (error === 'access_denied') return new AppError('auth-required', 'The sign-in was cancelled or access was refused in the browser; sign in again to connect the mailbox.');
  const known = /^[a-z_]{1,40}$/u.test(error) ? error : 'unknown';
  return new AppError('auth-required', `The sign-in failed (${known}); sign in again.`);
}

function answer(response: http.ServerResponse, status: number, text: string): void {
  const [english, german] = text.split(' / ');
  const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Hirebox</title></head><body style="font-family:system-ui,sans-serif;max-width:36em;margin:4em auto;line-height:1.5"><h1 style="font-size:1.3em">Hirebox</h1><p>${english ?? ''}</p><p lang="de">${german ?? ''}</p></body></html>`;
  response.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer', Connection: 'close' });
  response.end(body);
}
