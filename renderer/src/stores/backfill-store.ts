import { create } from 'zustand';
import type { WireError } from '../../../shared/errors.js';
import type { BackfillOffer, BackfillSummary } from '../../../shared/model.js';
import { call } from '../api/client.js';

/**
 * Issue 7 from the UI: pause and resume a mailbox, fetch older mail (backfill) for a
 * mailbox or a candidate. Progress shows in the mailbox status (`syncing`, phase
 * `backfill`); this store keeps what a button needs: running, the result, the refusal.
 */
export interface BackfillRequest {
  pending: boolean;
  result: BackfillSummary | null;
  error: WireError | null;
}

interface BackfillStore {
  /** By mailbox id, or `candidate:<id>`. */
  requests: Record<string, BackfillRequest>;
  /** Mailboxes whose pause or resume is on its way. */
  toggling: Record<string, boolean>;
  toggleErrors: Record<string, WireError | null>;
  /** Backfills offered after a job was unarchived, by job id, until accepted or dismissed. */
  jobOffers: Record<string, BackfillOffer>;
}

export const useBackfillStore = create<BackfillStore>(() => ({ requests: {}, toggling: {}, toggleErrors: {}, jobOffers: {} }));

export function offerJobBackfill(jobId: string, offer: BackfillOffer): void {
  useBackfillStore.setState((state) => ({ jobOffers: { ...state.jobOffers, [jobId]: offer } }));
}

export function dismissJobBackfill(jobId: string): void {
  useBackfillStore.setState((state) => {
    const { [jobId]: _dismissed, ...rest } = state.jobOffers;
    return { jobOffers: rest };
  });
}

/** Accepts an offer made by a bulk import (once for the whole file): its candidates' last 90 days. */
export async function acceptImportBackfill(offer: BackfillOffer): Promise<void> {
  const key = 'import';
  if (useBackfillStore.getState().requests[key]?.pending) return;
  setRequest(key, { pending: true, result: null, error: null });
  const result = await call('backfill:candidates', { candidateIds: offer.candidateIds, days: offer.days });
  setRequest(key, result.ok ? { pending: false, result: result.value, error: null } : { pending: false, result: null, error: result.error });
}

/** Accepts the offer: the job's candidates' mail over the archived time (`backfill:candidates`). */
export async function acceptJobBackfill(jobId: string): Promise<void> {
  const offer = useBackfillStore.getState().jobOffers[jobId];
  const key = `job:${jobId}`;
  if (offer === undefined || useBackfillStore.getState().requests[key]?.pending) return;
  setRequest(key, { pending: true, result: null, error: null });
  const result = await call('backfill:candidates', { candidateIds: offer.candidateIds, days: offer.days });
  setRequest(key, result.ok ? { pending: false, result: result.value, error: null } : { pending: false, result: null, error: result.error });
  if (result.ok) dismissJobBackfill(jobId);
}

function setRequest(key: string, request: BackfillRequest): void {
  useBackfillStore.setState((state) => ({ requests: { ...state.requests, [key]: request } }));
}

/** The mailbox's older mail: the last `days` days (`backfill:mailbox`). */
export async function backfillMailbox(mailboxId: string, days: number): Promise<void> {
  if (useBackfillStore.getState().requests[mailboxId]?.pending) return;
  setRequest(mailboxId, { pending: true, result: null, error: null });
  const result = await call('backfill:mailbox', { mailboxId, days });
  setRequest(mailboxId, result.ok ? { pending: false, result: result.value, error: null } : { pending: false, result: null, error: result.error });
}

export async function cancelBackfill(mailboxId: string): Promise<void> {
  await call('backfill:cancel', { mailboxId });
}

/** Pause or resume (`mailboxes:pause`, `mailboxes:resume`); the new status arrives as an event. */
export async function setMailboxPaused(mailboxId: string, paused: boolean): Promise<void> {
  if (useBackfillStore.getState().toggling[mailboxId]) return;
  useBackfillStore.setState((state) => ({ toggling: { ...state.toggling, [mailboxId]: true }, toggleErrors: { ...state.toggleErrors, [mailboxId]: null } }));
  const result = await call(paused ? 'mailboxes:pause' : 'mailboxes:resume', { mailboxId });
  useBackfillStore.setState((state) => ({
    toggling: { ...state.toggling, [mailboxId]: false },
    toggleErrors: { ...state.toggleErrors, [mailboxId]: result.ok ? null : result.error },
  }));
}
