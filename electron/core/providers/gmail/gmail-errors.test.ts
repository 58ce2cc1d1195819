import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.js';
import { retryAfterMsOf, translateGmailError } from './gmail-errors.js';

// One case per row of the error table in docs/providers.md, with errors shaped as gaxios
// and google-auth-library throw them.

function httpError(status: number, data: unknown, headers: Record<string, string> = {}) {
  return Object.assign(new Error(`Request failed with status code ${status}`), { status, response: { status, data, headers: new Headers(headers) } });
}
const apiBody = (code: number, reason: string, message = 'words') => ({ error: { code, message, errors: [{ reason, message, domain: 'global' }] } });
const systemError = (code: string) => Object.assign(new Error('request to http://x failed'), { cause: Object.assign(new Error(code), { code }) });

describe('translateGmailError', () => {
  it('invalid_grant from the token endpoint: auth-required, not retryable', () => {
    expect(translateGmailError(httpError(400, { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' }), 'renewing')).toMatchObject({ code: 'auth-required', retryable: false });
  });

  it('401: auth-expired (the caller renews once); 403 without a rate reason: auth-required', () => {
    expect(translateGmailError(httpError(401, apiBody(401, 'authError')), 'x')).toMatchObject({ code: 'auth-expired', retryable: true });
    expect(translateGmailError(httpError(403, apiBody(403, 'insufficientPermissions')), 'x')).toMatchObject({ code: 'auth-required', retryable: false });
  });

  it('429 and 403 rateLimitExceeded: rate-limited with Retry-After', () => {
    expect(translateGmailError(httpError(429, apiBody(429, 'rateLimitExceeded'), { 'retry-after': '12' }), 'x')).toMatchObject({ code: 'rate-limited', retryable: true, retryAfterMs: 12_000 });
    const userLimit = translateGmailError(httpError(403, apiBody(403, 'userRateLimitExceeded')), 'x');
    expect(userLimit).toMatchObject({ code: 'rate-limited', retryable: true });
    expect(userLimit.retryAfterMs).toBeUndefined();
  });

  it('reads Retry-After as an HTTP date too', () => {
    const error = httpError(429, {}, { 'retry-after': new Date(Date.UTC(2030, 0, 1, 0, 0, 30)).toUTCString() });
    expect(retryAfterMsOf(error, Date.UTC(2030, 0, 1, 0, 0, 0))).toBe(30_000);
  });

  it('404: not-found; 5xx: network, retryable, server unavailable', () => {
    expect(translateGmailError(httpError(404, apiBody(404, 'notFound')), 'x')).toMatchObject({ code: 'not-found', retryable: false });
    expect(translateGmailError(httpError(503, apiBody(503, 'backendError')), 'x')).toMatchObject({ code: 'network', retryable: true, connection: { kind: 'server-unreachable', cause: 'unavailable' } });
  });

  it('no answer: network (refused, DNS, reset), no-network offline, timeout', () => {
    expect(translateGmailError(systemError('ECONNREFUSED'), 'x')).toMatchObject({ code: 'network', retryable: true, connection: { kind: 'server-unreachable', cause: 'refused' } });
    expect(translateGmailError(systemError('ENOTFOUND'), 'x')).toMatchObject({ code: 'network', connection: { cause: 'host-not-found' } });
    expect(translateGmailError(systemError('ECONNRESET'), 'x')).toMatchObject({ code: 'network', connection: { cause: 'connection-lost' } });
    expect(translateGmailError(systemError('ENETUNREACH'), 'x')).toMatchObject({ code: 'network', connection: { kind: 'no-network' } });
    expect(translateGmailError(Object.assign(new Error('timed out'), { name: 'TimeoutError' }), 'x')).toMatchObject({ code: 'timeout', retryable: true });
    // gaxios' own timeout aborts the request.
    expect(translateGmailError(Object.assign(new Error('aborted'), { cause: Object.assign(new Error('The operation was aborted.'), { name: 'AbortError' }) }), 'x')).toMatchObject({ code: 'timeout' });
  });

  it('anything else: internal with Google’s words, never a token', () => {
    const error = translateGmailError(httpError(400, apiBody(400, 'invalidArgument', 'Invalid query')), 'listing');
    expect(error).toMatchObject({ code: 'internal', retryable: false });
    expect(error.message).toContain('Invalid query');
    const withHeader = Object.assign(httpError(400, apiBody(400, 'x')), { config: { headers: { Authorization: 'Bearer ya29.secret' } } });
    expect(translateGmailError(withHeader, 'x').message).not.toContain('ya29.secret');
    const known = new AppError('not-found', 'kept');
    expect(translateGmailError(known, 'x')).toBe(known);
  });
});
