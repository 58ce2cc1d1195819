import { create } from 'zustand';
import type { InputOf } from '../../../shared/contract.js';
import type { Result, WireError } from '../../../shared/errors.js';
import type { IntakeCreated, IntakeDraft, IntakeList } from '../../../shared/model.js';
import { call } from '../api/client.js';
import { showCreatedCandidate } from './candidate-profile-store.js';

interface IntakeStore {
  status: 'idle' | 'loading' | 'ready' | 'error';
  /** The last list read (`intake:list`); kept while the next one loads or when it fails. */
  list: IntakeList | null;
  error: WireError | null;
}

/**
 * The company inbox's intake (R13): mail forwarded to the company inbox with a CV that no
 * candidate has yet. The engine reads it live from the server and stores none of it, so the
 * renderer holds it only while the Candidates page shows it (`forgetIntake`).
 */
export const useIntakeStore = create<IntakeStore>(() => ({ status: 'idle', list: null, error: null }));

/** Counts the reads, so that an older answer arriving late does not replace a newer one. */
let reads = 0;

/** Reads the intake again. The state turns `loading` at once (before the answer), so a view opened with the call shows it. */
export async function loadIntake(): Promise<void> {
  const read = ++reads;
  useIntakeStore.setState({ status: 'loading', error: null });
  const result = await call('intake:list', {});
  if (read !== reads) return;
  useIntakeStore.setState(result.ok ? { status: 'ready', list: result.value, error: null } : { status: 'error', error: result.error });
}

/** Forgets the intake when its page closes: the next visit reads it afresh and shows nothing old meanwhile. */
export function forgetIntake(): void {
  reads++;
  useIntakeStore.setState({ status: 'idle', list: null, error: null });
}

/** One intake mail read into a candidate draft (`intake:read`): the original sender, the subject, the CV. */
export function readIntakeMail(key: string): Promise<Result<IntakeDraft>> {
  return call('intake:read', { key });
}

/**
 * Creates the candidate from an intake mail and keeps the mail, with its CV, on the new profile
 * (`intake:create-candidate`); the profile is shown next, as `createCandidate` does. The result's
 * `error.field` belongs next to that field of the candidate form.
 */
export async function createCandidateFromIntake(input: InputOf<'intake:create-candidate'>): Promise<Result<IntakeCreated>> {
  const result = await call('intake:create-candidate', input);
  if (result.ok) showCreatedCandidate(result.value.candidate);
  return result;
}
