import type { ImapFlowError } from 'imapflow';
import { AppError } from '../../errors.js';

/** What the translation knows about the call that failed; the password only to hide it. */
export interface ImapErrorContext {
  host: string;
  port: number;
  /** Removed from every message, whatever the server or the socket layer echoed. */
  password?: string;
  /** What was being done, in words: `connect`, `scan INBOX`, `fetch a message`. */
  operation: string;
  /** The folder the call was about, for a `not-found`. */
  folder?: string;
}

// Socket and DNS failures Node reports with its own codes: the network, not the account.
const networkCodes = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'EAI_AGAIN',
  'EADDRNOTAVAIL',
  // imapflow: the connection went away before or during a command.
  'NoConnection',
  'EConnectionClosed',
  'ClosedAfterConnectText',
  'ClosedAfterConnectTLS',
]);

const timeoutCodes = new Set(['ETIMEDOUT', 'ETIMEOUT', 'CONNECT_TIMEOUT', 'GREETING_TIMEOUT', 'UPGRADE_TIMEOUT', 'LockTimeout']);

/** Node/OpenSSL certificate codes, in words a person can act on. */
const certificateReasons: ReadonlyMap<string, string> = new Map([
  ['DEPTH_ZERO_SELF_SIGNED_CERT', 'its certificate is self-signed'],
  ['SELF_SIGNED_CERT_IN_CHAIN', 'its certificate chain ends in an untrusted (self-signed) root'],
  ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'its certificate is issued by an unknown authority'],
  ['UNABLE_TO_GET_ISSUER_CERT', 'its certificate is issued by an unknown authority'],
  ['UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'its certificate is issued by an unknown authority'],
  ['CERT_HAS_EXPIRED', 'its certificate has expired'],
  ['CERT_NOT_YET_VALID', 'its certificate is not valid yet'],
  ['CERT_REVOKED', 'its certificate was revoked'],
  ['ERR_TLS_CERT_ALTNAME_INVALID', 'its certificate is for a different host name'],
  ['HOSTNAME_MISMATCH', 'its certificate is for a different host name'],
  ['ERR_SSL_WRONG_VERSION_NUMBER', 'it does not speak TLS on this port (check the port and the security setting)'],
  ['ERR_SSL_UNSUPPORTED_PROTOCOL', 'it only offers an outdated TLS version'],
  ['ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION', 'it only offers an outdated TLS version'],
  // Issue 6 (tls-policy.ts): a certificate issued under one the user trusted by hand.
  ['CERT_PIN_MISMATCH', 'its certificate changed since it was trusted by hand'],
  ['STARTTLS_INJECTION', 'data was injected before the TLS handshake (someone on the network tampered with the connection)'],
]);

/** Longest piece of server text taken into a message: servers' texts are untrusted. */
const maxDetailLength = 200;

/**
 * Any error from imapflow, the socket or the TLS layer as the engine's `AppError`
 * (STYLE.md habit 4: providers translate at their edge):
 * - login refused → `auth-required`;
 * - refused, unreachable, reset or closed connections → `network`, retryable;
 * - timeouts → `timeout`, retryable;
 * - TLS and certificate failures, a server without the required STARTTLS → `network`,
 *   not retryable, saying what is wrong;
 * - `NO [UNAVAILABLE]` (RFC 5530) → `network`, retryable; `[LIMIT]`, `[INUSE]` and
 *   imapflow's throttling → `rate-limited`, retryable;
 * - a folder that does not exist (`[NONEXISTENT]`) → `not-found`;
 * - anything else → `internal`, with the server's words.
 * No message ever contains the password. An `AppError` passes through unchanged.
 */
export function translateImapError(error: unknown, context: ImapErrorContext): AppError {
  if (error instanceof AppError) return error;
  const failure = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as ImapFlowError;
  const code = typeof failure.code === 'string' ? failure.code : '';
  const responseCode = (failure.serverResponseCode ?? '').toUpperCase();
  const server = `${context.host}:${context.port}`;
  const hide = (text: string) => hidePassword(text, context.password);
  const detail = hide(serverDetail(failure));
  const make = (errorCode: ConstructorParameters<typeof AppError>[0], message: string, retryable: boolean, retryAfterMs?: number) =>
    new AppError(errorCode, hide(message), { retryable, cause: error, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) });

  // imapflow flags every NO to LOGIN as an authentication failure, also RFC 5530's temporary
  // ones (a proxy whose backend is down answers LOGIN with NO [UNAVAILABLE]): those are
  // retried below, never turned into a refused password (fault matrix, issue 9).
  const temporary = responseCode === 'UNAVAILABLE' || responseCode === 'LIMIT' || responseCode === 'INUSE';
  if (!temporary && (failure.authenticationFailed === true || responseCode === 'AUTHENTICATIONFAILED' || responseCode === 'AUTHORIZATIONFAILED')) {
    return make('auth-required', `The IMAP server ${server} refused the login: check the user name and password.${detail ? ` (${detail})` : ''}`, false);
  }
  if (networkCodes.has(code)) {
    return make('network', `Cannot reach the IMAP server ${server} (${code}${code === 'ENOTFOUND' ? ': no such host name' : ''}).`, true);
  }
  if (timeoutCodes.has(code)) {
    return make('timeout', `The IMAP server ${server} did not answer in time during ${context.operation} (${code}).`, true);
  }
  const certificateReason = certificateReasons.get(code);
  if (certificateReason !== undefined || failure.tlsFailed === true || code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_') || code === 'EPROTO') {
    const reason = certificateReason ?? (/STARTTLS/u.test(failure.message ?? '') ? 'it does not offer STARTTLS, which this connection requires' : `the TLS handshake failed (${code || hide(failure.message ?? 'unknown reason')})`);
    return make('network', `Hirebox could not set up a secure connection to the IMAP server ${server}: ${reason}.`, false);
  }
  if (responseCode === 'UNAVAILABLE') {
    return make('network', `The IMAP server ${server} is temporarily unavailable${detail ? `: ${detail}` : ''}.`, true);
  }
  if (code === 'ETHROTTLE' || responseCode === 'LIMIT' || responseCode === 'INUSE') {
    const retryAfterMs = typeof failure.throttleReset === 'number' && failure.throttleReset > 0 ? failure.throttleReset : undefined;
    return make('rate-limited', `The IMAP server ${server} asks Hirebox to slow down${detail ? `: ${detail}` : ''}.`, true, retryAfterMs);
  }
  if (failure.mailboxMissing === true || responseCode === 'NONEXISTENT') {
    const path = failure.path ?? context.folder;
    const folder = path ? ` ${JSON.stringify(path)}` : '';
    return make('not-found', `The folder${folder} does not exist on the IMAP server ${server}.`, false);
  }
  return make('internal', `The IMAP server ${server} failed during ${context.operation}: ${detail || 'no reason given'}.`, false);
}

/** The server's own words for a failed command, else the error's message; shortened. */
function serverDetail(failure: ImapFlowError): string {
  const text = failure.responseText ?? (typeof failure.response === 'string' ? failure.response : '') ?? '';
  const chosen = text !== '' ? text : failure.message === 'Command failed' ? '' : (failure.message ?? '');
  const oneLine = chosen.replace(/\s+/gu, ' ').trim();
  return oneLine.length > maxDetailLength ? `${oneLine.slice(0, maxDetailLength)}…` : oneLine;
}

/** `text` with every occurrence of the password replaced. */
export function hidePassword(text: string, password: string | undefined): string {
  if (password === undefined || password === '') return text;
  return text.split(password).join('[hidden]');
}
