import type { ImapFlowError } from 'imapflow';
import type { TlsProblem, UnreachableCause } from '../../../../shared/status.js';
import { AppError, type ConnectionFailure } from '../../errors.js';

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
  /**
   * A certificate of this server was trusted by hand (issue 6): an untrusted certificate
   * then means it changed since — Node rejects it before the pin is even compared.
   */
  trustedByHand?: boolean;
}

// Socket and DNS failures Node reports with its own codes: the network, not the account.
// Each says where it failed (R14): this computer without a network, or the server out of reach.
const networkCodes: ReadonlyMap<string, ConnectionFailure> = new Map([
  ['ECONNREFUSED', unreachable('refused')],
  ['EHOSTUNREACH', unreachable('host-unreachable')],
  // No route to any network, no interface up, the local address gone: this computer is offline.
  ['ENETUNREACH', { kind: 'no-network' }],
  ['ENETDOWN', { kind: 'no-network' }],
  ['EADDRNOTAVAIL', { kind: 'no-network' }],
  ['ECONNRESET', unreachable('connection-lost')],
  ['ECONNABORTED', unreachable('connection-lost')],
  ['EPIPE', unreachable('connection-lost')],
  // imapflow: the connection went away before or during a command.
  ['NoConnection', unreachable('connection-lost')],
  ['EConnectionClosed', unreachable('connection-lost')],
  ['ClosedAfterConnectText', unreachable('connection-lost')],
  ['ClosedAfterConnectTLS', unreachable('connection-lost')],
]);

// Name lookups that failed: `ENOTFOUND` (no such name, or no DNS server could be asked —
// macOS and Windows say so when offline), `EAI_AGAIN` (the resolver answered nothing in time).
const dnsCodes = new Set(['ENOTFOUND', 'EAI_AGAIN']);

const timeoutCodes = new Set(['ETIMEDOUT', 'ETIMEOUT', 'CONNECT_TIMEOUT', 'GREETING_TIMEOUT', 'UPGRADE_TIMEOUT', 'LockTimeout']);

function unreachable(cause: UnreachableCause): ConnectionFailure {
  return { kind: 'server-unreachable', cause };
}

/**
 * A failed name lookup: for a public host name (`imap.gmail.com`) the name exists — the
 * connection test resolved it before the mailbox was saved — so the lookup failing means
 * this computer has no network. A name only a local network knows (no dot, `.local`,
 * `.lan`, `.internal`, `.home.arpa`, `.test`, `localhost`) may really be gone: server
 * unreachable, name not found.
 */
export function dnsFailure(host: string): ConnectionFailure {
  const name = host.trim().toLowerCase().replace(/\.$/u, '');
  const local = !name.includes('.') || /\.(local|lan|internal|intranet|home|corp|home\.arpa|test|localhost|invalid|example)$/u.test(name) || name === 'localhost';
  return local ? unreachable('host-not-found') : { kind: 'no-network' };
}

/** Node/OpenSSL certificate codes, in words a person can act on, and what kind of TLS problem each is. */
const certificateReasons: ReadonlyMap<string, { words: string; problem: TlsProblem }> = new Map([
  ['DEPTH_ZERO_SELF_SIGNED_CERT', { words: 'its certificate is self-signed', problem: 'certificate-untrusted' }],
  ['SELF_SIGNED_CERT_IN_CHAIN', { words: 'its certificate chain ends in an untrusted (self-signed) root', problem: 'certificate-untrusted' }],
  ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', { words: 'its certificate is issued by an unknown authority', problem: 'certificate-untrusted' }],
  ['UNABLE_TO_GET_ISSUER_CERT', { words: 'its certificate is issued by an unknown authority', problem: 'certificate-untrusted' }],
  ['UNABLE_TO_GET_ISSUER_CERT_LOCALLY', { words: 'its certificate is issued by an unknown authority', problem: 'certificate-untrusted' }],
  ['CERT_HAS_EXPIRED', { words: 'its certificate has expired', problem: 'certificate-invalid' }],
  ['CERT_NOT_YET_VALID', { words: 'its certificate is not valid yet', problem: 'certificate-invalid' }],
  ['CERT_REVOKED', { words: 'its certificate was revoked', problem: 'certificate-invalid' }],
  ['ERR_TLS_CERT_ALTNAME_INVALID', { words: 'its certificate is for a different host name', problem: 'certificate-invalid' }],
  ['HOSTNAME_MISMATCH', { words: 'its certificate is for a different host name', problem: 'certificate-invalid' }],
  ['ERR_SSL_WRONG_VERSION_NUMBER', { words: 'it does not speak TLS on this port (check the port and the security setting)', problem: 'handshake' }],
  ['ERR_SSL_UNSUPPORTED_PROTOCOL', { words: 'it only offers an outdated TLS version', problem: 'handshake' }],
  ['ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION', { words: 'it only offers an outdated TLS version', problem: 'handshake' }],
  // Issue 6 (tls-policy.ts): a certificate issued under one the user trusted by hand.
  ['CERT_PIN_MISMATCH', { words: 'its certificate changed since it was trusted by hand', problem: 'certificate-changed' }],
  ['STARTTLS_INJECTION', { words: 'data was injected before the TLS handshake (someone on the network tampered with the connection)', problem: 'handshake' }],
]);

