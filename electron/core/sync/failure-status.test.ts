import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { translateImapError } from '../providers/imap/imap-errors.js';
import { statusAfterFailure } from './failure-status.js';

// What the mailbox row says after a failure (R14): each reason its own state, with the next try.

const now = new Date('2025-03-04T10:00:00.000Z');
const retryAt = new Date('2025-03-04T10:00:30.000Z');
const imap = (code: string, host = 'imap.example.com') => translateImapError(Object.assign(new Error(code), { code }), { host, port: 993, operation: 'connect' });

describe('statusAfterFailure', () => {
  it('says "offline" only when this computer has no network', () => {
    expect(statusAfterFailure(imap('ENETUNREACH'), now, retryAt)).toEqual({ state: 'offline', retryAt: retryAt.toISOString() });
    expect(statusAfterFailure(imap('ENOTFOUND', 'imap.gmail.com'), now, retryAt)).toEqual({ state: 'offline', retryAt: retryAt.toISOString() });
  });

  it('says "server unreachable" for a stopped, silent or unknown server, with the cause', () => {
    expect(statusAfterFailure(imap('ECONNREFUSED'), now, retryAt)).toEqual({ state: 'server-unreachable', cause: 'refused', retryAt: retryAt.toISOString() });
    expect(statusAfterFailure(imap('ETIMEDOUT'), now, retryAt)).toEqual({ state: 'server-unreachable', cause: 'timed-out', retryAt: retryAt.toISOString() });
    expect(statusAfterFailure(imap('EHOSTUNREACH'), now, retryAt)).toMatchObject({ state: 'server-unreachable', cause: 'host-unreachable' });
    expect(statusAfterFailure(imap('ENOTFOUND', 'mailserver'), now, retryAt)).toMatchObject({ state: 'server-unreachable', cause: 'host-not-found' });
    // A connection that went away without saying how.
    expect(statusAfterFailure(new AppError('network', 'gone', { retryable: true }), now, retryAt)).toMatchObject({ state: 'server-unreachable', cause: 'connection-lost' });
    expect(statusAfterFailure(new AppError('timeout', 'slow', { retryable: true }), now, retryAt)).toMatchObject({ state: 'server-unreachable', cause: 'timed-out' });
  });

  it('says what is wrong with TLS instead of "offline"', () => {
    const selfSigned = translateImapError(Object.assign(new Error('self-signed'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }), { host: 'imap.example.com', port: 993, operation: 'connect' });
    expect(statusAfterFailure(selfSigned, now, retryAt)).toEqual({ state: 'tls-problem', problem: 'certificate-untrusted', retryAt: retryAt.toISOString() });
  });

  it('asks for the password only when the server refused it', () => {
    expect(statusAfterFailure(new AppError('auth-required', 'refused'), now)).toEqual({ state: 'auth-required', kind: 'password-rejected' });
    // An expired sign-in is renewed and tried again: no sign-in is asked of the user.
    expect(statusAfterFailure(new AppError('auth-expired', 'expired', { retryable: true }), now, retryAt)).toEqual({ state: 'error', code: 'auth-expired', message: 'expired', retryAt: retryAt.toISOString() });
  });

  it('shows a rate limit with the time the server allows the next try', () => {
    const limited = new AppError('rate-limited', 'slow down', { retryable: true, retryAfterMs: 90_000 });
    expect(statusAfterFailure(limited, now)).toEqual({ state: 'rate-limited', retryAt: '2025-03-04T10:01:30.000Z' });
    expect(statusAfterFailure(limited, now, retryAt)).toEqual({ state: 'rate-limited', retryAt: retryAt.toISOString() });
    expect(statusAfterFailure(new AppError('rate-limited', 'slow down', { retryable: true }), now)).toEqual({ state: 'rate-limited' });
  });

  it('keeps anything else an error with its code, and an unknown failure internal', () => {
    expect(statusAfterFailure(new AppError('not-found', 'no folder'), now)).toEqual({ state: 'error', code: 'not-found', message: 'no folder' });
    expect(statusAfterFailure(new Error('boom'), now)).toMatchObject({ state: 'error', code: 'internal' });
  });

  it('says a full disk is why, with the next try, not "stopped unexpectedly" (SQLITE_FULL, ENOSPC)', () => {
    const full = Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    const enospc = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    for (const failure of [full, enospc]) {
      expect(statusAfterFailure(failure, now, retryAt)).toMatchObject({ state: 'error', code: 'disk-full', retryAt: retryAt.toISOString() });
    }
  });
});
