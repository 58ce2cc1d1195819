import type { Result, WireError } from '../../../shared/errors.js';
import type { PushedEvent } from '../../../shared/events.js';

/**
 * Where the connection to the engine stands, as the UI needs to know it.
 * - `connecting`: the first attempt since the window opened.
 * - `ready`: calls go through.
 * - `reconnecting`: the connection dropped; the next attempt starts in `retryInMs`.
 * - `link-expired`: the engine refused the key in the address (close code 4401). No retry:
 *   only a fresh address from the engine helps.
 * - `link-missing`: the address carries no key at all.
 */
export type ConnectionState =
  | { kind: 'connecting' }
  | { kind: 'ready' }
  | { kind: 'reconnecting'; attempt: number; retryInMs: number }
  | { kind: 'link-expired' }
  | { kind: 'link-missing' };

/** One way to reach the engine: Electron IPC (preload bridge) or the headless WebSocket. */
export interface Transport {
  /** Never rejects: a transport failure resolves as a `network` or `timeout` error. */
  invoke(channel: string, input: unknown): Promise<Result<unknown>>;
  /** Every pushed event; returns the unsubscribe. */
  onEvent(listener: (event: PushedEvent) => void): () => void;
  /** Connection state changes; returns the unsubscribe. */
  onStateChange(listener: (state: ConnectionState) => void): () => void;
  readonly state: ConnectionState;
  /** Stops reconnecting and fails every open call. */
  close(): void;
}

/** The error every call gets when the engine cannot be reached. */
export function networkError(message = 'The connection to Hirebox was lost.'): { ok: false; error: WireError } {
  return { ok: false, error: { code: 'network', message, retryable: true } };
}

export function timeoutError(): { ok: false; error: WireError } {
  return { ok: false, error: { code: 'timeout', message: 'Hirebox did not answer in time.', retryable: true } };
}

export function unauthenticatedError(): { ok: false; error: WireError } {
  return {
    ok: false,
    error: { code: 'unauthenticated', message: 'This link has expired; open the address Hirebox printed.', retryable: false },
  };
}

/** True for a value shaped like `Result`; anything else from the other side is a fault. */
export function isResult(value: unknown): value is Result<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  if (record['ok'] === true) return 'value' in record;
  if (record['ok'] !== false) return false;
  const error = record['error'];
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as Record<string, unknown>)['code'] === 'string' &&
    typeof (error as Record<string, unknown>)['retryable'] === 'boolean'
  );
}

export function malformedResultError(): { ok: false; error: WireError } {
  return { ok: false, error: { code: 'internal', message: 'Hirebox answered with something unreadable.', retryable: false } };
}
