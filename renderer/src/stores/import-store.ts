import { create } from 'zustand';
import type { WireError } from '../../../shared/errors.js';
import type { BackfillOffer, ImportReport } from '../../../shared/model.js';
import { call, upload } from '../api/client.js';
import { refreshIfShown, useCandidatesStore, useJobsStore, useOpenJobChoicesStore } from './lists.js';

interface ImportStore {
  /** `uploading` the file, then `importing` it; `done` with a report, `failed` with an error. */
  phase: 'idle' | 'uploading' | 'importing' | 'done' | 'failed';
  fileName: string | null;
  /** With `backfillOffer` (issue 7) when candidates were imported. */
  report: (ImportReport & { backfillOffer?: BackfillOffer }) | null;
  error: WireError | null;
  /** Uploads the file (`upload`) and imports it (`candidates:import`). */
  run(file: Blob, fileName: string): Promise<void>;
  /** Back to choosing a file. */
  reset(): void;
}

/** A CSV import of candidates and jobs (docs/import.md): upload, import, report. */
export const useImportStore = create<ImportStore>((set, get) => ({
  phase: 'idle',
  fileName: null,
  report: null,
  error: null,

  run: async (file, fileName) => {
    const phase = get().phase;
    if (phase === 'uploading' || phase === 'importing') return;
    set({ phase: 'uploading', fileName, report: null, error: null });
    const uploaded = await upload(file, fileName);
    if (!uploaded.ok) {
      set({ phase: 'failed', error: uploaded.error });
      return;
    }
    set({ phase: 'importing' });
    const result = await call('candidates:import', { blobId: uploaded.value.blobId });
    if (!result.ok) {
      set({ phase: 'failed', error: result.error });
      return;
    }
    set({ phase: 'done', report: result.value });
    if (result.value.imported > 0 || result.value.jobsCreated > 0) {
      for (const store of [useCandidatesStore, useJobsStore, useOpenJobChoicesStore]) refreshIfShown(store);
    }
  },

  reset: () => set({ phase: 'idle', fileName: null, report: null, error: null }),
}));
