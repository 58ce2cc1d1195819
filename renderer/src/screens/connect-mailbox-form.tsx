import './connect-mailbox-form.css';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../components/field.js';
import { withUserName } from '../forms/mailbox-settings.js';
import { ConnectImapStep } from './connect-imap-step.js';
import { ConnectRouteChoice, ConnectSignInStep } from './connect-sign-in-step.js';
import { useConnectMailbox, type ConnectMailboxState } from './use-connect-mailbox.js';

interface ConnectMailboxFormProps {
  /** Closes the form; not offered while the connection is being checked. */
  onCancel: () => void;
  /** Moves focus to the address field when the form opens (not when a page link opened it). */
  autoFocus: boolean;
}

/**
 * "Connect a mailbox": "Google (Gmail / Workspace)" by "Sign in with Google",
 * "Microsoft 365 or Outlook.com" by "Sign in with Microsoft", or the plain IMAP/SMTP form
 * (R11, "other"). An address the engine knows as Gmail or Google Workspace leads to the
 * Google sign-in instead of an app password ("Use an app password instead" keeps the IMAP
 * route for that address); one it knows as Outlook.com or Microsoft 365 leads to the
 * Microsoft sign-in, which is the only way there (no passwords). The IMAP route tests the
 * connection step by step before it connects; see `useConnectMailbox`.
 */
export function ConnectMailboxForm({ onCancel, autoFocus }: ConnectMailboxFormProps) {
  const { t } = useTranslation();
  const headingId = `${useId()}-heading`;
  const form = useConnectMailbox({ onCancel, autoFocus });

  return (
    <form className="card connect-form" onSubmit={form.submit} noValidate aria-labelledby={headingId} aria-busy={form.submitting}>
      <h3 id={headingId}>{t('connectForm.title')}</h3>
      {form.formError !== undefined ? (
        <div ref={form.formNotice} className="notice notice-error" role="alert" tabIndex={-1}>
          <div>
            <p>{form.formError}</p>
            {form.hintWithError ? <p>{form.providerHint}</p> : null}
          </div>
        </div>
      ) : null}

      <ConnectRouteChoice route={form.route} onChoose={form.chooseRoute} disabled={form.submitting || form.signingIn} />
      {form.route === 'imap' ? <p className="card-text connect-intro">{t('connectForm.intro')}</p> : null}
      <AccountFields form={form} />
      {form.route === 'imap' ? <ConnectImapStep form={form} /> : <ConnectSignInStep form={form} chosen={form.route} />}
    </form>
  );
}

/** The address, and for IMAP/SMTP the sender name, user name and password. */
function AccountFields({ form }: { form: ConnectMailboxState }) {
  const { t } = useTranslation();
  const { values, change, register, errorFor } = form;
  return (
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
          onChange={(event) => form.changeAddress(event.currentTarget.value)}
          onBlur={(event) => form.askForSettings(event.currentTarget.value)}
          error={errorFor('address')}
        />
        {form.route === 'imap' ? (
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
              hint={form.passwordHint}
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
  );
}
