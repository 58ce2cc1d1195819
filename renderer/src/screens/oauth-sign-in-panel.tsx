import { useEffect, useRef, useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { WireError } from '../../../shared/errors.js';
import type { MailboxSummary } from '../../../shared/model.js';
import { useErrorText } from '../i18n/use-error-text.js';
import { cancelSignIn, loadSignInOptions, resetSignIn, startSignIn, useSignInStore, type SignInProvider } from '../stores/sign-in-store.js';
import './oauth-sign-in-panel.css';
import { ProgressLine } from '../components/progress-line.js';

interface OAuthSignInPanelProps {
  /** Whose sign-in: Google (Gmail, Workspace) or Microsoft (Microsoft 365, Outlook.com). */
  provider: SignInProvider;
  /** Repairs this mailbox ("Sign in with Google again"); absent: connects a new one. */
  mailbox?: MailboxSummary;
  /** The address typed in the connect form: the provider preselects that account. */
  address?: string;
  /** Connecting a shared inbox (an admin's choice in the connect form), with its list. */
  shared?: { memberIds: string[] };
  /** Gmail: the connect form's way on with an app password over IMAP (also offered when no OAuth client is configured). */
  onUseAppPassword?: () => void;
  /** The repair worked and the person pressed "Done". */
  onDone?: () => void;
}

/**
 * "Sign in with Google" / "Sign in with Microsoft": the browser sign-in that connects a
 * Gmail, Google Workspace, Microsoft 365 or Outlook.com mailbox, or repairs one whose
 * sign-in expired. The desktop app opens the provider's page in the system browser; in a
 * browser window the address is shown to open (and copy), with "waiting for you to sign
 * in…" and a way to cancel. Without a configured OAuth client it says so and how a company
 * sets one up, instead of a button that cannot work.
 */
export function OAuthSignInPanel({ provider, mailbox, address, shared, onUseAppPassword, onDone }: OAuthSignInPanelProps) {
  const { t } = useTranslation();
  const text = provider === 'gmail' ? ('googleSignIn' as const) : ('microsoftSignIn' as const);
  const configured = useSignInStore((state) => state.configured);
  const optionsError = useSignInStore((state) => state.optionsError);
  const purpose = useSignInStore((state) => state.purpose);
  const storedAttempt = useSignInStore((state) => state.attempt);
  const ownPurpose = mailbox?.id ?? 'connect';
  // Another form's sign-in is none of this panel's business.
  const attempt = purpose === ownPurpose ? storedAttempt : { phase: 'idle' as const };
  const errorText = useErrorText();
  const doneButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (configured === null) void loadSignInOptions();
  }, [configured === null]);

  // A finished attempt of an earlier form is not this one's: forgotten when the panel opens and when it closes.
  useEffect(() => {
    resetSignIn();
    return () => resetSignIn();
  }, []);

  useEffect(() => {
    if (attempt.phase === 'done') doneButton.current?.focus();
  }, [attempt.phase]);

  if (configured === null) {
    return optionsError ? (
      <div className="notice notice-error" role="alert">
        <p>{errorText(optionsError)}</p>
        <button type="button" className="button button-secondary button-small" onClick={() => void loadSignInOptions()}>
          {t('app.tryAgain')}
        </button>
      </div>
    ) : (
      <p className="loading" role="status">
        {t('app.loading')}
      </p>
    );
  }

  if (configured[provider] !== true) {
    return (
      <div className="notice notice-warning google-sign-in google-not-configured">
        <div>
          <p>
            <strong>{t(`${text}.notConfiguredTitle`)}</strong>
          </p>
          <p>{t(`${text}.notConfiguredBody`)}</p>
          <p className="google-sign-in-config">
            <code>{provider === 'gmail' ? 'HIREBOX_GOOGLE_CLIENT_ID' : 'HIREBOX_MICROSOFT_CLIENT_ID'}</code> · <code>oauth-clients.json</code>
          </p>
          <p>{t(mailbox === undefined ? `${text}.notConfiguredConnect` : `${text}.notConfiguredRepair`)}</p>
          {onUseAppPassword ? (
            <button type="button" className="button button-secondary button-small" onClick={onUseAppPassword}>
              {t('googleSignIn.useAppPassword')}
            </button>
          ) : null}
        </div>
      </div>
    );
  }

  const start = () =>
    void startSignIn(provider, {
      purpose: ownPurpose,
      ...(mailbox === undefined ? { ...(address === undefined ? {} : { address }), ...(shared === undefined ? {} : { shared }) } : { mailboxId: mailbox.id }),
    });

  if (attempt.phase === 'done') {
    return (
      <div className="notice notice-success google-sign-in" role="status">
        <p>{mailbox === undefined ? t(`${text}.connected`, { address: attempt.mailbox.address }) : t(`${text}.repaired`, { address: attempt.mailbox.address })}</p>
        {onDone ? (
          <button ref={doneButton} type="button" className="button button-secondary button-small" onClick={onDone}>
            {t('repair.done')}
          </button>
        ) : null}
      </div>
    );
  }

  if (attempt.phase === 'waiting' || attempt.phase === 'starting') {
    return (
      <div className="google-sign-in google-sign-in-waiting" aria-live="polite">
        {attempt.phase === 'waiting' ? (
          <>
            <p className="card-text">{t(attempt.openedInBrowser ? `${text}.openedInBrowser` : `${text}.openThis`)}</p>
            <SignInAddress url={attempt.authorizationUrl} text={text} />
          </>
        ) : null}
        <div className="form-actions">
          <ProgressLine>{t(attempt.phase === 'starting' ? `${text}.starting` : `${text}.waiting`)}</ProgressLine>
          <button type="button" className="button button-secondary button-small" onClick={() => void cancelSignIn()}>
            {t('dialog.cancel')}
          </button>
        </div>
      </div>
    );
  }

  return (
    <div className="google-sign-in">
      {attempt.phase === 'failed' ? (
        <div className="notice notice-error" role="alert">
          <p>{failureText(t, text, attempt.error, mailbox, errorText)}</p>
        </div>
      ) : null}
      <p className="card-text">{mailbox === undefined ? t(`${text}.intro`) : t(`${text}.repairIntro`, { address: mailbox.address })}</p>
      <div className="form-actions google-sign-in-actions">
        <button type="button" className="button button-primary google-sign-in-button" onClick={start}>
          {provider === 'gmail' ? <GoogleMark /> : <MicrosoftMark />}
          {t(mailbox === undefined ? `${text}.action` : `${text}.actionAgain`)}
          {mailbox === undefined ? null : <span className="visually-hidden"> {mailbox.address}</span>}
        </button>
        {onUseAppPassword ? (
          <button type="button" className="button button-quiet" onClick={onUseAppPassword}>
            {t('googleSignIn.useAppPassword')}
          </button>
        ) : null}
      </div>
    </div>
  );
}

