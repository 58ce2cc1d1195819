import './import-dialog.css';
import { useEffect, useId, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { BackfillOffer, ImportReport } from '../../../shared/model.js';
import { ImportOlderMailOffer } from './older-mail-offer.js';
import { Dialog } from '../components/dialog.js';
import { ErrorNotice } from '../components/error-notice.js';
import { ProgressLine } from '../components/progress-line.js';
import { describeImportProblem } from '../i18n/import-problem-text.js';
import { useImportStore } from '../stores/import-store.js';
import { usePreferencesStore } from '../stores/preferences-store.js';

/** The columns an import understands (docs/import.md), English and German header names. */
const columns = [
  { english: 'name', german: 'Name', about: 'import.columnName' },
  { english: 'email', german: 'E-Mail', about: 'import.columnEmail' },
  { english: 'other emails', german: 'weitere E-Mails', about: 'import.columnOtherEmails' },
  { english: 'job', german: 'Stelle', about: 'import.columnJob' },
  { english: 'stage', german: 'Phase', about: 'import.columnStage' },
] as const;

/**
 * "Import CSV": which columns the file needs, the file, then the report — how many were
 * imported, which jobs were created, and each refused row with its line and why.
 */
export function ImportDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { phase, fileName, report, error, run, reset } = useImportStore();
  const [file, setFile] = useState<File | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const formId = useId();
  const busy = phase === 'uploading' || phase === 'importing';

  useEffect(() => {
    // A fresh start each time the dialog opens, unless an import is still running.
    const state = useImportStore.getState();
    if (state.phase !== 'uploading' && state.phase !== 'importing') state.reset();
  }, []);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!file) {
      fileInput.current?.focus();
      return;
    }
    void run(file, file.name);
  }

  return (
    <Dialog title={t('import.title')} onClose={onClose} busy={busy} size="large">
      {phase === 'done' && report ? (
        <ImportReportView
          report={report}
          fileName={fileName ?? ''}
          onAgain={() => {
            setFile(null);
            reset();
          }}
          onClose={onClose}
        />
      ) : (
        <form onSubmit={submit} noValidate aria-busy={busy}>
          <p className="dialog-lead">{t('import.intro')}</p>
          <section className="import-columns" aria-labelledby={`${formId}-columns`}>
            <h3 id={`${formId}-columns`}>{t('import.columnsTitle')}</h3>
            <table className="data-table compact">
              <thead>
                <tr>
                  <th scope="col">{t('import.column')}</th>
                  <th scope="col">{t('import.germanHeader')}</th>
                  <th scope="col">{t('import.content')}</th>
                </tr>
              </thead>
              <tbody>
                {columns.map((column) => (
                  <tr key={column.english}>
                    <th scope="row">
                      <code>{column.english}</code>
                    </th>
                    <td>
                      <code lang="de">{column.german}</code>
                    </td>
                    <td>{t(column.about)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p className="field-hint">{t('import.fileHint')}</p>
          </section>

          <div className="field">
            <label htmlFor={`${formId}-file`}>{t('import.file')}</label>
            <input
              ref={fileInput}
              id={`${formId}-file`}
              className="file-input"
              type="file"
              accept=".csv,text/csv,text/plain"
              disabled={busy}
              onChange={(event) => {
                setFile(event.currentTarget.files?.[0] ?? null);
                if (phase === 'failed') reset();
              }}
            />
          </div>

          {phase === 'failed' && error ? <ErrorNotice error={error} /> : null}
          {busy ? (
            <ProgressLine>{phase === 'uploading' ? t('import.uploading', { file: fileName ?? '' }) : t('import.importing', { file: fileName ?? '' })}</ProgressLine>
          ) : null}

          <div className="dialog-actions">
            <button type="button" className="button button-secondary" onClick={onClose} disabled={busy}>
              {t('dialog.cancel')}
            </button>
            <button type="submit" className="button button-primary" disabled={busy || file === null} aria-busy={busy}>
              {busy ? t('import.running') : t('import.submit')}
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}

function ImportReportView({ report, fileName, onAgain, onClose }: { report: ImportReport & { backfillOffer?: BackfillOffer }; fileName: string; onAgain: () => void; onClose: () => void }) {
  const { t } = useTranslation();
  const language = usePreferencesStore((state) => state.language);
  const summaryId = useId();
  const doneButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    // The form that had focus is gone; continue from the report's main action.
    doneButton.current?.focus();
  }, []);
  const problems = [...report.problems].sort((a, b) => a.line - b.line);
  return (
    <div className="import-report">
      <div className="report-summary" role="status" id={summaryId}>
        <p className="report-file">{t('import.reportFor', { file: fileName })}</p>
        <ul className="report-counts">
          <li>
            <strong>{report.imported}</strong> {t('import.importedCount', { count: report.imported })}
          </li>
          <li>
            <strong>{report.jobsCreated}</strong> {t('import.jobsCreatedCount', { count: report.jobsCreated })}
          </li>
          <li className={problems.length > 0 ? 'report-count-problem' : undefined}>
            <strong>{problems.length}</strong> {t('import.problemCount', { count: problems.length })}
          </li>
        </ul>
      </div>
      {/* Issue 7: one offer for the whole import (R10). */}
      {report.backfillOffer ? <ImportOlderMailOffer offer={report.backfillOffer} /> : null}
      {problems.length === 0 ? (
        <p className="notice notice-success">{t('import.allImported')}</p>
      ) : (
        <>
          <p className="dialog-lead">{t('import.problemsIntro')}</p>
          <div className="table-scroll">
            <table className="data-table">
              <caption className="visually-hidden">{t('import.problemsCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col" className="numeric">
                    {t('import.line')}
                  </th>
                  <th scope="col">{t('import.column')}</th>
                  <th scope="col">{t('import.reason')}</th>
                </tr>
              </thead>
              <tbody>
                {problems.map((problem, index) => (
                  <tr key={`${problem.line}-${problem.field ?? ''}-${index}`}>
                    <td className="numeric">{problem.line}</td>
                    <td>{problem.field ? <code>{problem.field}</code> : '—'}</td>
                    <td>{describeImportProblem(problem, language)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <div className="dialog-actions">
        <button type="button" className="button button-secondary" onClick={onAgain}>
          {t('import.again')}
        </button>
        <button type="button" className="button button-primary" onClick={onClose} ref={doneButton}>
          {t('import.done')}
        </button>
      </div>
    </div>
  );
}
