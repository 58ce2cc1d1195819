import { useTranslation } from 'react-i18next';
import { suggestedHost, type ServerProtocol } from '../forms/mailbox-settings.js';
import { ConnectionTestReportView } from './connection-test-report.js';
import { ServerFieldset } from './server-fieldset.js';
import { SharedInboxChoice } from './shared-inbox.js';
import type { ConnectMailboxState } from './use-connect-mailbox.js';
import { ProgressLine } from '../components/progress-line.js';

/**
 * The IMAP/SMTP route below the account: what was filled in for the address, both servers,
 * the shared inbox choice, the connection test's steps, and the form's buttons.
 */
export function ConnectImapStep({ form }: { form: ConnectMailboxState }) {
  const { t } = useTranslation();
  const { submitting, busy } = form;
  const servers = (protocol: ServerProtocol) => (
    <ServerFieldset
      protocol={protocol}
      value={form.values[protocol]}
      onChange={(next, changed) => form.changeServer(protocol, next, changed)}
      errorAt={form.errorFor}
      hostPlaceholder={suggestedHost(protocol, form.values.address)}
      onPortBlur={() => form.settlePort(protocol)}
      register={form.register}
      explainUnencrypted
    />
  );
  return (
    <>
      <div aria-live="polite">
        <ProviderNotice form={form} />
      </div>

      {servers('imap')}
      {servers('smtp')}
      <SharedInboxChoice value={form.shared} onChange={form.setShared} />

      {form.report !== null ? (
        <div ref={form.reportPanel} tabIndex={-1} className="connection-test-panel">
          <ConnectionTestReportView report={form.report} exceptions={form.exceptions} onTrust={form.trust} busy={submitting} />
        </div>
      ) : null}

      <div className="form-actions connect-actions">
        {submitting ? (
          <ProgressLine>{t('connectForm.checking')}</ProgressLine>
        ) : null}
        <button type="button" className="button button-secondary" onClick={form.cancel} disabled={submitting}>
          {t('dialog.cancel')}
        </button>
        <button type="button" className="button button-secondary" onClick={() => void form.check('test')} disabled={submitting || form.redirected} aria-busy={busy === 'test'}>
          {busy === 'test' ? t('connectionTest.running') : t('connectionTest.run')}
        </button>
        <button type="submit" className="button button-primary" disabled={submitting || form.redirected} aria-busy={submitting}>
          {busy === 'connect' ? t('connectForm.submitting') : t('connectForm.submit')}
        </button>
      </div>
    </>
  );
}

/**
 * What the engine knew about the address: its provider's settings were filled in (with the
 * provider's catch, if any), or the address belongs to Microsoft's sign-in instead.
 */
function ProviderNotice({ form }: { form: ConnectMailboxState }) {
  const { t } = useTranslation();
  const { suggested } = form;
  if (suggested === null) return null;
  if (form.redirected) {
    return (
      <div className="notice notice-warning provider-notice">
        <div>
          <p>{t('connectForm.provider.microsoft')}</p>
          <button type="button" className="button button-secondary button-small" onClick={() => form.chooseRoute('microsoft')}>
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
      : t('connectForm.provider.filledInSrv', { domain: form.values.address.trim().split('@').pop() ?? '' });
  return (
    <div className="notice notice-info provider-notice">
      <div>
        <p>{filledIn}</p>
        {form.providerHint !== undefined && !form.hintWithError ? <p>{form.providerHint}</p> : null}
      </div>
    </div>
  );
}
