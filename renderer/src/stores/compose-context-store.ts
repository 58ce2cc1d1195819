import { create } from 'zustand';
import type { Result, WireError } from '../../../shared/errors.js';
import type { CandidateProfile, ThreadDetail } from '../../../shared/model.js';
import { call } from '../api/client.js';
import { useCandidateProfileStore } from './candidate-profile-store.js';
import { refreshIfShown, useCandidatesStore, useJobsStore, useOpenJobChoicesStore, useTeamStore } from './lists.js';

/**
 * What the composer needs to know to warn (R5, R6, R7): the profile of each candidate a mail is
 * written to, and the team directory; plus the actions the warnings offer (unarchive a job,
 * add an address to the candidate).
 */
/** The conversations offered by the thread picker for one candidate, newest first. */
export interface PickerThreads {
  candidateId: string;
  status: 'loading' | 'ready' | 'error';
  threads: ThreadDetail[];
  error: WireError | null;
}

/** How many of a candidate's conversations the picker offers (the newest). */
const pickerLimit = 20;

interface ComposeContextStore {
  candidates: Readonly<Record<string, CandidateProfile>>;
  picker: PickerThreads | null;
  /** The candidate's newest conversations, each with its messages (who a reply goes to). */
  loadPickerThreads(candidateId: string): Promise<void>;
  /** Loads the candidate's profile (again), and the team directory once. */
  ensure(candidateId: string): Promise<void>;
  /** R7: unarchives a job, so the candidate's answer is linked again. */
  unarchiveJob(candidateId: string, jobId: string): Promise<Result<unknown>>;
  /** Adds an address the mail goes to to the candidate (a recruiter's choice). */
  addAddress(candidateId: string, address: string): Promise<Result<CandidateProfile>>;
}

export const useComposeContextStore = create<ComposeContextStore>((set, get) => {
  function keep(profile: CandidateProfile): void {
    set({ candidates: { ...get().candidates, [profile.id]: profile } });
    // The profile page shows the same candidate: let it see the change.
    if (useCandidateProfileStore.getState().candidateId === profile.id) void useCandidateProfileStore.getState().reload();
  }

  return {
    candidates: {},
    picker: null,

    loadPickerThreads: async (candidateId) => {
      set({ picker: { candidateId, status: 'loading', threads: [], error: null } });
      const list = await call('inbox:list', { candidateId, limit: pickerLimit });
      if (get().picker?.candidateId !== candidateId) return;
      if (!list.ok) {
        set({ picker: { candidateId, status: 'error', threads: [], error: list.error } });
        return;
      }
      const details = await Promise.all(list.value.items.map((summary) => call('threads:get', { threadId: summary.id })));
      if (get().picker?.candidateId !== candidateId) return;
      const failed = details.find((result) => !result.ok);
      const threads = details.flatMap((result) => (result.ok ? [result.value] : []));
      set({ picker: { candidateId, status: threads.length === 0 && failed && !failed.ok ? 'error' : 'ready', threads, error: failed && !failed.ok ? failed.error : null } });
    },

    ensure: async (candidateId) => {
      const team = useTeamStore.getState();
      if (team.status === 'idle' || team.status === 'error') void team.load();
      const result = await call('candidates:get', { candidateId });
      if (result.ok) set({ candidates: { ...get().candidates, [candidateId]: result.value } });
    },

    unarchiveJob: async (candidateId, jobId) => {
      const result = await call('jobs:unarchive', { jobId });
      if (result.ok) {
        await get().ensure(candidateId);
        const profile = get().candidates[candidateId];
        if (profile) keep(profile);
        for (const store of [useCandidatesStore, useJobsStore, useOpenJobChoicesStore]) refreshIfShown(store);
      }
      return result;
    },

    addAddress: async (candidateId, address) => {
      const profile = get().candidates[candidateId];
      if (!profile) return { ok: false, error: { code: 'not-found', message: 'This candidate is not loaded.', retryable: true } };
      const primary = profile.addresses.find((entry) => entry.isPrimary)?.address;
      const result = await call('candidates:update', {
        candidateId,
        addresses: [...profile.addresses.map((entry) => entry.address), address],
        ...(primary === undefined ? {} : { primaryAddress: primary }),
      });
      if (result.ok) keep(result.value);
      return result;
    },
  };
});
