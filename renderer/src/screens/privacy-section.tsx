import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WireError } from '../../../shared/errors.js';
import { retentionActions, type RetentionAction, type RetentionPreview } from '../../../shared/privacy.js';
import { ConfirmDialog } from '../components/dialog.js';
import { ErrorNotice } from '../components/error-notice.js';
import { formatDate, formatDateTime } from '../format.js';
import { hrefOf } from '../stores/navigation-store.js';
import { usePreferencesStore } from '../stores/preferences-store.js';
import { usePrivacyStore } from '../stores/privacy-store.js';
import { useSessionStore } from '../stores/session-store.js';
import { DownloadReportButton, ErasureCountsList } from './erasure-report.js';
import './privacy-section.css';

/**
 * Settings › Data protection (issue 24, docs/privacy.md): the retention rule (admins set it;
 * off by default), who it would remove now — the reminder and the preview before it runs —
 * and the erasure reports kept after every deletion.
 */
export function PrivacySection() {
  const { t } = useTranslation();
  const id = useId();
  const role = useSessionStore((state) => state.session?.user.role);
  const { reports, preview, error } = usePrivacyStore();
  useEffect(() => {
    void usePrivacyStore.getState().load();
  }, []);
  if (role === 'hiring-manager') {
    return (
      <section className="settings-section" aria-labelledby={`${id}-title`}>
        <header className="section-header">
          <h2 id={`${id}-title`}>{t('settings.privacy.title')}</h2>
          <p>{t('privacy.managersOnly')}</p>
        </header>
      </section>
    );
  }
  return (
    <section className="settings-section privacy-section" aria-labelledby={`${id}-title`}>
      <header className="section-header">
        <h2 id={`${id}-title`}>{t('settings.privacy.title')}</h2>
        <p>{t('privacy.description')}</p>
      </header>
      {error ? <ErrorNotice error={error} /> : null}
      {preview === null ? (
        <p className="loading" role="status">
          {t('app.loading')}
        </p>
      ) : (
        <RetentionCard preview={preview} mayEdit={role === 'admin'} />
      )}
      <h3 className="privacy-subtitle">{t('privacy.reportsTitle')}</h3>
      <p className="field-hint">{t('privacy.reportsHint')}</p>
      {reports === null ? null : reports.length === 0 ? (
        <p className="privacy-empty">{t('privacy.noReports')}</p>
      ) : (
        <ul className="privacy-reports">
          {reports.map((report) => (
            <ReportRow key={report.id} report={report} />
          ))}
        </ul>
      )}
    </section>
  );
}

function ReportRow({ report }: { report: NonNullable<ReturnType<typeof usePrivacyStore.getState>['reports']>[number] }) {
  const { t } = useTranslation();
  const language = usePreferencesStore((state) => state.language);
  const [open, setOpen] = useState(false);
  return (
    <li className="privacy-report" data-testid="erasure-report-row">
      <div className="privacy-report-head">
        <span className="privacy-report-title">
          {report.action === 'deleted' ? t('privacy.actionDeleted') : t('privacy.actionAnonymised')} · {t('privacy.reference', { reference: report.subjectRef })}
        </span>
        <span className="privacy-report-meta">
          {t(report.trigger === 'request' ? 'privacy.byRequest' : 'privacy.byRetention', { when: formatDateTime(report.performedAt, language), who: report.performedBy })}
        </span>
        <span className="privacy-report-actions">
          <button type="button" className="button button-quiet" aria-expanded={open} onClick={() => setOpen(!open)}>
            {open ? t('privacy.hideCounts') : t('privacy.showCounts', { count: report.counts.messages })}
          </button>
          <DownloadReportButton report={report} className="button button-secondary" />
        </span>
      </div>
      {open ? <ErasureCountsList report={report} /> : null}
    </li>
  );
}

