import { AppError } from '../../errors.js';

/**
 * Every failure of the Gmail client (gaxios) or Google's token endpoint as an engine
 * `AppError` (docs/providers.md "Errors"). Google's error bodies are `{ error: { code,
 * message, errors: [{ reason }] } }` for the API and `{ error, error_description }` for
 * OAuth. Never carries a token: messages are built from status, reason and Google's
 * `message` only.
 */

interface ErrorLike {
  status?: number;
  code?: string | number;
  message?: string;
  response?: { status?: number; data?: unknown; headers?: unknown };
  cause?: unknown;
}

const networkCodes: Record<string, 'refused' | 'host-not-found' | 'host-unreachable' | 'connection-lost' | 'timed-out'> = {
  ECONNREFUSED: 'refused',
  ENOTFOUND: 'host-not-found',
  EAI_AGAIN: 'host-not-found',
  EHOSTUNREACH: 'host-unreachable',
  ECONNRESET: 'connection-lost',
  EPIPE: 'connection-lost',
  ECONNABORTED: 'connection-lost',
  UND_ERR_SOCKET: 'connection-lost',
  ETIMEDOUT: 'timed-out',
  UND_ERR_CONNECT_TIMEOUT: 'timed-out',
};

/** The HTTP status of a client error, or null for one that never got an answer. */
export function statusOf(error: unknown): number | null {
  const like = error as ErrorLike | null;
  const status = like?.response?.status ?? like?.status;
  return typeof status === 'number' ? status : null;
}

/** Google's `errors[0].reason` (`rateLimitExceeded`, `authError`, ...) or the OAuth `error` (`invalid_grant`). */
export function reasonOf(error: unknown): string | null {
  const data = (error as ErrorLike | null)?.response?.data;
  if (typeof data !== 'object' || data === null || !('error' in data)) return null;
  const body = data.error;
  if (typeof body === 'string') return body;
  if (typeof body === 'object' && body !== null && 'errors' in body && Array.isArray(body.errors)) {
    const first: unknown = body.errors[0];
    if (typeof first === 'object' && first !== null && 'reason' in first && typeof first.reason === 'string') return first.reason;
  }
  return null;
}

function googleMessage(error: unknown): string {
  const data = (error as ErrorLike | null)?.response?.data;
  if (typeof data === 'object' && data !== null && 'error' in data) {
    const body = data.error;
    if (typeof body === 'object' && body !== null && 'message' in body && typeof body.message === 'string') return body.message.slice(0, 200);
    if ('error_description' in data && typeof data.error_description === 'string') return data.error_description.slice(0, 200);
  }
  return '';
}

/** Retry-After (seconds or an HTTP date) in milliseconds, when the answer had one. */
export function retryAfterMsOf(error: unknown, now = Date.now()): number | undefined {
  const headers = (error as ErrorLike | null)?.response?.headers;
  let value: string | null | undefined;
  if (headers !== null && typeof headers === 'object') {
    if ('get' in headers && typeof headers.get === 'function') value = (headers.get as (name: string) => string | null).call(headers, 'retry-after');
    else value = (headers as Record<string, string | undefined>)['retry-after'];
  }
  if (value === null || value === undefined || value.trim() === '') return undefined;
  if (/^\d+$/u.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

/** The system error code of a failure that got no answer (`ECONNREFUSED`, ...), looking through causes. */
function networkCodeOf(error: unknown): string | null {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth += 1) {
    // The request's own timeout aborts it (gaxios `timeout`); a caller's abort never gets here.
    if ((current as { name?: string }).name === 'TimeoutError' || (current as { name?: string }).name === 'AbortError') return 'TimeoutError';
    const code = (current as ErrorLike).code;
    if (typeof code === 'string' && (code in networkCodes || code === 'ENETUNREACH' || code === 'ENETDOWN' || code === 'TimeoutError')) return code;
    current = (current as ErrorLike).cause;
  }
  return null;
}

/** Whether the request got no HTTP answer at all (refused, reset, DNS, timeout). */
export function isNetworkFailure(error: unknown): boolean {
  return statusOf(error) === null && networkCodeOf(error) !== null;
}

/** Whether nothing reached Google: the connection was never made (so a send cannot have gone out). */
export function neverConnected(error: unknown): boolean {
  const code = networkCodeOf(error);
  return code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'ENETUNREACH' || code === 'ENETDOWN' || code === 'EHOSTUNREACH' || code === 'UND_ERR_CONNECT_TIMEOUT';
}

/** One failure of a Gmail API call or the token endpoint, translated. `what` names the step ("listing labels"). */
export function translateGmailError(error: unknown, what: string): AppError {
  if (error instanceof AppError) return error;
  const status = statusOf(error);
  const reason = reasonOf(error);
  const detail = googleMessage(error);
  const words = detail === '' ? '' : `: ${detail}`;
  if (reason === 'invalid_grant') return new AppError('auth-required', 'Google no longer accepts this sign-in (it was revoked or expired); sign in with Google again.', { cause: error });
  if (status === null) {
    const code = networkCodeOf(error);
    if (code === 'ENETUNREACH' || code === 'ENETDOWN') return new AppError('network', `This computer has no network (${what}).`, { retryable: true, connection: { kind: 'no-network' }, cause: error });
    if (code === 'TimeoutError' || code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') {
      return new AppError('timeout', `Gmail did not answer in time (${what}).`, { retryable: true, connection: { kind: 'server-unreachable', cause: 'timed-out' }, cause: error });
    }
    const cause = code === null ? 'connection-lost' : (networkCodes[code] ?? 'connection-lost');
    return new AppError('network', `Cannot reach Gmail (${what}${code === null ? '' : `, ${code}`}).`, { retryable: true, connection: { kind: 'server-unreachable', cause }, cause: error });
  }
  if (status === 429 || (status === 403 && (reason === 'rateLimitExceeded' || reason === 'userRateLimitExceeded' || reason === 'quotaExceeded'))) {
    const retryAfterMs = retryAfterMsOf(error);
    return new AppError('rate-limited', `Gmail asks Hirebox to slow down (${what})${words}.`, { retryable: true, ...(retryAfterMs === undefined ? {} : { retryAfterMs }), cause: error });
  }
  if (status === 401) return new AppError('auth-expired', `Gmail refused the sign-in (${what}); it is renewed and tried again.`, { retryable: true, cause: error });
  if (status === 403) return new AppError('auth-required', `Gmail refused access (${what})${words}; sign in with Google again and allow Hirebox to read and send mail.`, { cause: error });
  if (status === 404) return new AppError('not-found', `Gmail does not have it (any more) (${what}).`, { cause: error });
  if (status >= 500) return new AppError('network', `Gmail is temporarily unavailable (${what}, HTTP ${status})${words}.`, { retryable: true, connection: { kind: 'server-unreachable', cause: 'unavailable' }, cause: error });
  if (status === 400 && reason === 'invalid_client') return new AppError('internal', 'Google does not know the OAuth client id this Hirebox is configured with.', { cause: error });
  return new AppError('internal', `Gmail refused a request (${what}, HTTP ${status})${words}.`, { cause: error });
}
