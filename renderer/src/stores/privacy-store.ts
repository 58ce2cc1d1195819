import { create } from 'zustand';
import type { Result, WireError } from '../../../shared/errors.js';
import type { ErasureReport, RetentionPreview, RetentionRule } from '../../../shared/privacy.js';
import { call, downloadBlob } from '../api/client.js';

interface PrivacyState {
  /** The report of the deletion just made, shown once after it (issue 24). */
  justErased: ErasureReport | null;
  reports: ErasureReport[] | null;
  preview: RetentionPreview | null;
  error: WireError | null;
  showErased(report: ErasureReport): void;
  dismissErased(): void;
  load(): Promise<void>;
  saveRule(rule: RetentionRule): Promise<WireError | null>;
  runRetention(candidateIds: string[]): Promise<WireError | null>;
}

/** Settings › Data protection and the report after a deletion: erasure reports and the retention rule. */
export const usePrivacyStore = create<PrivacyState>()((set, get) => ({
  justErased: null,
  reports: null,
  preview: null,
  error: null,
  showErased: (report) => set({ justErased: report }),
  dismissErased: () => set({ justErased: null }),
  load: async () => {
    const [reports, preview] = await Promise.all([call('privacy:reports', {}), call('privacy:retention', {})]);
    set({
      reports: reports.ok ? reports.value : get().reports,
      preview: preview.ok ? preview.value : get().preview,
      error: !reports.ok ? reports.error : !preview.ok ? preview.error : null,
    });
  },
  saveRule: async (rule) => {
    const result = await call('privacy:set-retention', rule);
    if (!result.ok) return result.error;
    set({ preview: result.value });
    return null;
  },
  runRetention: async (candidateIds) => {
    const result = await call('privacy:run-retention', { candidateIds });
    if (!result.ok) return result.error;
    await get().load();
    return null;
  },
}));

/** Saves one report as a text file (desktop: a save dialog; browser: a download). */
export async function downloadErasureReport(reportId: string, language: 'en' | 'de'): Promise<WireError | null> {
  const offered = await call('privacy:report-file', { reportId, language });
  if (!offered.ok) return offered.error;
  const saved = await downloadBlob(offered.value);
  return saved.ok ? null : saved.error;
}

/** Saves a candidate's data export (zip) where the user chooses. */
export async function downloadCandidateExport(candidateId: string): Promise<WireError | null> {
  const offered = await call('privacy:export', { candidateId });
  if (!offered.ok) return offered.error;
  const saved = await downloadBlob(offered.value);
  return saved.ok ? null : saved.error;
}

/** Who fell due under the retention rule, for the reminder on the candidates list (`privacy:retention`). */
export function loadRetentionPreview(): Promise<Result<RetentionPreview>> {
  return call('privacy:retention', {});
}
