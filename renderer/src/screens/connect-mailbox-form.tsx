import './connect-mailbox-form.css';
import { useEffect, useId, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { WireError } from '../../../shared/errors.js';
import type { CertificateException, ConnectionSecurity, ConnectionTestReport, SuggestedSettings } from '../../../shared/model.js';
import { Field } from '../components/field.js';
import { SelectField } from '../components/select-field.js';
import type { MailboxFormField, MailboxFormValues, ServerProtocol } from '../forms/mailbox-settings.js';
import {
  formFieldOf,
  initialMailboxForm,
  securityChoices,
  suggestedHost,
  toConnectInput,
  toTestInput,
  valueAt,
  withAddress,
  withHost,
  withPort,
  withPortSettled,
  withSecurity,
  withSuggestion,
  withUserName,
} from '../forms/mailbox-settings.js';
import { useErrorText } from '../i18n/use-error-text.js';
import { connectMailbox, suggestSettings, testConnection, useMailboxActivityStore } from '../stores/mailbox-store.js';
import { cancelSignIn, useSignInStore } from '../stores/sign-in-store.js';
import { ConnectionTestReportView } from './connection-test-report.js';
import { OAuthSignInPanel } from './oauth-sign-in-panel.js';
import { SharedInboxChoice } from './shared-inbox.js';

/** How long the address rests before its settings are looked up. */
const suggestDelayMs = 400;
/** An address with a domain worth asking about. */
const addressWithDomain = /^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$/;

/** How the mailbox connects: Google's or Microsoft's browser sign-in, or IMAP/SMTP with a password. */
type Route = 'google' | 'microsoft' | 'imap';
const routes: readonly Route[] = ['google', 'microsoft', 'imap'];
const routeLabels = { google: 'googleSignIn.title', microsoft: 'microsoftSignIn.title', imap: 'googleSignIn.otherProvider' } as const;

type Failure =
  | { at: MailboxFormField; error: WireError; value: string }
  /** Above the form: the server's refusal, an unreachable server, anything without a field. */
  | { at: 'form'; error: WireError; fromEngine: boolean };

interface ConnectMailboxFormProps {
  /** Closes the form; not offered while the connection is being checked. */
  onCancel: () => void;
  /** Moves focus to the address field when the form opens (not when a page link opened it). */
  autoFocus: boolean;
}

/**
 * "Connect a mailbox": "Google (Gmail / Workspace)" by "Sign in with Google" (issue 17),
 * "Microsoft 365 or Outlook.com" by "Sign in with Microsoft" (issue 18), or the plain
 * IMAP/SMTP form (R11, "other"). An address the engine knows as Gmail or Google Workspace
 * (`signIn: 'gmail'`) leads to the Google sign-in instead of an app password ("Use an app
 * password instead" keeps the IMAP route for that address); one it knows as Outlook.com or
 * Microsoft 365 (`signIn: 'microsoft'`, by the domain's MX) leads to the Microsoft sign-in,
 * which is the only way there (no passwords). "Test connection" and
 * "Connect mailbox" both run the connection test first (issue 6): IMAP and SMTP step by
 * step, shown below the servers with what to do next for a failed step; an untrusted
 * certificate is trusted only once the user confirms exactly it. Connect goes on only when
 * every step passed (the engine tests again before it saves). Bad settings land at the
 * field at fault (`imap.security`, `address`, …), anything else above the form. The
 * password lives in this form only while typed: it is cleared once it was refused or went
 * with a connect, and never reaches a store.
 */
export function ConnectMailboxForm({ onCancel, autoFocus }: ConnectMailboxFormProps) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const formId = useId();
  const headingId = `${formId}-heading`;
  // "Connect again" opens the form with the unlinked mailbox's address; its settings are looked up at once.
  const [values, setValues] = useState<MailboxFormValues>(() => withAddress(initialMailboxForm(), useMailboxActivityStore.getState().connectAddress));
  const [failure, setFailure] = useState<Failure | null>(null);
  // Issue 6: the connection test runs first (on its own, or before a connect); its steps
  // stay on screen until the next test. Certificates the user trusted go with the connect.
  const [busy, setBusy] = useState<'test' | 'connect' | null>(null);
  const submitting = busy !== null;
  const [report, setReport] = useState<ConnectionTestReport | null>(null);
  const [exceptions, setExceptions] = useState<CertificateException[]>([]);
  const reportPanel = useRef<HTMLDivElement>(null);
  const [passwordCleared, setPasswordCleared] = useState(false);
  const inputs = useRef(new Map<MailboxFormField, HTMLInputElement | HTMLSelectElement>());
  const formNotice = useRef<HTMLDivElement>(null);
  // Settings suggested for the address (R11): filled into the fields the user left alone.
  const [suggestion, setSuggestion] = useState<{ address: string; settings: SuggestedSettings } | null>(null);
  const typedAddress = useRef('');
  const askedAddress = useRef('');
  const suggestTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const [route, setRoute] = useState<Route>('imap');
  // Issue 21: an admin may connect this address as a shared inbox (jobs@, careers@), with its list.
  const [shared, setShared] = useState<{ memberIds: string[] } | null>(null);
  const signInPhase = useSignInStore((state) => (state.purpose === 'connect' ? state.attempt.phase : 'idle'));
  // While Google's sign-in waits, the panel's own "Cancel" stops it; a second one would confuse.
  const signingIn = signInPhase === 'starting' || signInPhase === 'waiting';
  // The address for which the person chose the password route over the provider's sign-in.
  const declinedSignInFor = useRef<string | null>(null);
  const register = (field: MailboxFormField) => (element: HTMLInputElement | HTMLSelectElement | null) => {
    if (element) inputs.current.set(field, element);
    else inputs.current.delete(field);
  };

  useEffect(() => {
    if (autoFocus) inputs.current.get('address')?.focus();
  }, [autoFocus]);

  useEffect(() => () => clearTimeout(suggestTimer.current), []);

  useEffect(() => {
    const prefilled = useMailboxActivityStore.getState().connectAddress;
    if (prefilled === '') return;
    typedAddress.current = prefilled;
    askForSettings(prefilled);
  }, []);

  /** Asks the engine for the address's settings; an answer for an address changed since is dropped. */
  function askForSettings(address: string) {
    clearTimeout(suggestTimer.current);
    const trimmed = address.trim();
    if (trimmed === askedAddress.current) return;
    askedAddress.current = trimmed;
    if (!addressWithDomain.test(trimmed)) return;
    void suggestSettings(trimmed).then((settings) => {
      if (settings === null || typedAddress.current.trim() !== trimmed) return;
      setSuggestion({ address: trimmed, settings });
      if (settings.signIn !== undefined && declinedSignInFor.current !== trimmed.toLowerCase()) setRoute(settings.signIn === 'gmail' ? 'google' : 'microsoft');
      setValues((current) => (current.address.trim() === trimmed ? withSuggestion(current, settings) : current));
    });
  }

  function changeAddress(address: string) {
    change(withAddress(values, address), ['address', 'userName']);
    typedAddress.current = address;
    clearTimeout(suggestTimer.current);
    suggestTimer.current = setTimeout(() => askForSettings(address), suggestDelayMs);
  }

  function change(next: MailboxFormValues, fields: readonly MailboxFormField[]) {
    setValues(next);
    // The words no longer describe what is in the field.
    if (failure && failure.at !== 'form' && fields.includes(failure.at)) setFailure(null);
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    // A sign-in route connects by its sign-in button; Enter in the address field does nothing.
    if (route !== 'imap') return;
    await check('connect');
  }

  /**
   * Tests the connection and, for `connect`, connects when every step passed. The
   * password is cleared once it was refused or went with a connect; a test that stopped
   * before the sign-in keeps it, so that trusting a certificate can test again at once.
   */
  async function check(mode: 'test' | 'connect', trusted: readonly CertificateException[] = exceptions) {
    if (busy !== null) return;
    setBusy(mode);
    setFailure(null);
    const input = toConnectInput(values, trusted);
    const tested = await testConnection(toTestInput(input));
    if (!tested.ok) {
      setBusy(null);
      setReport(null);
      setValues((current) => ({ ...current, password: '' }));
      showFailure(tested);
      return;
    }
    setReport(tested.value);
    if (!tested.value.ok || mode === 'test') {
      setBusy(null);
      const refused = tested.value.checks.some((protocol) => protocol.steps.some((step) => step.problem?.code === 'auth-failed'));
      if (refused) {
        setValues((current) => ({ ...current, password: '' }));
        setPasswordCleared(true);
        inputs.current.get('password')?.focus();
      } else if (!tested.value.ok) {
        reportPanel.current?.focus();
      }
      return;
    }
    // The password goes with this one attempt and is forgotten at once.
    setValues((current) => ({ ...current, password: '' }));
    const outcome = await connectMailbox(shared === null ? input : { ...input, shared });
    setBusy(null);
    if (outcome.ok) return;
    showFailure(outcome);
  }

  function showFailure(outcome: { error: WireError; fromEngine: boolean }) {
    setPasswordCleared(true);
    const field = outcome.fromEngine ? formFieldOf(outcome.error.field) : undefined;
    if (field !== undefined) {
      setFailure({ at: field, error: outcome.error, value: valueAt(values, field) });
      inputs.current.get(field)?.focus();
    } else {
      setFailure({ at: 'form', error: outcome.error, fromEngine: outcome.fromEngine });
      // A refused login is fixed by typing the password again; anything else is read first.
      if (outcome.error.code === 'auth-required' || outcome.error.code === 'auth-expired') inputs.current.get('password')?.focus();
      else formNotice.current?.focus();
    }
  }

  /** The user confirmed exactly this certificate for its server: kept for the connect, and tested again. */
  function trust(exception: CertificateException) {
    const next = [...exceptions.filter((known) => known.host !== exception.host || known.port !== exception.port), exception];
    setExceptions(next);
    void check('test', next);
  }

  const errorFor = (field: MailboxFormField) =>
    failure && failure.at === field ? errorText(failure.error, failure.value, 'mailboxes:connect') : undefined;
  const formError = failure?.at === 'form' ? errorText(failure.error, undefined, failure.fromEngine ? 'mailboxes:connect' : undefined) : undefined;
  const passwordHint =
    passwordCleared && !submitting && values.password === '' && errorFor('password') === undefined ? t('connectForm.passwordAgain') : undefined;

  const suggested = suggestion !== null && suggestion.address === values.address.trim() ? suggestion.settings : null;
  const redirected = suggested?.redirect === 'microsoft-sign-in';
  const providerHint = suggested?.hint ? t(`connectForm.provider.hint.${suggested.hint}`) : undefined;
  // A refused login at a provider with a known catch: the catch is the likely reason.
  const hintWithError =
    providerHint !== undefined && failure?.at === 'form' && (failure.error.code === 'auth-required' || failure.error.code === 'auth-expired');

  function providerNotice() {
    if (suggested === null) return null;
    if (redirected) {
      return (
        <div className="notice notice-warning provider-notice">
          <div>
            <p>{t('connectForm.provider.microsoft')}</p>
            <button type="button" className="button button-secondary button-small" onClick={() => chooseRoute('microsoft')}>
              {t('microsoftSignIn.action')}
            </button>
          </div>
        </div>
      );
    }
    if (suggested.source === 'none') return null;
    const filledIn =
      suggested.source === 'preset' && suggested.preset
        ? t('connectForm.provider.filledIn', { provider: suggested.preset.name })
        : t('connectForm.provider.filledInSrv', { domain: values.address.trim().split('@').pop() ?? '' });
    return (
      <div className="notice notice-info provider-notice">
        <div>
          <p>{filledIn}</p>
          {providerHint !== undefined && !hintWithError ? <p>{providerHint}</p> : null}
        </div>
      </div>
    );
  }

  /** Leaving a sign-in route (or the form) stops a sign-in this form started. */
  function stopOwnSignIn() {
    if (useSignInStore.getState().purpose === 'connect') void cancelSignIn();
  }

  function cancel() {
    stopOwnSignIn();
    onCancel();
  }

  function chooseRoute(next: Route) {
    if (next !== route) stopOwnSignIn();
    setRoute(next);
    declinedSignInFor.current = next === 'imap' ? values.address.trim().toLowerCase() : null;
    if (next === 'imap') setFailure(null);
    // A password typed for the other route is not kept out of sight.
    else setValues((current) => ({ ...current, password: '' }));
  }

  const securityOptions = securityChoices.map((security) => ({ value: security, label: t(`connectForm.security.${security}`) }));

  function serverFields(protocol: ServerProtocol) {
    const server = values[protocol];
    const noneHintId = `${formId}-${protocol}-none`;
    const showNoneHint = server.security === 'none' && errorFor(`${protocol}.security`) === undefined;
    return (
      <fieldset className="server-settings">
        <legend>{t(protocol === 'imap' ? 'connectForm.incoming' : 'connectForm.outgoing')}</legend>
        <div className="server-grid">
          <Field
            ref={register(`${protocol}.host`)}
            label={t('connectForm.server')}
            name={`${protocol}-host`}
            autoComplete="off"
            spellCheck={false}
            autoCapitalize="off"
            placeholder={suggestedHost(protocol, values.address)}
            value={server.host}
            // "No encryption" is refused for this host; another host may be fine.
            onChange={(event) => change(withHost(values, protocol, event.currentTarget.value), [`${protocol}.host`, `${protocol}.security`])}
            error={errorFor(`${protocol}.host`)}
          />
          <Field
            ref={register(`${protocol}.port`)}
            label={t('connectForm.port')}
            name={`${protocol}-port`}
            inputMode="numeric"
            autoComplete="off"
            value={server.port}
            onChange={(event) => change(withPort(values, protocol, event.currentTarget.value), [`${protocol}.port`])}
            onBlur={() => setValues((current) => withPortSettled(current, protocol))}
            error={errorFor(`${protocol}.port`)}
          />
          <SelectField
            ref={register(`${protocol}.security`)}
            label={t('connectForm.securityLabel')}
            name={`${protocol}-security`}
            options={securityOptions}
            value={server.security}
            onChange={(event) =>
              change(withSecurity(values, protocol, event.currentTarget.value as ConnectionSecurity), [`${protocol}.security`, `${protocol}.port`])
            }
            error={errorFor(`${protocol}.security`)}
            describedBy={showNoneHint ? noneHintId : undefined}
          />
        </div>
        {showNoneHint ? (
          <p className="field-hint server-hint" id={noneHintId}>
            {t('connectForm.noneHint')}
          </p>
        ) : null}
      </fieldset>
    );
  }

  return (
    <form className="card connect-form" onSubmit={submit} noValidate aria-labelledby={headingId} aria-busy={submitting}>
      <h3 id={headingId}>{t('connectForm.title')}</h3>
      {formError !== undefined ? (
        <div ref={formNotice} className="notice notice-error" role="alert" tabIndex={-1}>
          <div>
            <p>{formError}</p>
            {hintWithError ? <p>{providerHint}</p> : null}
          </div>
        </div>
      ) : null}

      <fieldset className="segmented connect-route">
        <legend className="visually-hidden">{t('connectForm.routeLabel')}</legend>
        {routes.map((choice) => (
          <label key={choice} className="segment">
            <input type="radio" name={`${formId}-route`} value={choice} checked={route === choice} onChange={() => chooseRoute(choice)} disabled={submitting || signingIn} />
            <span>{t(routeLabels[choice])}</span>
          </label>
        ))}
      </fieldset>
      {route === 'imap' ? <p className="card-text connect-intro">{t('connectForm.intro')}</p> : null}

      <fieldset className="account-settings">
        <legend className="visually-hidden">{t('connectForm.account')}</legend>
        <div className="account-grid">
          <Field
            ref={register('address')}
            label={t('connectForm.address')}
            name="address"
            type="email"
            autoComplete="email"
            spellCheck={false}
            autoCapitalize="off"
            placeholder="name@acme.com"
            value={values.address}
            onChange={(event) => changeAddress(event.currentTarget.value)}
            onBlur={(event) => askForSettings(event.currentTarget.value)}
            error={errorFor('address')}
          />
          {route === 'imap' ? (
            <>
              <Field
                ref={register('displayName')}
                label={t('connectForm.displayName')}
                hint={t('connectForm.displayNameHint')}
                name="displayName"
                autoComplete="name"
                value={values.displayName}
                onChange={(event) => change({ ...values, displayName: event.currentTarget.value }, ['displayName'])}
                error={errorFor('displayName')}
              />
              <Field
                ref={register('userName')}
                label={t('connectForm.userName')}
                hint={t('connectForm.userNameHint')}
                name="userName"
                autoComplete="username"
                spellCheck={false}
                autoCapitalize="off"
                value={values.userName}
                onChange={(event) => change(withUserName(values, event.currentTarget.value), ['userName'])}
                error={errorFor('userName')}
              />
              <Field
                ref={register('password')}
                label={t('connectForm.password')}
                hint={passwordHint}
                name="password"
                type="password"
                autoComplete="current-password"
                value={values.password}
                onChange={(event) => change({ ...values, password: event.currentTarget.value }, ['password'])}
                error={errorFor('password')}
              />
            </>
          ) : null}
        </div>
      </fieldset>

      {route === 'imap' ? imapStep() : signInStep(route)}
    </form>
  );

  /** Why this route was chosen for the address: a Gmail or Microsoft address, or a company domain hosted there (MX). */
  function signInReason(provider: 'gmail' | 'microsoft'): string | null {
    if (suggested?.signIn !== provider) return null;
    const address = values.address.trim();
    const domain = address.split('@').pop() ?? '';
    if (suggested.source === 'mx') return t(provider === 'gmail' ? 'microsoftSignIn.workspaceDomain' : 'microsoftSignIn.microsoft365Domain', { domain });
    return provider === 'gmail' ? t('googleSignIn.gmailAddress', { address }) : t('microsoftSignIn.microsoftAddress', { address });
  }

  function signInStep(chosen: 'google' | 'microsoft') {
    const provider = chosen === 'google' ? 'gmail' : 'microsoft';
    const reason = signInReason(provider);
    return (
      <>
        {reason !== null ? (
          <div className="notice notice-info provider-notice">
            <p>{reason}</p>
          </div>
        ) : null}
        <SharedInboxChoice value={shared} onChange={setShared} />
        <OAuthSignInPanel key={provider} provider={provider} address={values.address} {...(shared === null ? {} : { shared })} {...(provider === 'gmail' ? { onUseAppPassword: () => chooseRoute('imap') } : {})} />
        {signingIn ? null : (
          <div className="form-actions connect-actions">
            <button type="button" className="button button-secondary" onClick={cancel}>
              {t('dialog.cancel')}
            </button>
          </div>
        )}
      </>
    );
  }

  function imapStep() {
    return (
      <>
        <div aria-live="polite">{providerNotice()}</div>

        {serverFields('imap')}
        {serverFields('smtp')}
        <SharedInboxChoice value={shared} onChange={setShared} />

        {report !== null ? (
          <div ref={reportPanel} tabIndex={-1} className="connection-test-panel">
            <ConnectionTestReportView report={report} exceptions={exceptions} onTrust={trust} busy={submitting} />
          </div>
        ) : null}

        <div className="form-actions connect-actions">
          {submitting ? (
            <p className="progress-line" role="status">
              <span className="spinner" aria-hidden="true" />
              {t('connectForm.checking')}
            </p>
          ) : null}
          <button type="button" className="button button-secondary" onClick={cancel} disabled={submitting}>
            {t('dialog.cancel')}
          </button>
          <button type="button" className="button button-secondary" onClick={() => void check('test')} disabled={submitting || redirected} aria-busy={busy === 'test'}>
            {busy === 'test' ? t('connectionTest.running') : t('connectionTest.run')}
          </button>
          <button type="submit" className="button button-primary" disabled={submitting || redirected} aria-busy={submitting}>
            {busy === 'connect' ? t('connectForm.submitting') : t('connectForm.submit')}
          </button>
        </div>
      </>
    );
  }
}
