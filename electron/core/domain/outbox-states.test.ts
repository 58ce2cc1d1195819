import { describe, expect, it } from 'vitest';
import { outboxStates, type OutboxState, type OutboxStateName } from '../../../shared/status.js';
import { canTake, finalOutboxStates, ForbiddenOutboxStep, nextOutboxState, retryDelayMs, stepsFrom, type OutboxStep, type OutboxStepKind } from './outbox-states.js';

const at = new Date('2026-03-02T10:00:00Z');

/** One stored state per name, as the store would hold it. */
const sample: { [K in OutboxStateName]: OutboxState & { state: K } } = {
  draft: { state: 'draft' },
  queued: { state: 'queued' },
  sending: { state: 'sending', startedAt: at.toISOString() },
  accepted: { state: 'accepted', acceptedAt: at.toISOString(), refusedRecipients: [] },
  filed: { state: 'filed', filedAt: at.toISOString(), refusedRecipients: [] },
  'failed-retryable': { state: 'failed-retryable', reason: '421 try later', nextAttemptAt: at.toISOString(), attempts: 1 },
  'failed-permanent': { state: 'failed-permanent', reason: '550 no such user' },
  'outcome-unknown': { state: 'outcome-unknown', since: at.toISOString() },
  cancelled: { state: 'cancelled' },
};

const steps: { [K in OutboxStepKind]: OutboxStep & { kind: K } } = {
  queue: { kind: 'queue' },
  start: { kind: 'start', at },
  accept: { kind: 'accept', at, refusedRecipients: ['bob@example.org'] },
  file: { kind: 'file', at, refusedRecipients: [] },
  unreachable: { kind: 'unreachable' },
  'fail-temporarily': { kind: 'fail-temporarily', reason: '421 busy', nextAttemptAt: at, attempts: 2 },
  'fail-permanently': { kind: 'fail-permanently', reason: '550 mailbox unavailable' },
  'lose-track': { kind: 'lose-track', at },
  'send-anyway': { kind: 'send-anyway' },
  cancel: { kind: 'cancel' },
  'return-to-draft': { kind: 'return-to-draft' },
};

// The whole table, written out once more by hand: [from, step, to]. Every pair not
// listed here must be refused.
const allowed: [OutboxStateName, OutboxStepKind, OutboxStateName][] = [
  ['draft', 'queue', 'queued'],
  ['draft', 'cancel', 'cancelled'],
  ['queued', 'start', 'sending'],
  ['queued', 'cancel', 'cancelled'],
  ['queued', 'return-to-draft', 'draft'],
  ['sending', 'accept', 'accepted'],
  ['sending', 'file', 'filed'],
  ['sending', 'unreachable', 'queued'],
  ['sending', 'fail-temporarily', 'failed-retryable'],
  ['sending', 'fail-permanently', 'failed-permanent'],
  ['sending', 'lose-track', 'outcome-unknown'],
  ['accepted', 'file', 'filed'],
  ['failed-retryable', 'start', 'sending'],
  ['failed-retryable', 'cancel', 'cancelled'],
  ['failed-retryable', 'return-to-draft', 'draft'],
  ['failed-permanent', 'cancel', 'cancelled'],
  ['failed-permanent', 'return-to-draft', 'draft'],
  ['outcome-unknown', 'send-anyway', 'queued'],
  ['outcome-unknown', 'cancel', 'cancelled'],
];

describe('outbox state machine (R15)', () => {
  for (const from of outboxStates) {
    for (const step of Object.keys(steps) as OutboxStepKind[]) {
      const entry = allowed.find(([f, s]) => f === from && s === step);
      if (entry) {
        it(`${from} --${step}--> ${entry[2]}`, () => {
          expect(canTake(from, step)).toBe(true);
          expect(nextOutboxState(sample[from], steps[step]).state).toBe(entry[2]);
        });
      } else {
        it(`${from} refuses ${step}`, () => {
          expect(canTake(from, step)).toBe(false);
          expect(() => nextOutboxState(sample[from], steps[step])).toThrow(ForbiddenOutboxStep);
        });
      }
    }
  }

  it('never sends again by itself: only the user’s "send anyway" leaves outcome-unknown towards sending', () => {
    expect(stepsFrom('outcome-unknown')).toEqual(['send-anyway', 'cancel']);
    expect(canTake('outcome-unknown', 'start')).toBe(false);
    // An item found in `sending` after a crash cannot be started again either.
    expect(canTake('sending', 'start')).toBe(false);
  });

  it('leaves filed and cancelled never again', () => {
    for (const state of finalOutboxStates) expect(stepsFrom(state)).toEqual([]);
  });

  it('cannot cancel what may have reached the server', () => {
    expect(canTake('sending', 'cancel')).toBe(false);
    expect(canTake('accepted', 'cancel')).toBe(false);
  });

  it('keeps what each step reports', () => {
    expect(nextOutboxState(sample.sending, steps.accept)).toEqual({ state: 'accepted', acceptedAt: at.toISOString(), refusedRecipients: ['bob@example.org'] });
    expect(nextOutboxState(sample.sending, steps['fail-temporarily'])).toEqual({ state: 'failed-retryable', reason: '421 busy', nextAttemptAt: at.toISOString(), attempts: 2 });
    expect(nextOutboxState(sample.sending, steps['fail-permanently'])).toEqual({ state: 'failed-permanent', reason: '550 mailbox unavailable' });
    expect(nextOutboxState(sample.sending, steps['lose-track'])).toEqual({ state: 'outcome-unknown', since: at.toISOString() });
    expect(nextOutboxState(sample.queued, steps.start)).toEqual({ state: 'sending', startedAt: at.toISOString() });
  });
});

describe('retryDelayMs', () => {
  it('follows the schedule, repeats its last step and adds at most 20 % jitter', () => {
    const delays = [100, 1_000, 5_000];
    expect(retryDelayMs(1, delays, () => 0)).toBe(100);
    expect(retryDelayMs(2, delays, () => 0)).toBe(1_000);
    expect(retryDelayMs(9, delays, () => 0)).toBe(5_000);
    expect(retryDelayMs(1, delays, () => 1)).toBe(120);
    expect(retryDelayMs(0, delays, () => 0)).toBe(100);
    expect(retryDelayMs(3, [], () => 0)).toBe(0);
  });
});
