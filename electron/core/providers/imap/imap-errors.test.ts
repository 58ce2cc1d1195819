import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.js';
import { hidePassword, translateImapError } from './imap-errors.js';

const context = { host: 'imap.example.com', port: 993, password: 'Tr0ub4dor&3', operation: 'the scan of INBOX' };
const failure = (message: string, fields: Record<string, unknown> = {}) => Object.assign(new Error(message), fields);

describe('translateImapError', () => {
  it('turns a refused login into auth-required', () => {
    const error = translateImapError(failure('Command failed', { authenticationFailed: true, serverResponseCode: 'AUTHENTICATIONFAILED', responseText: 'Authentication failed.' }), context);
    expect(error).toMatchObject({ code: 'auth-required', retryable: false });
    expect(error.message).toContain('imap.example.com:993');
  });

  it('turns socket and DNS failures into retryable network errors', () => {
    for (const code of ['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ECONNRESET', 'NoConnection', 'EConnectionClosed']) {
      expect(translateImapError(failure(`connect ${code}`, { code }), context), code).toMatchObject({ code: 'network', retryable: true });
    }
  });

  it('tells this computer being offline from the server being out of reach', () => {
    const reasonOf = (code: string, host = context.host) => translateImapError(failure(`connect ${code}`, { code }), { ...context, host }).connection;
    expect(reasonOf('ECONNREFUSED')).toEqual({ kind: 'server-unreachable', cause: 'refused' });
    expect(reasonOf('EHOSTUNREACH')).toEqual({ kind: 'server-unreachable', cause: 'host-unreachable' });
    expect(reasonOf('ETIMEDOUT')).toEqual({ kind: 'server-unreachable', cause: 'timed-out' });
    expect(reasonOf('ECONNRESET')).toEqual({ kind: 'server-unreachable', cause: 'connection-lost' });
    expect(reasonOf('ENETUNREACH')).toEqual({ kind: 'no-network' });
    expect(reasonOf('ENETDOWN')).toEqual({ kind: 'no-network' });
    // A public name that no longer resolves: the lookup could not be made, not the name gone.
    expect(reasonOf('ENOTFOUND', 'imap.gmail.com')).toEqual({ kind: 'no-network' });
    expect(reasonOf('EAI_AGAIN', 'imap.gmail.com')).toEqual({ kind: 'no-network' });
    // A name only the office network knows may really be gone.
    expect(reasonOf('ENOTFOUND', 'mailserver')).toEqual({ kind: 'server-unreachable', cause: 'host-not-found' });
    expect(reasonOf('ENOTFOUND', 'mail.office.lan')).toEqual({ kind: 'server-unreachable', cause: 'host-not-found' });
    expect(translateImapError(failure('Command failed', { serverResponseCode: 'UNAVAILABLE' }), context).connection).toEqual({ kind: 'server-unreachable', cause: 'unavailable' });
  });

  it('names the TLS problem so the user can trust a certificate or fix the settings', () => {
    const problemOf = (fields: Record<string, unknown>) => translateImapError(failure('tls', fields), context).connection;
    expect(problemOf({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' })).toEqual({ kind: 'tls', problem: 'certificate-untrusted' });
    expect(problemOf({ code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' })).toEqual({ kind: 'tls', problem: 'certificate-untrusted' });
    expect(problemOf({ code: 'CERT_PIN_MISMATCH' })).toEqual({ kind: 'tls', problem: 'certificate-changed' });
    // A self-signed certificate where the user had trusted one by hand: it changed.
    const changed = translateImapError(failure('self-signed', { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }), { ...context, trustedByHand: true });
    expect(changed.connection).toEqual({ kind: 'tls', problem: 'certificate-changed' });
    expect(changed.message).toMatch(/changed since it was trusted by hand/);
    expect(problemOf({ code: 'CERT_HAS_EXPIRED' })).toEqual({ kind: 'tls', problem: 'certificate-invalid' });
    expect(problemOf({ code: 'ERR_TLS_CERT_ALTNAME_INVALID' })).toEqual({ kind: 'tls', problem: 'certificate-invalid' });
    expect(problemOf({ code: 'ERR_SSL_WRONG_VERSION_NUMBER' })).toEqual({ kind: 'tls', problem: 'handshake' });
    expect(problemOf({ tlsFailed: true })).toEqual({ kind: 'tls', problem: 'handshake' });
  });

  it('turns timeouts into retryable timeouts', () => {
    for (const code of ['ETIMEOUT', 'ETIMEDOUT', 'CONNECT_TIMEOUT', 'GREETING_TIMEOUT', 'UPGRADE_TIMEOUT']) {
      expect(translateImapError(failure('Socket timeout', { code }), context), code).toMatchObject({ code: 'timeout', retryable: true });
    }
  });

  it('says what is wrong with TLS, not retryable', () => {
    const selfSigned = translateImapError(failure('self-signed certificate', { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }), context);
    expect(selfSigned).toMatchObject({ code: 'network', retryable: false });
    expect(selfSigned.message).toMatch(/self-signed/);
    expect(translateImapError(failure('Hostname/IP does not match', { code: 'ERR_TLS_CERT_ALTNAME_INVALID' }), context).message).toMatch(/different host name/);
    expect(translateImapError(failure('wrong version number', { code: 'ERR_SSL_WRONG_VERSION_NUMBER' }), context).message).toMatch(/does not speak TLS on this port/);
    const stripped = translateImapError(failure('Server does not support STARTTLS', { tlsFailed: true }), context);
    expect(stripped).toMatchObject({ code: 'network', retryable: false });
    expect(stripped.message).toMatch(/does not offer STARTTLS/);
    // Issue 6: a certificate issued under one trusted by hand.
    expect(translateImapError(failure('changed', { code: 'CERT_PIN_MISMATCH' }), context).message).toMatch(/changed since it was trusted by hand/);
  });

  it('retries NO [UNAVAILABLE] and backs off on limits', () => {
    expect(translateImapError(failure('Command failed', { serverResponseCode: 'UNAVAILABLE', responseText: 'Backend down' }), context)).toMatchObject({ code: 'network', retryable: true });
    expect(translateImapError(failure('Throttled', { code: 'ETHROTTLE', throttleReset: 4_000 }), context)).toMatchObject({ code: 'rate-limited', retryable: true, retryAfterMs: 4_000 });
    expect(translateImapError(failure('Command failed', { serverResponseCode: 'LIMIT' }), context)).toMatchObject({ code: 'rate-limited', retryable: true });
  });

  it('retries NO [UNAVAILABLE] to LOGIN (imapflow flags it authenticationFailed): a server that is down is no wrong password', () => {
    const error = translateImapError(failure('Command failed', { authenticationFailed: true, serverResponseCode: 'UNAVAILABLE', responseText: 'The server is temporarily unavailable' }), context);
    expect(error).toMatchObject({ code: 'network', retryable: true });
    expect(translateImapError(failure('Command failed', { authenticationFailed: true, serverResponseCode: 'INUSE' }), context)).toMatchObject({ code: 'rate-limited', retryable: true });
  });

  it('reports a missing folder as not-found', () => {
    const error = translateImapError(failure('Command failed', { mailboxMissing: true, responseText: "Mailbox doesn't exist: Nope" }), { ...context, folder: 'Nope' });
    expect(error).toMatchObject({ code: 'not-found', retryable: false });
    expect(error.message).toContain('"Nope"');
  });

  it('reports anything else as internal, with the server’s words but never the password', () => {
    const error = translateImapError(failure('Command failed', { responseText: `Parse error near "Tr0ub4dor&3" in LOGIN` }), context);
    expect(error).toMatchObject({ code: 'internal', retryable: false });
    expect(error.message).toContain('Parse error');
    expect(error.message).not.toContain('Tr0ub4dor&3');
    for (const fields of [{ code: 'ECONNRESET' }, { authenticationFailed: true, responseText: 'bad Tr0ub4dor&3' }, { tlsFailed: true }, {}]) {
      expect(translateImapError(failure('echo Tr0ub4dor&3', fields), context).message).not.toContain('Tr0ub4dor&3');
    }
    expect(translateImapError('a string thrown', context)).toMatchObject({ code: 'internal' });
  });

  it('passes an AppError through', () => {
    const original = new AppError('conflict', 'x', { retryable: true });
    expect(translateImapError(original, context)).toBe(original);
  });

  it('hides every occurrence of the password', () => {
    expect(hidePassword('a pw b pw', 'pw')).toBe('a [hidden] b [hidden]');
    expect(hidePassword('nothing', '')).toBe('nothing');
  });
});
