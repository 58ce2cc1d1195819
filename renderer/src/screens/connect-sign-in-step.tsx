import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { OAuthSignInPanel } from './oauth-sign-in-panel.js';
import { SharedInboxChoice } from './shared-inbox.js';
import type { ConnectMailboxState, ConnectRoute } from './use-connect-mailbox.js';

const routes: readonly ConnectRoute[] = ['google', 'microsoft', 'imap'];
const routeLabels = { google: 'googleSignIn.title', microsoft: 'microsoftSignIn.title', imap: 'googleSignIn.otherProvider' } as const;

/** Google, Microsoft or "other" (IMAP/SMTP), as one segmented choice above the address. */
export function ConnectRouteChoice({ route, onChoose, disabled }: { route: ConnectRoute; onChoose: (route: ConnectRoute) => void; disabled: boolean }) {
  const { t } = useTranslation();
  const name = `${useId()}-route`;
  return (
    <fieldset className="segmented connect-route">
      <legend className="visually-hidden">{t('connectForm.routeLabel')}</legend>
      {routes.map((choice) => (
        <label key={choice} className="segment">
          <input type="radio" name={name} value={choice} checked={route === choice} onChange={() => onChoose(choice)} disabled={disabled} />
          <span>{t(routeLabels[choice])}</span>
        </label>
      ))}
    </fieldset>
  );
}

/**
 * The Google or Microsoft route: why it was chosen for the address, the shared inbox
 * choice, and the provider's sign-in panel, which connects by itself.
 */
export function ConnectSignInStep({ form, chosen }: { form: ConnectMailboxState; chosen: 'google' | 'microsoft' }) {
  const { t } = useTranslation();
  const provider = chosen === 'google' ? 'gmail' : 'microsoft';
  const reason = useSignInReason(form, provider);
  return (
    <>
      {reason !== null ? (
        <div className="notice notice-info provider-notice">
          <p>{reason}</p>
        </div>
      ) : null}
      <SharedInboxChoice value={form.shared} onChange={form.setShared} />
      <OAuthSignInPanel
        key={provider}
        provider={provider}
        address={form.values.address}
        {...(form.shared === null ? {} : { shared: form.shared })}
        {...(provider === 'gmail' ? { onUseAppPassword: () => form.chooseRoute('imap') } : {})}
      />
      {form.signingIn ? null : (
        <div className="form-actions connect-actions">
          <button type="button" className="button button-secondary" onClick={form.cancel}>
            {t('dialog.cancel')}
          </button>
        </div>
      )}
    </>
  );
}

/** Why this route was chosen for the address: a Gmail or Microsoft address, or a company domain hosted there (MX). */
function useSignInReason({ suggested, values }: ConnectMailboxState, provider: 'gmail' | 'microsoft'): string | null {
  const { t } = useTranslation();
  if (suggested?.signIn !== provider) return null;
  const address = values.address.trim();
  const domain = address.split('@').pop() ?? '';
  if (suggested.source === 'mx') return t(provider === 'gmail' ? 'microsoftSignIn.workspaceDomain' : 'microsoftSignIn.microsoft365Domain', { domain });
  return provider === 'gmail' ? t('googleSignIn.gmailAddress', { address }) : t('microsoftSignIn.microsoftAddress', { address });
}