/** The sign-in address as a link to open and a field to copy (a browser window cannot open the system browser itself). */
function SignInAddress({ url, text }: { url: string; text: 'googleSignIn' | 'microsoftSignIn' }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  return (
    <div className="google-sign-in-address">
      <a className="button button-primary button-small" href={url} target="_blank" rel="noopener noreferrer">
        {t(`${text}.openLink`)}
      </a>
      <input className="google-sign-in-url" readOnly value={url} aria-label={t(`${text}.addressLabel`)} onFocus={(event) => event.currentTarget.select()} />
      <button type="button" className="button button-quiet button-small" onClick={() => void navigator.clipboard?.writeText(url).then(() => setCopied(true), () => setCopied(false))}>
        {copied ? t(`${text}.copied`) : t(`${text}.copy`)}
      </button>
    </div>
  );
}

function failureText(
  t: TFunction,
  text: 'googleSignIn' | 'microsoftSignIn',
  error: WireError,
  mailbox: MailboxSummary | undefined,
  errorText: (error: WireError, fieldValue?: string, channel?: 'mailboxes:oauth-finish') => string,
): string {
  if (error.field === 'account' && mailbox !== undefined) return t(`${text}.wrongAccount`, { address: mailbox.address });
  if (error.code === 'timeout') return t(`${text}.timedOut`);
  if (error.code === 'auth-required') return t(`${text}.refused`);
  if (error.code === 'invalid-input' && error.field === 'state') return t(`${text}.foreignAnswer`);
  if (error.code === 'conflict' && error.rule === 'R8') return t(`${text}.connectedAlready`);
  return errorText(error, undefined, 'mailboxes:oauth-finish');
}

/** Google's "G", as its sign-in branding guidelines ask for on the button. */
function GoogleMark() {
  return (
    <svg className="google-mark" width="18" height="18" viewBox="0 0 48 48" aria-hidden="true" focusable="false">
      <path fill="#EA4335" d="M24 9.5c3.5 0 6.6 1.2 9.1 3.6l6.8-6.8C35.8 2.4 30.3 0 24 0 14.6 0 6.6 5.4 2.7 13.3l7.9 6.1C12.5 13.6 17.8 9.5 24 9.5z" />
      <path fill="#4285F4" d="M46.5 24.5c0-1.6-.1-3.1-.4-4.5H24v9h12.7c-.6 3-2.3 5.5-4.8 7.2l7.7 6c4.5-4.2 6.9-10.3 6.9-17.7z" />
      <path fill="#FBBC05" d="M10.6 28.6c-.5-1.4-.8-3-.8-4.6s.3-3.2.8-4.6l-7.9-6.1C1 16.6 0 20.2 0 24s1 7.4 2.7 10.7l7.9-6.1z" />
      <path fill="#34A853" d="M24 48c6.5 0 11.9-2.1 15.9-5.8l-7.7-6c-2.1 1.4-4.9 2.3-8.2 2.3-6.2 0-11.5-4.1-13.4-9.9l-7.9 6.1C6.6 42.6 14.6 48 24 48z" />
    </svg>
  );
}

/** Microsoft's four squares, as its sign-in branding guidelines show beside "Sign in with Microsoft". */
function MicrosoftMark() {
  return (
    <svg className="google-mark" width="18" height="18" viewBox="0 0 21 21" aria-hidden="true" focusable="false">
      <rect x="1" y="1" width="9" height="9" fill="#F25022" />
      <rect x="11" y="1" width="9" height="9" fill="#7FBA00" />
      <rect x="1" y="11" width="9" height="9" fill="#00A4EF" />
      <rect x="11" y="11" width="9" height="9" fill="#FFB900" />
    </svg>
  );
}
