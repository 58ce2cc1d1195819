/**
 * Mailbox status (R14) and outbox states (R15) as PRODUCT.md defines them. The state
 * machines that move between them live in the engine's domain code.
 */

export type SyncPhase = 'folders' | 'initial-window' | 'changes' | 'backfill' | 'bodies';

export type AuthRequiredKind = 'password-rejected' | 'token-expired' | 'token-revoked' | 'consent-missing';

export type MailboxStatus =
  | { state: 'connecting' }
  | { state: 'syncing'; phase: SyncPhase; done: number; total?: number }
  | { state: 'up-to-date' }
  | { state: 'paused' }
  | { state: 'offline' }
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
