import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { assertNever } from '../../../shared/assert-never.js';
import type { WireError } from '../../../shared/errors.js';
import type { CertificateException, ConnectionTestReport } from '../../../shared/model.js';
import type { MailboxFormField, MailboxFormValues, ServerProtocol } from '../forms/mailbox-settings.js';
import { formFieldOf, initialMailboxForm, toConnectInput, toTestInput, valueAt, withAddress, withHost, withPort, withPortSettled, withSecurity } from '../forms/mailbox-settings.js';
import { useErrorText } from '../i18n/use-error-text.js';
import { connectMailbox, testConnection, useMailboxActivityStore } from '../stores/mailbox-store.js';
import { cancelSignIn, useSignInStore } from '../stores/sign-in-store.js';
import type { ServerPart, ServerText } from './server-fieldset.js';
import { useSettingsSuggestion } from './use-settings-suggestion.js';

/** How the mailbox connects: Google's or Microsoft's browser sign-in, or IMAP/SMTP with a password. */
export type ConnectRoute = 'google' | 'microsoft' | 'imap';

type Failure =
  | { at: MailboxFormField; error: WireError; value: string }
  /** Above the form: the server's refusal, an unreachable server, anything without a field. */
  | { at: 'form'; error: WireError; fromEngine: boolean };

/** What the parts of the connect form read and call; see `useConnectMailbox`. */
export type ConnectMailboxState = ReturnType<typeof useConnectMailbox>;

/**
 * The state of "Connect a mailbox" and what its buttons do. "Test connection" and "Connect
 * mailbox" both run the connection test first: its steps stay on screen until the next
 * test, and certificates the user trusted go with the connect. Connect goes on only when
 * every step passed (the engine tests again before it saves). Bad settings land at the
 * field at fault (`imap.security`, `address`, …), anything else above the form. The
 * password lives here only while typed: it is cleared once it was refused or went with a
 * connect, and never reaches a store.
 */
export function useConnectMailbox({ onCancel, autoFocus }: { onCancel: () => void; autoFocus: boolean }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  // "Connect again" opens the form with the unlinked mailbox's address; its settings are looked up at once.
  const [values, setValues] = useState<MailboxFormValues>(() => withAddress(initialMailboxForm(), useMailboxActivityStore.getState().connectAddress));
  const [failure, setFailure] = useState<Failure | null>(null);
  const [busy, setBusy] = useState<'test' | 'connect' | null>(null);
  const submitting = busy !== null;
  const [report, setReport] = useState<ConnectionTestReport | null>(null);
  const [exceptions, setExceptions] = useState<CertificateException[]>([]);
  const [passwordCleared, setPasswordCleared] = useState(false);
  const [route, setRoute] = useState<ConnectRoute>('imap');
  // An admin may connect this address as a shared inbox (jobs@, careers@), with its list.
  const [shared, setShared] = useState<{ memberIds: string[] } | null>(null);
  const reportPanel = useRef<HTMLDivElement>(null);
  const formNotice = useRef<HTMLDivElement>(null);
  const inputs = useRef(new Map<MailboxFormField, HTMLInputElement | HTMLSelectElement>());
  const suggestion = useSettingsSuggestion({ address: values.address, setValues, setRoute });
  const signInPhase = useSignInStore((state) => (state.purpose === 'connect' ? state.attempt.phase : 'idle'));
  // While a provider's sign-in waits, its panel's own "Cancel" stops it; a second one would confuse.
  const signingIn = signInPhase === 'starting' || signInPhase === 'waiting';

  const register = (field: MailboxFormField) => (element: HTMLInputElement | HTMLSelectElement | null) => {
    if (element) inputs.current.set(field, element);
    else inputs.current.delete(field);
  };

  useEffect(() => {
    if (autoFocus) inputs.current.get('address')?.focus();
  }, [autoFocus]);

  function change(next: MailboxFormValues, fields: readonly MailboxFormField[]) {
    setValues(next);
    // The words no longer describe what is in the field.
    if (failure && failure.at !== 'form' && fields.includes(failure.at)) setFailure(null);
  }

  function changeAddress(address: string) {
    change(withAddress(values, address), ['address', 'userName']);
    suggestion.addressTyped(address);
  }

  function changeServer(protocol: ServerProtocol, next: ServerText, changed: ServerPart) {
    switch (changed) {
      case 'host':
        // "No encryption" is refused for this host; another host may be fine.
        return change(withHost(values, protocol, next.host), [`${protocol}.host`, `${protocol}.security`]);
      case 'port':
        return change(withPort(values, protocol, next.port), [`${protocol}.port`]);
      case 'security':
        return change(withSecurity(values, protocol, next.security), [`${protocol}.security`, `${protocol}.port`]);
      default:
        return assertNever(changed);
    }
  }

  const settlePort = (protocol: ServerProtocol) => setValues((current) => withPortSettled(current, protocol));

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

  /** Leaving a sign-in route (or the form) stops a sign-in this form started. */
  function stopOwnSignIn() {
    if (useSignInStore.getState().purpose === 'connect') void cancelSignIn();
  }

  function cancel() {
    stopOwnSignIn();
    onCancel();
  }

  function chooseRoute(next: ConnectRoute) {
    if (next !== route) stopOwnSignIn();
    setRoute(next);
    suggestion.routeChosen(next, values.address);
    if (next === 'imap') setFailure(null);
    // A password typed for the other route is not kept out of sight.
    else setValues((current) => ({ ...current, password: '' }));
  }

  const errorFor = (field: MailboxFormField) =>
    failure && failure.at === field ? errorText(failure.error, failure.value, 'mailboxes:connect') : undefined;
  const formError = failure?.at === 'form' ? errorText(failure.error, undefined, failure.fromEngine ? 'mailboxes:connect' : undefined) : undefined;
  const passwordHint =
    passwordCleared && !submitting && values.password === '' && errorFor('password') === undefined ? t('connectForm.passwordAgain') : undefined;
  const suggested = suggestion.suggested;
  const providerHint = suggested?.hint ? t(`connectForm.provider.hint.${suggested.hint}`) : undefined;
  // A refused login at a provider with a known catch: the catch is the likely reason.
  const hintWithError =
    providerHint !== undefined && failure?.at === 'form' && (failure.error.code === 'auth-required' || failure.error.code === 'auth-expired');

  return {
    values,
    change,
    changeAddress,
    changeServer,
    settlePort,
    askForSettings: suggestion.askForSettings,
    register,
    route,
    chooseRoute,
    shared,
    setShared,
    busy,
    submitting,
    signingIn,
    report,
    exceptions,
    reportPanel,
    formNotice,
    submit,
    check,
    trust,
    cancel,
    errorFor,
    formError,
    passwordHint,
    suggested,
    redirected: suggested?.redirect === 'microsoft-sign-in',
    providerHint,
    hintWithError,
  };
}
