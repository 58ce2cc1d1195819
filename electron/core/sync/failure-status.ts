import { assertNever } from '../../../shared/assert-never.js';
import type { MailboxStatus } from '../../../shared/status.js';
import { AppError, diskFullError, type ConnectionFailure } from '../errors.js';

/** When a failed run with no known next attempt is likely tried again (a guess for the status line). */
const assumedRetryMs = 60_000;

/**
 * The status a failed run leaves (R14), so the user sees the real reason and what to do:
 * - `auth-required`: a refused login, which waits for the user;
 * - `offline`: this computer has no network;
 * - `server-unreachable` (with its cause): the network works, the mail server does not answer;
 * - `tls-problem`: the secure connection was refused (certificate, handshake);
 * - `rate-limited`: the server asked to slow down;
 * - `error` `disk-full` for a full disk (SQLITE_FULL, ENOSPC), retried;
 * - `error` with the code for anything else — an expired sign-in that is renewed and
 *   retried (`auth-expired`) among them.
 * `retryAt` is the loop's next attempt when one is planned; without it a `rate-limited`
 * says when the server allows the next one, and other retryable errors give a guess.
 */
export function statusAfterFailure(failure: unknown, now: Date, retryAt?: Date): MailboxStatus {
  // A full disk (SQLITE_FULL, ENOSPC) says so, and when the next try is, not "stopped unexpectedly".
  const error = diskFullError(failure) ?? failure;
  if (!(error instanceof AppError)) return { state: 'error', code: 'internal', message: 'Sync stopped unexpectedly; the log has details.' };
  const at = (date: Date | undefined) => (date === undefined ? {} : { retryAt: date.toISOString() });
  switch (error.code) {
    case 'auth-required':
      return { state: 'auth-required', kind: 'password-rejected' };
    case 'rate-limited':
      return { state: 'rate-limited', ...at(retryAt ?? (error.retryAfterMs === undefined ? undefined : new Date(now.getTime() + error.retryAfterMs))) };
    case 'network':
    case 'timeout': {
      const connection = connectionOf(error);
      if (connection !== undefined) return connectionStatus(connection, retryAt);
      return { state: 'error', code: error.code, message: error.message, ...at(retryAt) };
    }
    default: {
      const next = retryAt ?? (error.retryable ? new Date(now.getTime() + (error.retryAfterMs ?? assumedRetryMs)) : undefined);
      return { state: 'error', code: error.code, message: error.message, ...at(next) };
    }
  }
}

/**
 * Where the connection failed. A provider that did not say (a connection that went away
 * between commands) is taken as: server unreachable — timed out for a timeout, the
 * connection lost for a retryable network error.
 */
function connectionOf(error: AppError): ConnectionFailure | undefined {
  if (error.connection !== undefined) return error.connection;
  if (error.code === 'timeout') return { kind: 'server-unreachable', cause: 'timed-out' };
  return error.retryable ? { kind: 'server-unreachable', cause: 'connection-lost' } : undefined;
}

function connectionStatus(connection: ConnectionFailure, retryAt: Date | undefined): MailboxStatus {
  const at = retryAt === undefined ? {} : { retryAt: retryAt.toISOString() };
  switch (connection.kind) {
    case 'no-network':
      return { state: 'offline', ...at };
    case 'server-unreachable':
      return { state: 'server-unreachable', cause: connection.cause, ...at };
    case 'tls':
      return { state: 'tls-problem', problem: connection.problem, ...at };
    default:
      return assertNever(connection);
  }
}
