import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WireError } from '../../../shared/errors.js';
import { ErrorNotice } from '../components/error-notice.js';
import { downloadCandidateExport } from '../stores/privacy-store.js';

/** Issue 24: the candidate's data as a zip (desktop: a save dialog; browser: a download). */
export function ExportDataButton({ candidateId }: { candidateId: string }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<WireError | null>(null);
  return (
    <>
      <button
        type="button"
        className="button button-secondary"
        disabled={busy}
        aria-busy={busy}
        onClick={async () => {
          setBusy(true);
          setError(null);
          setError(await downloadCandidateExport(candidateId));
          setBusy(false);
        }}
      >
        {busy ? t('privacy.exporting') : t('privacy.exportData')}
      </button>
      {error ? <ErrorNotice error={error} /> : null}
    </>
  );
}
