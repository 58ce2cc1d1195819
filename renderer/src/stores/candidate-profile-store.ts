import type { ErasureReport } from '../../../shared/privacy.js';
import { create } from 'zustand';
import type { InputOf } from '../../../shared/contract.js';
import type { Result, WireError } from '../../../shared/errors.js';
import type { CandidateProfile, JobDetail, Stage, StageChangeResult } from '../../../shared/model.js';
import { call } from '../api/client.js';
import { useJobDetailStore } from './job-detail-store.js';
import { refreshIfShown, useCandidatePickerStore, useCandidatesStore, useJobsStore, useOpenJobChoicesStore } from './lists.js';

export type CandidateChanges = Omit<InputOf<'candidates:update'>, 'candidateId'>;
export type NewCandidate = InputOf<'candidates:create'>;

interface CandidateProfileStore {
  /** The candidate shown (from the route). */
  candidateId: string | null;
  /** `loading` while the first answer for `candidateId` is out; `error` when it failed (see `error`). */
  status: 'idle' | 'loading' | 'ready' | 'error';
  profile: CandidateProfile | null;
  error: WireError | null;
  /** Loads a candidate; shows "loading" unless it is the one already shown. */
  load(candidateId: string): Promise<void>;
  /** Loads the shown candidate again without blanking the page (pushed changes, reconnect). */
  reload(): Promise<void>;
  /** Name and addresses; the result's `error.field` (`addresses.1`) belongs next to that field. */
  update(changes: CandidateChanges): Promise<Result<CandidateProfile>>;
  addApplication(jobId: string, stage?: Stage): Promise<Result<CandidateProfile>>;
  /** A stage change; `offerArchive` in the answer means: offer to archive that job (R7). */
  setStage(applicationId: string, stage: Stage): Promise<Result<StageChangeResult>>;
  removeApplication(applicationId: string): Promise<Result<CandidateProfile>>;
  /** R3: the candidate and everything Hirebox stored about them. */
  deleteCandidate(): Promise<Result<{ candidateId: string; report: ErasureReport }>>;
  /** The other candidate moves into the shown one (addresses, applications, mail). */
  mergeWith(mergedId: string): Promise<Result<CandidateProfile>>;
  /** Archives a job from the profile (after someone was hired), then shows the new sync state. */
  archiveJob(jobId: string): Promise<Result<JobDetail>>;
}

/** Lists whose rows a change to a candidate may alter (names, sync state, counts). */
function refreshListsAfterCandidateChange(): void {
  for (const store of [useCandidatesStore, useJobsStore, useOpenJobChoicesStore, useCandidatePickerStore]) refreshIfShown(store);
  void useJobDetailStore.getState().reload();
}

let generation = 0;

/** One candidate's profile (`#/candidates/<id>`) and what can be done to them. */
export const useCandidateProfileStore = create<CandidateProfileStore>((set, get) => {
  /** Shows a changed profile when it is still the one on screen. */
  function show(profile: CandidateProfile): void {
    if (get().candidateId === profile.id) set({ profile, status: 'ready', error: null });
  }

  async function fetchProfile(candidateId: string, blank: boolean): Promise<void> {
    const mine = ++generation;
    set(blank ? { candidateId, status: 'loading', profile: null, error: null } : { candidateId });
    const result = await call('candidates:get', { candidateId });
    if (mine !== generation) return;
    if (result.ok) set({ profile: result.value, status: 'ready', error: null });
    else if (!blank && result.error.retryable && get().profile !== null) set({ error: null }); // keep what is shown
    else set({ profile: null, status: 'error', error: result.error });
  }

  return {
    candidateId: null,
    status: 'idle',
    profile: null,
    error: null,

    load: (candidateId) => {
      const { candidateId: shown, status } = get();
      return fetchProfile(candidateId, !(shown === candidateId && status === 'ready'));
    },

    reload: async () => {
      const { candidateId, status } = get();
      if (candidateId !== null && status !== 'idle') await fetchProfile(candidateId, false);
    },

    update: async (changes) => {
      const candidateId = get().candidateId;
      if (candidateId === null) return notShown();
      const result = await call('candidates:update', { candidateId, ...changes });
      if (result.ok) {
        show(result.value);
        refreshListsAfterCandidateChange();
      }
      return result;
    },

    addApplication: async (jobId, stage = 'applied') => {
      const candidateId = get().candidateId;
      if (candidateId === null) return notShown();
      const result = await call('applications:add', { candidateId, jobId, stage });
      if (result.ok) {
        show(result.value);
        refreshListsAfterCandidateChange();
      }
      return result;
    },

    setStage: async (applicationId, stage) => {
      const result = await call('applications:set-stage', { applicationId, stage });
      if (result.ok) {
        show(result.value.profile);
        void useJobDetailStore.getState().reload();
      }
      return result;
    },

    removeApplication: async (applicationId) => {
      const result = await call('applications:remove', { applicationId });
      if (result.ok) {
        show(result.value);
        refreshListsAfterCandidateChange();
      }
      return result;
    },

    deleteCandidate: async () => {
      const candidateId = get().candidateId;
      if (candidateId === null) return notShown();
      const result = await call('candidates:delete', { candidateId });
      if (result.ok) {
        generation++;
        set({ candidateId: null, status: 'idle', profile: null, error: null });
        // The deleted candidate must not linger in the list the user returns to.
        useCandidatesStore.setState((state) => ({ items: state.items.filter((item) => item.id !== candidateId) }));
        refreshListsAfterCandidateChange();
      }
      return result;
    },

    mergeWith: async (mergedId) => {
      const survivorId = get().candidateId;
      if (survivorId === null) return notShown();
      const result = await call('candidates:merge', { survivorId, mergedId });
      if (result.ok) {
        show(result.value);
        useCandidatesStore.setState((state) => ({ items: state.items.filter((item) => item.id !== mergedId) }));
        refreshListsAfterCandidateChange();
      }
      return result;
    },

    archiveJob: async (jobId) => {
      const result = await call('jobs:archive', { jobId });
      if (result.ok) {
        await get().reload();
        refreshListsAfterCandidateChange();
      }
      return result;
    },
  };
});

/** Creates a candidate; the result's `error.field` (`addresses.1`, `name`) belongs next to that field. */
export async function createCandidate(input: NewCandidate): Promise<Result<CandidateProfile>> {
  const result = await call('candidates:create', input);
  if (result.ok) {
    // The profile opens next; show it at once instead of asking again.
    generation++;
    useCandidateProfileStore.setState({ candidateId: result.value.id, status: 'ready', profile: result.value, error: null });
    refreshListsAfterCandidateChange();
  }
  return result;
}

/** A candidate created elsewhere (issue 21: from a company inbox mail) is shown next, as `createCandidate` does. */
export function showCreatedCandidate(profile: CandidateProfile): void {
  generation++;
  useCandidateProfileStore.setState({ candidateId: profile.id, status: 'ready', profile, error: null });
  refreshListsAfterCandidateChange();
}

function notShown(): Promise<{ ok: false; error: WireError }> {
  return Promise.resolve({ ok: false, error: { code: 'not-found', message: 'No candidate is shown.', retryable: false } });
}
