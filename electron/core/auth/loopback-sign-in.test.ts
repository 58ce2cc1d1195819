import { createHash } from 'node:crypto';
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { startLoopbackSignIn, type AuthorizationRequest, type LoopbackSignIn } from './loopback-sign-in.js';

// The loopback listener driven by real HTTP requests, as a browser (or a hostile page)
// would send them.

interface Reply {
  status: number;
  body: string;
}

function request(url: string, options: { method?: string; host?: string } = {}): Promise<Reply> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const outgoing = http.request(
      { host: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, method: options.method ?? 'GET', headers: { Host: options.host ?? target.host } },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      },
    );
    outgoing.on('error', reject);
    outgoing.end();
  });
}

const started: LoopbackSignIn[] = [];
let seen: AuthorizationRequest | undefined;

async function start(timeoutMs?: number, signal?: AbortSignal): Promise<LoopbackSignIn> {
  const signIn = await startLoopbackSignIn({
    authorizationUrl: (authorization) => {
      seen = authorization;
      const url = new URL('https://accounts.example.test/o/oauth2/auth');
      url.searchParams.set('redirect_uri', authorization.redirectUri);
      url.searchParams.set('state', authorization.state);
      url.searchParams.set('code_challenge', authorization.codeChallenge);
      url.searchParams.set('code_challenge_method', authorization.codeChallengeMethod);
      return url.toString();
    },
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    ...(signal === undefined ? {} : { signal }),
  });
  started.push(signIn);
  return signIn;
}

function callback(signIn: LoopbackSignIn, params: Record<string, string>): string {
  const url = new URL(signIn.redirectUri);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return url.toString();
}

async function rejectionOf(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected the sign-in to fail');
}

afterEach(() => {
  for (const signIn of started.splice(0)) signIn.cancel();
});

describe('loopback sign-in', () => {
  it('listens on 127.0.0.1 on a free port and asks with PKCE S256 and a state', async () => {
    const [first, second] = await Promise.all([start(), start()]);
    expect(first!.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/oauth2\/callback$/u);
    expect(first!.redirectUri).not.toBe(second!.redirectUri);
    const url = new URL(second!.authorizationUrl);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('state')?.length).toBeGreaterThanOrEqual(32);
    expect(url.searchParams.get('state')).not.toBe(new URL(first!.authorizationUrl).searchParams.get('state'));
  });

  it('answers the code with the verifier whose SHA-256 is the challenge, shows a friendly page, and takes one callback only', async () => {
    const signIn = await start();
    const state = seen!.state;
    const challenge = seen!.codeChallenge;
    const reply = await request(callback(signIn, { code: 'the-code', state }));
    expect(reply.status).toBe(200);
    expect(reply.body).toContain('You can close this window');
    expect(reply.body).toContain('Sie können dieses Fenster schließen');
    const result = await signIn.result;
    expect(result).toEqual({ code: 'the-code', codeVerifier: expect.any(String), redirectUri: signIn.redirectUri });
    expect(createHash('sha256').update(result.codeVerifier).digest('base64url')).toBe(challenge);
    // A second callback (a replay) finds nobody listening.
    await expect(request(callback(signIn, { code: 'second', state }))).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('ignores wrong methods, wrong hosts and wrong paths, then still takes the real callback', async () => {
    const signIn = await start();
    const state = seen!.state;
    const good = callback(signIn, { code: 'c', state });
    expect((await request(good, { method: 'POST' })).status).toBe(405);
    // DNS rebinding: a page on another name that resolves to 127.0.0.1.
    expect((await request(good, { host: 'evil.example:80' })).status).toBe(400);
    expect((await request(good.replace('/oauth2/callback', '/other'))).status).toBe(404);
    expect((await request(good)).status).toBe(200);
    expect((await signIn.result).code).toBe('c');
  });

  it('fails with invalid-input (state) for a callback carrying another state', async () => {
    const signIn = await start();
    const reply = await request(callback(signIn, { code: 'c', state: 'forged' }));
    expect(reply.status).toBe(400);
    expect(reply.body).toContain('does not belong to the sign-in');
    expect(await rejectionOf(signIn.result)).toMatchObject({ code: 'invalid-input', field: 'state' });
  });

  it('fails with auth-required when the person refused (access_denied), without the provider’s free text', async () => {
    const signIn = await start();
    const reply = await request(callback(signIn, { error: 'access_denied', error_description: '<script>x</script>', state: seen!.state }));
    expect(reply.status).toBe(200);
    expect(reply.body).not.toContain('<script>');
    const error = await rejectionOf(signIn.result);
    expect(error).toMatchObject({ code: 'auth-required', retryable: false });
    expect(error.message).toContain('refused');
  });

  it('times out: timeout, retryable, and a late callback finds nobody listening', async () => {
    const signIn = await start(150);
    const error = await rejectionOf(signIn.result);
    expect(error).toMatchObject({ code: 'timeout', retryable: true });
    await expect(request(callback(signIn, { code: 'late', state: seen!.state }))).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('is cancelled by the caller’s signal with its reason', async () => {
    const controller = new AbortController();
    const signIn = await start(undefined, controller.signal);
    const reason = new Error('dialog closed');
    controller.abort(reason);
    await expect(signIn.result).rejects.toBe(reason);
    await expect(request(callback(signIn, { code: 'c', state: seen!.state }))).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
