import './mailbox-repair-form.css';
import { useEffect, useId, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { InputOf } from '../../../shared/contract.js';
import type { WireError } from '../../../shared/errors.js';
import type { CertificateException, ConnectionTestReport, MailboxConnectionView, MailboxSummary } from '../../../shared/model.js';
import { Field } from '../components/field.js';
import { ProgressLine } from '../components/progress-line.js';
import type { ServerProtocol } from '../forms/mailbox-settings.js';
import { useErrorText } from '../i18n/use-error-text.js';
import { loadConnection, updateConnection } from '../stores/mailbox-store.js';
import { ConnectionTestReportView } from './connection-test-report.js';
import { OAuthSignInPanel } from './oauth-sign-in-panel.js';
import { sameServer, serverSettings, serverText, ServerFieldset, type ServerText } from './server-fieldset.js';

type Outcome =
  | { kind: 'saved' }
  /** The test failed: nothing was saved. */
  | { kind: 'refused'; report: ConnectionTestReport }
  | { kind: 'error'; error: WireError };

interface MailboxRepairFormProps {
  mailbox: MailboxSummary;
  /**
   * `password`: only the new password — what "sign-in needed" asks for. `settings`: the
   * sign-in and both servers, for changing them at any time.
   */
  mode: 'password' | 'settings';
  /** Moves focus to the first field when the form appears. */
  autoFocus?: boolean;
  /** Closes the form once the new password worked (its "Done"); without it the form stays. */
  onDone?: () => void;
}

/**
 * Repairs a connected mailbox: the new password after the server refused the old one, or
 * other servers. Hirebox tests what was entered before it saves anything; a failed test
 * shows its steps and saves nothing. Once saved, sync resumes where it stopped and mail
 * waiting in the outbox goes out. The password lives in this form only while typed.
 */
export function MailboxRepairForm(props: MailboxRepairFormProps) {
  // A Gmail or Microsoft mailbox has no password or servers to enter: it signs in with its provider again.
  if (props.mailbox.provider !== 'imap') return <SignInRepair {...props} />;
  return <PasswordRepairForm {...props} />;
}

function SignInRepair({ mailbox, onDone }: MailboxRepairFormProps) {
  const { t } = useTranslation();
  return (
    <div className="repair-form">
      <h4>{t('repair.signInTitle')}</h4>
      <OAuthSignInPanel provider={mailbox.provider === 'gmail' ? 'gmail' : 'microsoft'} mailbox={mailbox} {...(onDone === undefined ? {} : { onDone })} />
    </div>
  );
}

function PasswordRepairForm({ mailbox, mode, autoFocus = false, onDone }: MailboxRepairFormProps) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const formId = useId();
  const [password, setPassword] = useState('');
  const [stored, setStored] = useState<MailboxConnectionView | null>(null);
  const [loadError, setLoadError] = useState<WireError | null>(null);
  const [userName, setUserName] = useState('');
  const [servers, setServers] = useState<Record<ServerProtocol, ServerText> | null>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [trusted, setTrusted] = useState<CertificateException[]>([]);
  const passwordInput = useRef<HTMLInputElement>(null);
  const userNameInput = useRef<HTMLInputElement>(null);
  const doneButton = useRef<HTMLButtonElement>(null);
  const lastAttempt = useRef<InputOf<'mailboxes:update-connection'> | null>(null);

  async function load() {
    setLoadError(null);
    const result = await loadConnection(mailbox.id);
    if (!result.ok) {
      setLoadError(result.error);
      return;
    }
    setStored(result.value);
    setUserName(result.value.userName);
    setServers({ imap: serverText(result.value.imap), smtp: serverText(result.value.smtp) });
  }

  useEffect(() => {
    if (mode === 'settings') void load();
  }, [mode, mailbox.id]);

  useEffect(() => {
    if (!autoFocus) return;
    if (mode === 'password') passwordInput.current?.focus();
    else if (servers !== null) userNameInput.current?.focus();
  }, [autoFocus, mode, servers === null]);

  useEffect(() => {
    // The button that was pressed is gone; continue from the words that say it worked.
    if (outcome?.kind === 'saved') doneButton.current?.focus();
  }, [outcome?.kind]);

  function changes(): InputOf<'mailboxes:update-connection'> {
    const input: InputOf<'mailboxes:update-connection'> = { mailboxId: mailbox.id };
    if (password !== '') input.password = password;
    if (mode === 'settings' && stored !== null && servers !== null) {
      if (userName.trim() !== stored.userName) input.userName = userName.trim();
      const imap = serverSettings(servers.imap);
      const smtp = serverSettings(servers.smtp);
      if (!sameServer(imap, stored.imap)) input.imap = imap;
      if (!sameServer(smtp, stored.smtp)) input.smtp = smtp;
    }
    return input;
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const input = changes();
    if (mode === 'password' && input.password === undefined) {
      setOutcome({ kind: 'error', error: { code: 'invalid-input', message: '', field: 'password', retryable: false } });
      passwordInput.current?.focus();
      return;
    }
    setTrusted([]);
    void attempt(input);
  }

  /** Tests and, when it passes, saves; the typed password is cleared from the field whatever the answer. */
  async function attempt(input: InputOf<'mailboxes:update-connection'>) {
    setBusy(true);
    setOutcome(null);
    const result = await updateConnection(input);
    setBusy(false);
    setPassword('');
    // Kept only while its test failed: trusting a certificate there tries the same again.
    lastAttempt.current = result.ok && !result.value.saved ? input : null;
    if (!result.ok) {
      setOutcome({ kind: 'error', error: result.error });
      if (result.error.field === 'password') passwordInput.current?.focus();
      else if (result.error.field === 'userName') userNameInput.current?.focus();
    } else if (result.value.saved) {
      setOutcome({ kind: 'saved' });
      if (mode === 'settings') void load();
    } else {
      setOutcome({ kind: 'refused', report: result.value.report });
      if (mode === 'password') passwordInput.current?.focus();
    }
  }

  /** The user compared a certificate in the failed test and trusts it: the same attempt again, with it. */
  function trust(exception: CertificateException) {
    const previous = lastAttempt.current;
    if (previous === null || busy) return;
    const next = [...trusted.filter((known) => known.host !== exception.host || known.port !== exception.port), exception];
    setTrusted(next);
    void attempt({ ...previous, certificateExceptions: next });
  }

  const fieldError = outcome?.kind === 'error' && outcome.error.field !== undefined ? outcome.error : null;
  const errorAt = (field: string) => (fieldError?.field === field ? errorText(fieldError, undefined, 'mailboxes:update-connection') : undefined);
  const formError = outcome?.kind === 'error' && fieldError === null ? outcome.error : null;
  const setServer = (protocol: ServerProtocol, next: ServerText) => setServers((current) => (current === null ? current : { ...current, [protocol]: next }));

  if (mode === 'password' && outcome?.kind === 'saved' && onDone !== undefined) {
    // The form did its job: what is left to say is that it worked.
    return (
      <div className="notice notice-success repair-done" role="status">
        <p>{t('repair.signedIn')}</p>
        <button ref={doneButton} type="button" className="button button-secondary button-small" onClick={onDone}>
          {t('repair.done')}
        </button>
      </div>
    );
  }

  if (mode === 'settings' && servers === null) {
    return loadError ? (
      <div className="notice notice-error" role="alert">
        <p>{errorText(loadError)}</p>
        <button type="button" className="button button-secondary button-small" onClick={() => void load()}>
          {t('app.tryAgain')}
        </button>
      </div>
    ) : (
      <p className="loading" role="status">
        {t('app.loading')}
      </p>
    );
  }

  return (
    <form className="repair-form" onSubmit={(event) => void submit(event)} noValidate aria-labelledby={`${formId}-title`} aria-busy={busy}>
      <h4 id={`${formId}-title`}>{t(mode === 'password' ? 'repair.signInTitle' : 'repair.settingsTitle')}</h4>
      <p className="card-text">{mode === 'password' ? t('repair.signInIntro', { address: mailbox.address }) : t('repair.settingsIntro')}</p>
      {outcome?.kind === 'saved' ? <Notice kind="success" text={t(mode === 'password' ? 'repair.signedIn' : 'repair.saved')} /> : null}
      {outcome?.kind === 'refused' ? <Notice kind="error" text={t(mode === 'password' ? 'repair.refused' : 'repair.refusedSettings')} /> : null}
      {formError ? <Notice kind="error" text={errorText(formError, undefined, 'mailboxes:update-connection')} /> : null}
      <div className="repair-fields">
        {mode === 'settings' ? (
          <Field
            ref={userNameInput}
            label={t('connectForm.userName')}
            name="userName"
            autoComplete="username"
            spellCheck={false}
            autoCapitalize="off"
            value={userName}
            onChange={(event) => setUserName(event.currentTarget.value)}
            error={errorAt('userName')}
          />
        ) : null}
        <Field
          ref={passwordInput}
          label={t(mode === 'password' ? 'repair.newPassword' : 'repair.newPasswordOptional')}
          hint={mode === 'settings' ? t('repair.keepPassword') : undefined}
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(event) => setPassword(event.currentTarget.value)}
          error={fieldError?.field === 'password' ? t('repair.enterPassword') : errorAt('password')}
        />
      </div>
      {mode === 'settings' ? (
        <>
          <ServerFieldset protocol="imap" value={servers!.imap} onChange={(next) => setServer('imap', next)} errorAt={errorAt} />
          <ServerFieldset protocol="smtp" value={servers!.smtp} onChange={(next) => setServer('smtp', next)} errorAt={errorAt} />
        </>
      ) : null}
      <div className="form-actions">
        {busy ? (
          <ProgressLine>{t('connectForm.checking')}</ProgressLine>
        ) : null}
        <button type="submit" className="button button-primary" aria-disabled={busy}>
          {t(mode === 'password' ? 'repair.signInAction' : 'repair.saveAction')}
          <span className="visually-hidden"> {mailbox.address}</span>
        </button>
      </div>
      {outcome?.kind === 'refused' ? <ConnectionTestReportView report={outcome.report} exceptions={trusted} onTrust={trust} busy={busy} /> : null}
    </form>
  );
}

/** One line of news above the form: it worked (read out politely), or it did not (at once). */
function Notice({ kind, text }: { kind: 'success' | 'error'; text: string }) {
  return (
    <div className={`notice notice-${kind}`} role={kind === 'success' ? 'status' : 'alert'}>
      <p>{text}</p>
    </div>
  );
}
