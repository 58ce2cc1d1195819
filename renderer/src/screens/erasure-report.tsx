import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WireError } from '../../../shared/errors.js';
import { erasureCountKinds, type ErasureReport } from '../../../shared/privacy.js';
import { Dialog } from '../components/dialog.js';
import { ErrorNotice } from '../components/error-notice.js';
import { formatDateTime } from '../format.js';
import { downloadErasureReport, usePrivacyStore } from '../stores/privacy-store.js';
import { usePreferencesStore } from '../stores/preferences-store.js';
import './erasure-report.css';

/** The counts of one erasure report, kind by kind (numbers only: the report holds no name or content). */
export function ErasureCountsList({ report }: { report: ErasureReport }) {
  const { t } = useTranslation();
  return (
    <dl className="erasure-counts">
      {erasureCountKinds.map((kind) => (
        <div key={kind} className="erasure-count">
          <dt>{t(`privacy.counts.${kind}`)}</dt>
          <dd>{report.counts[kind]}</dd>
        </div>
      ))}
    </dl>
  );
}

/** "Download report" for the person who asked, in the language Hirebox is shown in. */
export function DownloadReportButton({ report, className = 'button button-secondary' }: { report: ErasureReport; className?: string }) {
  const { t, i18n } = useTranslation();
  const [error, setError] = useState<WireError | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <>
      <button
        type="button"
        className={className}
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          setError(await downloadErasureReport(report.id, i18n.resolvedLanguage === 'de' ? 'de' : 'en'));
          setBusy(false);
        }}
      >
        {t('privacy.downloadReport')}
      </button>
      {error ? <ErrorNotice error={error} /> : null}
    </>
  );
}

/** Shown once right after a deletion: what went, when, and the report to hand on. */
export function ErasedReportDialog() {
  const { t } = useTranslation();
  const report = usePrivacyStore((state) => state.justErased);
  const language = usePreferencesStore((state) => state.language);
  if (report === null) return null;
  const close = () => usePrivacyStore.getState().dismissErased();
  return (
    <Dialog title={t('privacy.erasedTitle')} onClose={close} size="medium">
      <div className="erasure-report" data-testid="erasure-report">
        <p>{t('privacy.erasedBody', { when: formatDateTime(report.performedAt, language), reference: report.subjectRef })}</p>
        <ErasureCountsList report={report} />
        <p className="field-hint">{report.purgeComplete ? t('privacy.purgeComplete') : t('privacy.purgePending')}</p>
        <p className="field-hint">{t('privacy.reportKept')}</p>
      </div>
      <div className="dialog-actions">
        <DownloadReportButton report={report} />
        <button type="button" className="button button-primary" onClick={close} data-autofocus>
          {t('privacy.done')}
        </button>
      </div>
    </Dialog>
  );
}
