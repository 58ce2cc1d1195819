import './mailbox-status-advice.css';
import { useTranslation } from 'react-i18next';
import type { MailboxStatus } from '../../../shared/status.js';
import { describeMailboxAdvice, mailboxStatusActions } from '../i18n/mailbox-status-text.js';

/**
 * Under a mailbox's status (R14): what to do about it — check the network, open the
 * connection test (where a certificate can be trusted), wait for the provider — with the
 * button that opens the connection test where it helps. "Retry now" is the row's sync button.
 */
export function MailboxStatusAdvice({ status, address, onOpenConnectionTest }: { status: MailboxStatus; address: string; onOpenConnectionTest: () => void }) {
  const { t } = useTranslation();
  const advice = describeMailboxAdvice(status, t);
  if (advice === null) return null;
  return (
    <div className="mailbox-status-advice">
      <p className="hint">{advice}</p>
      {mailboxStatusActions(status).includes('connection-test') ? (
        <button type="button" className="button button-quiet button-small" onClick={onOpenConnectionTest}>
          {t('mailboxStatus.openConnectionTest')}
          <span className="visually-hidden"> {address}</span>
        </button>
      ) : null}
    </div>
  );
}
