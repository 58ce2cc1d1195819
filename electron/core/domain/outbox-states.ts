import { assertNever } from '../../../shared/assert-never.js';
import type { OutboxState, OutboxStateName } from '../../../shared/status.js';

/**
 * The outbox state machine of PRODUCT.md "Outbox states" (R15), as pure rules: which
 * step may follow which, and what each step leaves behind. The engine stores every state
 * an item reaches before it acts on it, so that after a crash the stored state tells what
 * may have happened — and an item is never sent twice without the user choosing to.
 *
 *   draft → queued → sending → accepted → filed
 *                      ├─→ queued            (the server was unreachable; nothing reached DATA)
 *                      ├─→ failed-retryable  (a 4xx, or the connection lost before DATA)
 *                      ├─→ failed-permanent  (every recipient or the DATA step refused)
 *                      ├─→ outcome-unknown   (lost after DATA began, or found in `sending` after a crash)
 *                      └─→ filed             (after a crash: its copy is found in Sent)
 */
export type OutboxStep =
  /** The user sends a draft (or moves it back from drafts). */
  | { kind: 'queue' }
  /** The sender picks the item up; stored before the SMTP DATA step starts. */
  | { kind: 'start'; at: Date }
  /** The server answered 250 after DATA, for some recipients at least. */
  | { kind: 'accept'; at: Date; refusedRecipients: string[] }
  /** A copy with the item's Message-ID is in the Sent folder (filed by the server, or appended by Hirebox). */
  | { kind: 'file'; at: Date; refusedRecipients: string[] }
  /** The server could not be reached, or refused the connection before any mail step: wait for it. */
  | { kind: 'unreachable' }
  /** A temporary failure before the message was accepted (4xx, connection lost before DATA). */
  | { kind: 'fail-temporarily'; reason: string; nextAttemptAt: Date; attempts: number }
  /** Every recipient, or the DATA step, refused for good; `reason` is the server's words. */
  | { kind: 'fail-permanently'; reason: string }
  /** The connection was lost after DATA began, or the item was found in `sending` after a crash without a copy in Sent. */
  | { kind: 'lose-track'; at: Date }
  /** The user chose "send anyway" for an item whose outcome is unknown. */
  | { kind: 'send-anyway' }
  /** The user cancels before anything was sent. */
  | { kind: 'cancel' }
  /** Back to drafts (R12: its mailbox was unlinked and the user did not move it). */
  | { kind: 'return-to-draft' };

export type OutboxStepKind = OutboxStep['kind'];

/** For each step, the states it may start from. Everything else is refused. */
const allowedFrom: { readonly [K in OutboxStepKind]: readonly OutboxStateName[] } = {
  queue: ['draft'],
  // A retryable failure is retried by the sender; only `queued` and it start a send.
  start: ['queued', 'failed-retryable'],
  accept: ['sending'],
  // `sending` → `filed`: crash recovery found the copy in Sent.
  file: ['sending', 'accepted'],
  unreachable: ['sending'],
  'fail-temporarily': ['sending'],
  'fail-permanently': ['sending'],
  'lose-track': ['sending'],
  // The only way out of `outcome-unknown` that sends: the user's explicit choice.
  'send-anyway': ['outcome-unknown'],
  // Only while nothing may have reached the server.
  cancel: ['draft', 'queued', 'failed-retryable', 'failed-permanent', 'outcome-unknown'],
  'return-to-draft': ['queued', 'failed-retryable', 'failed-permanent'],
};

/** States an item never leaves. */
export const finalOutboxStates: readonly OutboxStateName[] = ['filed', 'cancelled'];

/** States the sender works on by itself (due items); `sending` is not among them: after a crash it is recovered, never resent. */
export const sendableOutboxStates: readonly OutboxStateName[] = ['queued', 'failed-retryable'];

/** States a mailbox's unlinking moves to another mailbox or back to drafts (R12). */
export const waitingOutboxStates: readonly OutboxStateName[] = ['queued', 'failed-retryable'];

/** Whether `step` may follow `state`. */
export function canTake(state: OutboxStateName, step: OutboxStepKind): boolean {
  return allowedFrom[step].includes(state);
}

/** The step kinds allowed from a state, for the UI's actions and the tests. */
export function stepsFrom(state: OutboxStateName): OutboxStepKind[] {
  return (Object.keys(allowedFrom) as OutboxStepKind[]).filter((step) => canTake(state, step));
}

/** Refused: the step does not follow the item's state. Carries both, for the error message. */
export class ForbiddenOutboxStep extends Error {
  constructor(
    readonly from: OutboxStateName,
    readonly step: OutboxStepKind,
  ) {
    super(`An outbox item in state ${from} cannot take the step ${step}.`);
    this.name = 'ForbiddenOutboxStep';
  }
}

/**
 * The state after `step`, or throws `ForbiddenOutboxStep`. Pure: the caller stores the
 * result (in one transaction with whatever goes with it) and pushes it as an event.
 */
export function nextOutboxState(current: OutboxState, step: OutboxStep): OutboxState {
  if (!canTake(current.state, step.kind)) throw new ForbiddenOutboxStep(current.state, step.kind);
  switch (step.kind) {
    case 'queue':
    case 'unreachable':
    case 'send-anyway':
      return { state: 'queued' };
    case 'start':
      return { state: 'sending', startedAt: step.at.toISOString() };
    case 'accept':
      return { state: 'accepted', acceptedAt: step.at.toISOString(), refusedRecipients: [...step.refusedRecipients] };
    case 'file':
      return { state: 'filed', filedAt: step.at.toISOString(), refusedRecipients: [...step.refusedRecipients] };
    case 'fail-temporarily':
      return { state: 'failed-retryable', reason: step.reason, nextAttemptAt: step.nextAttemptAt.toISOString(), attempts: step.attempts };
    case 'fail-permanently':
      return { state: 'failed-permanent', reason: step.reason };
    case 'lose-track':
      return { state: 'outcome-unknown', since: step.at.toISOString() };
    case 'cancel':
      return { state: 'cancelled' };
    case 'return-to-draft':
      return { state: 'draft' };
    default:
      return assertNever(step);
  }
}

/**
 * Retry delays for temporary failures: `delaysMs[attempt - 1]`, the last one repeated,
 * with up to 20 % jitter so that many items do not hit a recovering server at once.
 */
export function retryDelayMs(attempt: number, delaysMs: readonly number[], random: () => number = Math.random): number {
  if (delaysMs.length === 0) return 0;
  const base = delaysMs[Math.min(Math.max(attempt, 1), delaysMs.length) - 1]!;
  return Math.round(base * (1 + 0.2 * random()));
}

/** The default retry delays: 30 s, 2 min, 10 min, then every 30 min. */
export const defaultRetryDelaysMs: readonly number[] = [30_000, 120_000, 600_000, 1_800_000];
