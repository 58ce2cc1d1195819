import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WireError } from '../../../shared/errors.js';
import type { CertificateException, ConnectionTestReport, MailboxSummary } from '../../../shared/model.js';
import { useErrorText } from '../i18n/use-error-text.js';
import { testConnection, trustCertificate } from '../stores/mailbox-store.js';
import { ConnectionTestReportView } from './connection-test-report.js';
import { MailboxDisconnect } from './mailbox-disconnect.js';
import { MailboxRepairForm } from './mailbox-repair-form.js';
import { ProgressLine } from '../components/progress-line.js';

/**
 * Issue 6: the connection test of a connected mailbox, with its saved settings and
 * password; a certificate that changed can be trusted again here once the user compared it.
 */
export function MailboxConnectionPanel({ mailbox }: { mailbox: MailboxSummary }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<ConnectionTestReport | null>(null);
  const [error, setError] = useState<WireError | null>(null);
  const [trusted, setTrusted] = useState<CertificateException[]>([]);
  const [changing, setChanging] = useState(false);
  const signInFailed = report?.checks.some((check) => check.steps.some((step) => step.problem?.code === 'auth-failed' || step.problem?.code === 'sign-in-needed' || step.problem?.code === 'wrong-account')) === true;
  // Gmail and Microsoft mailboxes sign in with their provider: nothing to type, only "sign in again".
  const signsInWithProvider = mailbox.provider !== 'imap';
  const intro = mailbox.provider === 'gmail' ? 'connectionTest.mailboxIntroGmail' : mailbox.provider === 'microsoft' ? 'connectionTest.mailboxIntroMicrosoft' : 'connectionTest.mailboxIntro';

  async function run(action: () => ReturnType<typeof testConnection>) {
    if (busy) return;
    setBusy(true);
    setError(null);
    const outcome = await action();
    setBusy(false);
    if (outcome.ok) setReport(outcome.value);
    else setError(outcome.error);
  }

  function trust(exception: CertificateException) {
    setTrusted((current) => [...current.filter((known) => known.host !== exception.host || known.port !== exception.port), exception]);
    void run(() => trustCertificate(mailbox.id, exception));
  }

  return (
    <div className="connection-panel">
      <p className="card-text">{t(intro)}</p>
      <div className="form-actions">
        {busy ? (
          <ProgressLine>{t('connectForm.checking')}</ProgressLine>
        ) : null}
        <button type="button" className="button button-secondary button-small" aria-disabled={busy} onClick={() => void run(() => testConnection({ mailboxId: mailbox.id }))}>
          {busy ? t('connectionTest.running') : t('connectionTest.run')}
          <span className="visually-hidden"> {mailbox.address}</span>
        </button>
        {signsInWithProvider ? null : (
          <button type="button" className="button button-quiet button-small" aria-expanded={changing} onClick={() => setChanging(!changing)}>
            {t('repair.change')}
            <span className="visually-hidden"> {mailbox.address}</span>
          </button>
        )}
      </div>
      {error ? (
        <p className="field-error" role="alert">
          <span className="field-error-mark" aria-hidden="true">
            !
          </span>
          <span>{errorText(error)}</span>
        </p>
      ) : null}
      {report ? <ConnectionTestReportView report={report} exceptions={trusted} onTrust={trust} busy={busy} /> : null}
      {signInFailed && !changing ? (
        <button type="button" className="button button-primary button-small" onClick={() => setChanging(true)}>
          {t(mailbox.provider === 'gmail' ? 'googleSignIn.actionAgain' : mailbox.provider === 'microsoft' ? 'microsoftSignIn.actionAgain' : 'repair.enterNewPassword')}
        </button>
      ) : null}
      {changing ? <MailboxRepairForm mailbox={mailbox} mode="settings" autoFocus onDone={signsInWithProvider ? () => setChanging(false) : undefined} /> : null}
      <MailboxDisconnect mailbox={mailbox} />
    </div>
  );
}
