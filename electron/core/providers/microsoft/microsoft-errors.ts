import { AuthError, InteractionRequiredAuthError } from '@azure/msal-node';
import { AppError } from '../../errors.js';

/**
 * Every failure of a Graph call or of MSAL as an engine `AppError` (docs/providers.md
 * "Errors"). Graph's error body is `{ error: { code, message } }`
 * (https://learn.microsoft.com/graph/errors); throttling is 429 (or 503) with Retry-After
 * (https://learn.microsoft.com/graph/throttling). Never carries a token: messages are built
 * from status, Graph's code and its message only.
 */

/** A Graph answer that was no success, as the client reads it. */
export class GraphHttpError extends Error {
  constructor(
    readonly status: number,
    /** Graph's `error.code` (`InvalidAuthenticationToken`, `SyncStateNotFound`, `ErrorItemNotFound`, ...). */
    readonly graphCode: string | null,
    readonly graphMessage: string,
    readonly retryAfterMs: number | undefined,
  ) {
    super(`Graph answered HTTP ${status}${graphCode === null ? '' : ` ${graphCode}`}`);
    this.name = 'GraphHttpError';
  }
}

/** Retry-After (seconds or an HTTP date, RFC 9110 §10.2.3) in milliseconds. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  if (/^\d+$/u.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

const networkCodes: Record<string, 'refused' | 'host-not-found' | 'host-unreachable' | 'connection-lost' | 'timed-out'> = {
  ECONNREFUSED: 'refused',
  ENOTFOUND: 'host-not-found',
  EAI_AGAIN: 'host-not-found',
  EHOSTUNREACH: 'host-unreachable',
  ECONNRESET: 'connection-lost',
  EPIPE: 'connection-lost',
  UND_ERR_SOCKET: 'connection-lost',
  ETIMEDOUT: 'timed-out',
  UND_ERR_CONNECT_TIMEOUT: 'timed-out',
};

/** The system error code of a failure without an answer (`ECONNREFUSED`, ..., `TimeoutError`), looking through causes. */
export function networkCodeOf(error: unknown): string | null {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth += 1) {
    if ((current as { name?: string }).name === 'TimeoutError') return 'TimeoutError';
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && (code in networkCodes || code === 'ENETUNREACH' || code === 'ENETDOWN')) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

/** Whether nothing reached Graph: the connection was never made (so a send cannot have gone out). */
export function neverConnected(error: unknown): boolean {
  const code = networkCodeOf(error);
  return code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'ENETUNREACH' || code === 'ENETDOWN' || code === 'EHOSTUNREACH' || code === 'UND_ERR_CONNECT_TIMEOUT';
}

function networkError(error: unknown, service: string, what: string): AppError {
  const code = networkCodeOf(error);
  if (code === 'ENETUNREACH' || code === 'ENETDOWN') return new AppError('network', `This computer has no network (${what}).`, { retryable: true, connection: { kind: 'no-network' }, cause: error });
  if (code === 'TimeoutError' || code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') {
    return new AppError('timeout', `${service} did not answer in time (${what}).`, { retryable: true, connection: { kind: 'server-unreachable', cause: 'timed-out' }, cause: error });
  }
  const cause = code === null ? 'connection-lost' : (networkCodes[code] ?? 'connection-lost');
  return new AppError('network', `Cannot reach ${service} (${what}${code === null ? '' : `, ${code}`}).`, { retryable: true, connection: { kind: 'server-unreachable', cause }, cause: error });
}

/** One failure of a Graph call, translated. `what` names the step ("listing folders"). */
export function translateGraphError(error: unknown, what: string): AppError {
  if (error instanceof AppError) return error;
  if (!(error instanceof GraphHttpError)) return networkError(error, 'Microsoft Graph', what);
  const { status, graphCode } = error;
  const words = error.graphMessage === '' ? '' : `: ${error.graphMessage.slice(0, 200)}`;
  if (status === 429 || (status === 503 && error.retryAfterMs !== undefined)) {
    return new AppError('rate-limited', `Microsoft asks Hirebox to slow down (${what})${words}.`, { retryable: true, ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }), cause: error });
  }
  if (status === 401) return new AppError('auth-expired', `Microsoft refused the sign-in (${what}); it is renewed and tried again.`, { retryable: true, cause: error });
  if (status === 403) return new AppError('auth-required', `Microsoft refused access (${what})${words}; sign in with Microsoft again and allow Hirebox to read and send mail.`, { cause: error });
  if (status === 404) return new AppError('not-found', `Microsoft 365 does not have it (any more) (${what}).`, { cause: error });
  if (status >= 500) return new AppError('network', `Microsoft Graph is temporarily unavailable (${what}, HTTP ${status})${words}.`, { retryable: true, connection: { kind: 'server-unreachable', cause: 'unavailable' }, cause: error });
  return new AppError('internal', `Microsoft Graph refused a request (${what}, HTTP ${status}${graphCode === null ? '' : ` ${graphCode}`})${words}.`, { cause: error });
}

/** One failure of MSAL (the token endpoint, the cache), translated; Entra's `invalid_grant` and every "interaction required" is `auth-required`. */
export function translateMsalError(error: unknown, what: string): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof InteractionRequiredAuthError) return new AppError('auth-required', 'Microsoft no longer accepts this sign-in (it was revoked or expired); sign in with Microsoft again.', { cause: error });
  if (error instanceof AuthError) {
    const code = error.errorCode;
    if (/invalid_grant|interaction_required|consent_required|login_required|no_tokens_found|bad_token/iu.test(code)) {
      return new AppError('auth-required', 'Microsoft no longer accepts this sign-in (it was revoked or expired); sign in with Microsoft again.', { cause: error });
    }
    if (/unauthorized_client|invalid_client/iu.test(code)) return new AppError('internal', 'Microsoft does not know the application (client) id this Hirebox is configured with.', { cause: error });
    if (/network|endpoints_resolution|post_request_failed|get_request_failed/iu.test(code) || networkCodeOf(error) !== null) return networkError(error, 'the Microsoft sign-in', what);
    return new AppError('internal', `The Microsoft sign-in failed (${what}, ${code.slice(0, 80)}).`, { cause: error });
  }
  return networkCodeOf(error) !== null ? networkError(error, 'the Microsoft sign-in', what) : new AppError('internal', `The Microsoft sign-in failed (${what}).`, { cause: error });
}