function RetentionCard({ preview, mayEdit }: { preview: RetentionPreview; mayEdit: boolean }) {
  const { t } = useTranslation();
  const id = useId();
  const language = usePreferencesStore((state) => state.language);
  const [enabled, setEnabled] = useState(preview.rule.enabled);
  const [months, setMonths] = useState(String(preview.rule.months));
  const [action, setAction] = useState<RetentionAction>(preview.rule.action);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<WireError | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [running, setRunning] = useState(false);
  const [runError, setRunError] = useState<WireError | null>(null);
  const due = preview.due;
  const changed = enabled !== preview.rule.enabled || months !== String(preview.rule.months) || action !== preview.rule.action;

  return (
    <div className="privacy-retention">
      <h3 className="privacy-subtitle">{t('privacy.retentionTitle')}</h3>
      <p className="field-hint">{t('privacy.retentionHint')}</p>
      <form
        className="privacy-rule"
        onSubmit={async (event) => {
          event.preventDefault();
          setSaving(true);
          setSaved(false);
          const failure = await usePrivacyStore.getState().saveRule({ enabled, months: Number(months), action });
          setSaving(false);
          setError(failure);
          setSaved(failure === null);
        }}
      >
        <label className="privacy-toggle">
          <input type="checkbox" checked={enabled} disabled={!mayEdit || saving} onChange={(event) => setEnabled(event.currentTarget.checked)} />
          {t('privacy.ruleEnabled')}
        </label>
        <div className="privacy-rule-fields">
          <div className="field">
            <label htmlFor={`${id}-action`}>{t('privacy.ruleAction')}</label>
            <select id={`${id}-action`} value={action} disabled={!mayEdit || saving} onChange={(event) => setAction(event.currentTarget.value as RetentionAction)}>
              {retentionActions.map((choice) => (
                <option key={choice} value={choice}>
                  {choice === 'delete' ? t('privacy.actionDelete') : t('privacy.actionAnonymise')}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-months`}>{t('privacy.ruleMonths')}</label>
            <input id={`${id}-months`} type="number" min={1} max={240} step={1} value={months} disabled={!mayEdit || saving} onChange={(event) => setMonths(event.currentTarget.value)} className="privacy-months" />
          </div>
        </div>
        <p className="field-hint">{action === 'delete' ? t('privacy.deleteExplained') : t('privacy.anonymiseExplained')}</p>
        {mayEdit ? (
          <div className="privacy-rule-actions">
            <button type="submit" className="button button-primary" disabled={saving || !changed}>
              {saving ? t('privacy.saving') : t('privacy.saveRule')}
            </button>
            {saved && !changed ? (
              <span className="field-hint" role="status">
                {t('privacy.ruleSaved')}
              </span>
            ) : null}
          </div>
        ) : (
          <p className="field-hint">{t('privacy.adminsSetRule')}</p>
        )}
        {error ? <ErrorNotice error={error} /> : null}
      </form>

      {preview.rule.enabled ? (
        <div className="privacy-preview" data-testid="retention-preview">
          {due.length === 0 ? (
            <p className="privacy-empty">{t('privacy.noneDue', { date: formatDate(preview.cutoff, language) })}</p>
          ) : (
            <>
              <div className="notice notice-warning" role="note">
                {t(preview.rule.action === 'delete' ? 'privacy.dueReminderDelete' : 'privacy.dueReminderAnonymise', { count: due.length, date: formatDate(preview.cutoff, language) })}
              </div>
              <table className="privacy-due">
                <thead>
                  <tr>
                    <th scope="col">{t('privacy.dueName')}</th>
                    <th scope="col">{t('privacy.dueJobs')}</th>
                    <th scope="col">{t('privacy.dueLastActivity')}</th>
                  </tr>
                </thead>
                <tbody>
                  {due.map((entry) => (
                    <tr key={entry.candidateId}>
                      <td>
                        <a href={hrefOf({ page: 'candidates', candidateId: entry.candidateId })}>{entry.name}</a>
                      </td>
                      <td>{entry.jobTitles.join(', ') || '—'}</td>
                      <td>{formatDate(entry.lastActivityAt, language)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {mayEdit ? (
                <button type="button" className="button button-danger" onClick={() => setConfirming(true)}>
                  {t(preview.rule.action === 'delete' ? 'privacy.runDelete' : 'privacy.runAnonymise', { count: due.length })}
                </button>
              ) : null}
            </>
          )}
        </div>
      ) : null}
      {confirming ? (
        <ConfirmDialog
          title={t(preview.rule.action === 'delete' ? 'privacy.confirmDeleteTitle' : 'privacy.confirmAnonymiseTitle', { count: due.length })}
          confirmLabel={t(preview.rule.action === 'delete' ? 'privacy.runDelete' : 'privacy.runAnonymise', { count: due.length })}
          busyLabel={t('privacy.running')}
          danger
          busy={running}
          error={runError}
          onCancel={() => setConfirming(false)}
          onConfirm={async () => {
            setRunning(true);
            const failure = await usePrivacyStore.getState().runRetention(due.map((entry) => entry.candidateId));
            setRunning(false);
            setRunError(failure);
            if (failure === null) setConfirming(false);
          }}
        >
          <p>{preview.rule.action === 'delete' ? t('privacy.deleteExplained') : t('privacy.anonymiseExplained')}</p>
          <p>{t('privacy.confirmFinal')}</p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