/** Longest piece of server text taken into a message: servers' texts are untrusted. */
const maxDetailLength = 200;

/**
 * Any error from imapflow, the socket or the TLS layer as the engine's `AppError`
 * (STYLE.md habit 4: providers translate at their edge):
 * - login refused → `auth-required`;
 * - refused, unreachable, reset or closed connections, failed name lookups → `network`,
 *   retryable, with `connection` saying whether this computer or the server is cut off;
 * - timeouts → `timeout`, retryable (`connection`: server unreachable, timed out);
 * - TLS and certificate failures, a server without the required STARTTLS → `network`,
 *   not retryable, saying what is wrong (`connection`: the TLS problem);
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
  const make = (errorCode: ConstructorParameters<typeof AppError>[0], message: string, retryable: boolean, extra: { retryAfterMs?: number; connection?: ConnectionFailure } = {}) =>
    new AppError(errorCode, hide(message), { retryable, cause: error, ...extra });

  // imapflow flags every NO to LOGIN as an authentication failure, also RFC 5530's temporary
  // ones (a proxy whose backend is down answers LOGIN with NO [UNAVAILABLE]): those are
  // retried below, never turned into a refused password (fault matrix, issue 9).
  const temporary = responseCode === 'UNAVAILABLE' || responseCode === 'LIMIT' || responseCode === 'INUSE';
  if (!temporary && (failure.authenticationFailed === true || responseCode === 'AUTHENTICATIONFAILED' || responseCode === 'AUTHORIZATIONFAILED')) {
    return make('auth-required', `The IMAP server ${server} refused the login: check the user name and password.${detail ? ` (${detail})` : ''}`, false);
  }
  const connection = networkCodes.get(code);
  if (connection !== undefined) {
    return make('network', `Cannot reach the IMAP server ${server} (${code}).`, true, { connection });
  }
  if (dnsCodes.has(code)) {
    return make('network', `Cannot reach the IMAP server ${server} (${code}: the host name did not resolve).`, true, { connection: dnsFailure(context.host) });
  }
  if (timeoutCodes.has(code)) {
    return make('timeout', `The IMAP server ${server} did not answer in time during ${context.operation} (${code}).`, true, { connection: unreachable('timed-out') });
  }
  const listed = certificateReasons.get(code);
  const certificateReason = listed?.problem === 'certificate-untrusted' && context.trustedByHand === true ? certificateReasons.get('CERT_PIN_MISMATCH') : listed;
  if (certificateReason !== undefined || failure.tlsFailed === true || code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_') || code === 'EPROTO') {
    const reason = certificateReason?.words ?? (/STARTTLS/u.test(failure.message ?? '') ? 'it does not offer STARTTLS, which this connection requires' : `the TLS handshake failed (${code || hide(failure.message ?? 'unknown reason')})`);
    return make('network', `Hirebox could not set up a secure connection to the IMAP server ${server}: ${reason}.`, false, { connection: { kind: 'tls', problem: certificateReason?.problem ?? 'handshake' } });
  }
  if (responseCode === 'UNAVAILABLE') {
    return make('network', `The IMAP server ${server} is temporarily unavailable${detail ? `: ${detail}` : ''}.`, true, { connection: unreachable('unavailable') });
  }
  if (code === 'ETHROTTLE' || responseCode === 'LIMIT' || responseCode === 'INUSE') {
    const retryAfterMs = typeof failure.throttleReset === 'number' && failure.throttleReset > 0 ? failure.throttleReset : undefined;
    return make('rate-limited', `The IMAP server ${server} asks Hirebox to slow down${detail ? `: ${detail}` : ''}.`, true, retryAfterMs === undefined ? {} : { retryAfterMs });
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
