import { create } from 'zustand';
import type { WireError } from '../../../shared/errors.js';
import type { SampleDataStatus } from '../../../shared/model.js';
import { call } from '../api/client.js';
import { refreshIfShown, useCandidatesStore, useInboxStore, useJobsStore, useOpenJobChoicesStore } from './lists.js';
import { useUnreadStore } from './unread-store.js';

/** Issue 25: "explore with sample data" — whether it is offered or loaded, and loading or removing it. */
interface SampleDataStore {
  status: SampleDataStatus | null;
  /** What is running now, if anything. */
  busy: 'load' | 'remove' | null;
  error: WireError | null;
  refresh(): Promise<void>;
  load(): Promise<boolean>;
  remove(): Promise<boolean>;
}

export const useSampleDataStore = create<SampleDataStore>((set, get) => {
  async function run(kind: 'load' | 'remove'): Promise<boolean> {
    if (get().busy !== null) return false;
    set({ busy: kind, error: null });
    const result = await call(kind === 'load' ? 'sample:load' : 'sample:remove', {});
    if (!result.ok) {
      set({ busy: null, error: result.error });
      return false;
    }
    set({ busy: null, status: result.value });
    // Every list that shows candidates, jobs or mail changed.
    for (const store of [useInboxStore, useCandidatesStore, useJobsStore, useOpenJobChoicesStore]) refreshIfShown(store);
    void useUnreadStore.getState().load();
    return true;
  }
  return {
    status: null,
    busy: null,
    error: null,
    refresh: async () => {
      const result = await call('sample:status', {});
      if (result.ok) set({ status: result.value });
    },
    load: () => run('load'),
    remove: () => run('remove'),
  };
});
