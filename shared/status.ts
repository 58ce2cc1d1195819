/**
 * Mailbox status (R14) and outbox states (R15) as PRODUCT.md defines them. The state
 * machines that move between them live in the engine's domain code.
 */

/**
 * What a sync run is doing; `rescan`: the server no longer knew where sync stopped (IMAP
 * UIDVALIDITY changed, Gmail's history or Graph's delta token expired), so the initial window
 * is read again — shown, never a silent gap.
 */
export type SyncPhase = 'folders' | 'initial-window' | 'rescan' | 'changes' | 'backfill' | 'bodies';

export type AuthRequiredKind = 'password-rejected' | 'token-expired' | 'token-revoked' | 'consent-missing';

/**
 * Why the mail server cannot be reached while this computer has a network (R14):
 * `refused` (nothing listens on the port: the server is down, or host or port are wrong),
 * `timed-out` (no answer in time), `host-not-found` (the server's name does not resolve),
 * `host-unreachable` (no route to the server), `connection-lost` (the connection broke),
 * `unavailable` (the server says it is temporarily unavailable).
 */
export type UnreachableCause = 'refused' | 'timed-out' | 'host-not-found' | 'host-unreachable' | 'connection-lost' | 'unavailable';

/**
 * What is wrong with the secure connection: `certificate-untrusted` (self-signed, unknown
 * authority: can be trusted by hand in the connection test), `certificate-changed` (another
 * certificate than the one trusted by hand), `certificate-invalid` (expired, not yet valid,
 * revoked, for another host name), `handshake` (no TLS on the port, an outdated TLS version,
 * STARTTLS missing or tampered with).
 */
export type TlsProblem = 'certificate-untrusted' | 'certificate-changed' | 'certificate-invalid' | 'handshake';

/**
 * `offline` is this computer without a network; `server-unreachable` a network without the
 * mail server. Both, `tls-problem` and `rate-limited` are tried again by the engine at
 * `retryAt` (ISO 8601) when it knows when; `auth-required` waits for the user.
 */
export type MailboxStatus =
  | { state: 'connecting' }
  | { state: 'syncing'; phase: SyncPhase; done: number; total?: number }
  | { state: 'up-to-date' }
  | { state: 'paused' }
  | { state: 'offline'; retryAt?: string }
  | { state: 'server-unreachable'; cause: UnreachableCause; retryAt?: string }
  | { state: 'tls-problem'; problem: TlsProblem; retryAt?: string }
  | { state: 'rate-limited'; retryAt?: string }
  | { state: 'auth-required'; kind: AuthRequiredKind }
  | { state: 'error'; code: string; message: string; retryAt?: string };

export type MailboxState = MailboxStatus['state'];

export interface MailboxStatusReport {
  status: MailboxStatus;
  /** ISO 8601; `null` until the first complete sync. */
  lastSyncedAt: string | null;
}

export const outboxStates = [
  'draft',
  'queued',
  'sending',
  'accepted',
  'filed',
  'failed-retryable',
  'failed-permanent',
  'outcome-unknown',
  'cancelled',
] as const;

export type OutboxStateName = (typeof outboxStates)[number];

export type OutboxState =
  | { state: 'draft' }
  | { state: 'queued' }
  | { state: 'sending'; startedAt: string }
  | { state: 'accepted'; acceptedAt: string; refusedRecipients: string[] }
  | { state: 'filed'; filedAt: string; refusedRecipients: string[] }
  | { state: 'failed-retryable'; reason: string; nextAttemptAt: string; attempts: number }
  | { state: 'failed-permanent'; reason: string }
  | { state: 'outcome-unknown'; since: string }
  | { state: 'cancelled' };
