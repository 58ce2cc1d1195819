import { create } from 'zustand';
import type { InputOf } from '../../../shared/contract.js';
import type { Result, WireError } from '../../../shared/errors.js';
import type { JobDetail, Stage, StageChangeResult } from '../../../shared/model.js';
import { offerJobBackfill } from './backfill-store.js';
import { call } from '../api/client.js';
import { refreshIfShown, useCandidatesStore, useJobsStore, useOpenJobChoicesStore } from './lists.js';

export type JobChanges = Omit<InputOf<'jobs:update'>, 'jobId'>;
export type NewJob = InputOf<'jobs:create'>;

interface JobDetailStore {
  jobId: string | null;
  status: 'idle' | 'loading' | 'ready' | 'error';
  job: JobDetail | null;
  error: WireError | null;
  load(jobId: string): Promise<void>;
  /** Loads the shown job again without blanking the page. */
  reload(): Promise<void>;
  /** Title and team; the result's `error.field` belongs next to that field. */
  update(changes: JobChanges): Promise<Result<JobDetail>>;
  /** R7: candidates with no other open job stop syncing; stored mail stays. */
  archive(): Promise<Result<JobDetail>>;
  /** R7: sync resumes for the job's candidates. */
  unarchive(): Promise<Result<JobDetail>>;
  /** Moves an application of the shown job to `stage`; the page shows the new state. */
  moveApplication(applicationId: string, stage: Stage): Promise<Result<StageChangeResult>>;
}

/** Lists a job change may alter: the jobs themselves, and candidates' sync state (R7). */
function refreshListsAfterJobChange(): void {
  for (const store of [useJobsStore, useOpenJobChoicesStore, useCandidatesStore]) refreshIfShown(store);
}

let generation = 0;

/** One job's page (`#/jobs/<id>`): its team and its candidates by stage. */
export const useJobDetailStore = create<JobDetailStore>((set, get) => {
  function show(job: JobDetail): void {
    if (get().jobId === job.id) set({ job, status: 'ready', error: null });
  }

  async function fetchJob(jobId: string, blank: boolean): Promise<void> {
    const mine = ++generation;
    set(blank ? { jobId, status: 'loading', job: null, error: null } : { jobId });
    const result = await call('jobs:get', { jobId });
    if (mine !== generation) return;
    if (result.ok) set({ job: result.value, status: 'ready', error: null });
    else if (!blank && result.error.retryable && get().job !== null) set({ error: null });
    else set({ job: null, status: 'error', error: result.error });
  }

  async function change(run: (jobId: string) => Promise<Result<JobDetail>>): Promise<Result<JobDetail>> {
    const jobId = get().jobId;
    if (jobId === null) return { ok: false, error: { code: 'not-found', message: 'No job is shown.', retryable: false } };
    const result = await run(jobId);
    if (result.ok) {
      show(result.value);
      refreshListsAfterJobChange();
    }
    return result;
  }

  return {
    jobId: null,
    status: 'idle',
    job: null,
    error: null,

    load: (jobId) => {
      const { jobId: shown, status } = get();
      return fetchJob(jobId, !(shown === jobId && status === 'ready'));
    },

    reload: async () => {
      const { jobId, status } = get();
      if (jobId !== null && status !== 'idle') await fetchJob(jobId, false);
    },

    moveApplication: async (applicationId, stage) => {
      const result = await call('applications:set-stage', { applicationId, stage });
      if (result.ok) {
        await get().reload();
        refreshIfShown(useCandidatesStore);
      }
      return result;
    },

    update: (changes) => change((jobId) => call('jobs:update', { jobId, ...changes })),
    archive: () => change((jobId) => call('jobs:archive', { jobId })),
    unarchive: () =>
      change(async (jobId) => {
        const result = await call('jobs:unarchive', { jobId });
        // Issue 7: mail of the archived time is offered, not fetched by itself.
        if (result.ok && result.value.backfillOffer !== undefined) offerJobBackfill(jobId, result.value.backfillOffer);
        return result;
      }),
  };
});

/** Creates a job; the result's `error.field` (`title`) belongs next to that field. */
export async function createJob(input: NewJob): Promise<Result<JobDetail>> {
  const result = await call('jobs:create', input);
  if (result.ok) {
    generation++;
    useJobDetailStore.setState({ jobId: result.value.id, status: 'ready', job: result.value, error: null });
    refreshListsAfterJobChange();
  }
  return result;
}
