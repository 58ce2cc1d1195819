import './connection-test-report.css';
import { useId, useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { CertificateException, CertificateInfo, ConnectionStep, ConnectionTestReport, ProtocolCheck } from '../../../shared/model.js';
import { formatDate } from '../format.js';

interface ConnectionTestReportViewProps {
  report: ConnectionTestReport;
  /** Certificates the user trusted in this form, shown as such. */
  exceptions: readonly CertificateException[];
  /** The user confirmed a certificate for a server: the form keeps it and tests again. */
  onTrust: (exception: CertificateException) => void;
  busy: boolean;
}

/**
 * The connection test's answer (R11, issue 6): for IMAP and SMTP every step with its
 * result, and for the failed one what went wrong and what to do next, in words. An
 * untrusted certificate is shown with its fingerprint, and trusted only after the user
 * confirms exactly this certificate for this server.
 */
export function ConnectionTestReportView({ report, exceptions, onTrust, busy }: ConnectionTestReportViewProps) {
  const { t } = useTranslation();
  const headingId = useId();
  return (
    <section className={`notice ${report.ok ? 'notice-success' : 'notice-error'} connection-test`} aria-labelledby={headingId} role={report.ok ? undefined : 'alert'}>
      <div>
        <h4 id={headingId}>{t('connectionTest.title')}</h4>
        <p>{t(report.ok ? passedKey(report) : 'connectionTest.failed')}</p>
        {report.checks.map((check) => (
          <ProtocolReport key={check.protocol} check={check} exceptions={exceptions} onTrust={onTrust} busy={busy} />
        ))}
      </div>
    </section>
  );
}

function passedKey(report: ConnectionTestReport) {
  if (report.checks.some((check) => check.protocol === 'gmail')) return 'connectionTest.passedGmail' as const;
  if (report.checks.some((check) => check.protocol === 'microsoft')) return 'connectionTest.passedMicrosoft' as const;
  return 'connectionTest.passed' as const;
}

/** A step's name; Microsoft's sign-in, API and folders steps say so. */
function stepName(t: TFunction, step: ConnectionStep, check: ProtocolCheck): string {
  if (check.protocol === 'microsoft' && (step.step === 'sign-in' || step.step === 'api' || step.step === 'folders')) return t(`connectionTest.stepMicrosoft.${step.step}`);
  return t(`connectionTest.step.${step.step}`);
}

function ProtocolReport({ check, exceptions, onTrust, busy }: { check: ProtocolCheck; exceptions: readonly CertificateException[]; onTrust: (exception: CertificateException) => void; busy: boolean }) {
  const { t } = useTranslation();
  const label = t(check.protocol === 'gmail' ? 'connectionTest.gmail' : check.protocol === 'microsoft' ? 'connectionTest.microsoft' : check.protocol === 'imap' ? 'connectForm.incoming' : 'connectForm.outgoing');
  return (
    <div className="connection-test-protocol">
      <h5>
        {label} <span className="connection-test-server">{t('connectionTest.server', { host: check.host, port: check.port })}</span>
      </h5>
      <ol className="connection-test-steps" aria-label={label}>
        {check.steps.map((step) => (
          <StepRow key={step.step} step={step} check={check} exceptions={exceptions} onTrust={onTrust} busy={busy} />
        ))}
      </ol>
    </div>
  );
}

function StepRow({ step, check, exceptions, onTrust, busy }: { step: ConnectionStep; check: ProtocolCheck; exceptions: readonly CertificateException[]; onTrust: (exception: CertificateException) => void; busy: boolean }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'de' ? 'de' : 'en';
  const words = step.problem ? problemWords(t, step, check, language) : null;
  const certificate = step.problem && 'certificate' in step.problem ? step.problem.certificate : null;
  const trusted = exceptions.find((exception) => exception.host === check.host.toLowerCase() && exception.port === check.port);
  return (
    <li className={`connection-test-step step-${step.status}`}>
      <span className="step-name">{stepName(t, step, check)}</span>
      <span className="step-status">{t(`connectionTest.status.${step.status}`)}</span>
      {words ? (
        <div className="step-problem">
          <p>{words.what}</p>
          <p className="step-next">{words.next}</p>
        </div>
      ) : null}
      {step.step === 'tls' && step.status === 'ok' && trusted ? <p className="step-trusted">{t('connectionTest.certificate.trusted', { host: check.host, port: check.port })}</p> : null}
      {certificate ? (
        <CertificateView
          certificate={certificate}
          check={check}
          language={language}
          confirmable={step.problem?.code === 'certificate-untrusted' || step.problem?.code === 'certificate-changed'}
          busy={busy}
          onTrust={() => onTrust({ host: check.host.toLowerCase(), port: check.port, fingerprint256: certificate.fingerprint256, pem: certificate.pem })}
        />
      ) : null}
    </li>
  );
}

function CertificateView({ certificate, check, language, confirmable, busy, onTrust }: { certificate: CertificateInfo; check: ProtocolCheck; language: 'de' | 'en'; confirmable: boolean; busy: boolean; onTrust: () => void }) {
  const { t } = useTranslation();
  const [confirmed, setConfirmed] = useState(false);
  const checkboxId = useId();
  return (
    <div className="certificate" role="group" aria-label={t('connectionTest.certificate.label', { host: check.host, port: check.port })}>
      <dl>
        <dt>{t('connectionTest.certificate.fingerprint')}</dt>
        <dd className="fingerprint">{certificate.fingerprint256}</dd>
        <dt>{t('connectionTest.certificate.subject')}</dt>
        <dd>{certificate.subject}{certificate.names.length > 0 ? ` (${certificate.names.join(', ')})` : ''}</dd>
        <dt>{t('connectionTest.certificate.issuer')}</dt>
        <dd>{certificate.issuer}</dd>
        <dt>{t('connectionTest.certificate.validity')}</dt>
        <dd>{t('connectionTest.certificate.validRange', { from: formatDate(certificate.validFrom, language), to: formatDate(certificate.validTo, language) })}</dd>
      </dl>
      {confirmable ? (
        <div className="certificate-confirm">
          <label htmlFor={checkboxId}>
            <input id={checkboxId} type="checkbox" checked={confirmed} onChange={(event) => setConfirmed(event.currentTarget.checked)} />{' '}
            {t('connectionTest.certificate.confirm', { host: check.host, port: check.port })}
          </label>
          <button type="button" className="button button-secondary" disabled={!confirmed || busy} onClick={onTrust}>
            {t('connectionTest.certificate.trust')}
          </button>
        </div>
      ) : null}
    </div>
  );
}

function problemWords(t: TFunction, step: ConnectionStep, check: ProtocolCheck, language: 'de' | 'en'): { what: string; next: string } {
  const problem = step.problem!;
  const values = { host: check.host, port: check.port, detail: '', capability: '', names: '', date: '' };
  if ('detail' in problem) values.detail = problem.detail;
  if ('capability' in problem) values.capability = problem.capability;
  if ('certificate' in problem) {
    values.names = problem.certificate.names.join(', ') || problem.certificate.subject;
    values.date = formatDate(problem.code === 'certificate-not-yet-valid' ? problem.certificate.validFrom : problem.certificate.validTo, language);
  }
  if (check.protocol === 'microsoft' && (problem.code === 'sign-in-needed' || problem.code === 'wrong-account' || problem.code === 'label-missing')) {
    return { what: t(`connectionTest.problemMicrosoft.${problem.code}.what`, values), next: t(`connectionTest.problemMicrosoft.${problem.code}.next`, values) };
  }
  const what: string = t(`connectionTest.problem.${problem.code}.what`, values);
  let next: string = t(`connectionTest.problem.${problem.code}.next`, values);
  // A refused login at a provider with a known catch: the catch is the likely reason.
  if (problem.code === 'auth-failed' && problem.hint !== undefined) next = t(`connectForm.provider.hint.${problem.hint}`);
  return { what, next };
}
