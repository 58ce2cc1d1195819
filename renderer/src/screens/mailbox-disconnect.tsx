import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WireError } from '../../../shared/errors.js';
import type { MailboxSummary } from '../../../shared/model.js';
import { ConfirmDialog } from '../components/dialog.js';
import { useSessionStore } from '../stores/session-store.js';
import { useMailboxesStore } from '../stores/lists.js';
import { disconnectMailbox, waitingOutboxItems } from '../stores/mailbox-store.js';

/**
 * "Disconnect…" (R12): stops syncing a mailbox and forgets its sign-in (a Google or
 * Microsoft mailbox also withdraws Hirebox's access there). The confirmation says what
 * stays (the candidate mail already in Hirebox) and what happens to mail still waiting in
 * the outbox: it moves to another of the user's mailboxes they choose, or returns to drafts.
 */
export function MailboxDisconnect({ mailbox }: { mailbox: MailboxSummary }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<WireError | null>(null);
  const [waiting, setWaiting] = useState<number | null>(null);
  const [moveTo, setMoveTo] = useState('');
  const [result, setResult] = useState<{ grantRevoked?: boolean } | null>(null);
  const userId = useSessionStore((state) => state.session?.user.id);
  const others = useMailboxesStore((state) => state.items).filter((other) => other.id !== mailbox.id && !other.unlinkedAt && (other.kind === 'shared' || other.ownerUserId === userId));
  const selectId = useId();
  const role = useSessionStore((state) => state.session?.user.role);

  useEffect(() => {
    if (!open) return;
    setWaiting(null);
    void waitingOutboxItems(mailbox.id).then(setWaiting);
  }, [open, mailbox.id]);

  async function confirm() {
    setBusy(true);
    setError(null);
    const outcome = await disconnectMailbox(mailbox.id, moveTo === '' ? undefined : moveTo);
    setBusy(false);
    if (!outcome.ok) {
      setError(outcome.error);
      return;
    }
    setOpen(false);
    setResult(outcome.value.grantRevoked === undefined ? {} : { grantRevoked: outcome.value.grantRevoked });
  }

  // Only an admin unlinks a shared inbox.
  if (mailbox.kind === 'shared' && role !== 'admin') return null;
  const provider = mailbox.provider === 'gmail' ? 'Google' : mailbox.provider === 'microsoft' ? 'Microsoft' : null;
  return (
    <div className="mailbox-disconnect">
      {result?.grantRevoked === false ? (
        <p className="field-hint" role="status">
          {t('disconnect.grantNotRevoked', { provider: provider ?? '' })}
        </p>
      ) : null}
      <button type="button" className="button button-quiet button-small button-danger-quiet" onClick={() => setOpen(true)}>
        {t('disconnect.action')}
        <span className="visually-hidden"> {mailbox.address}</span>
      </button>
      {open ? (
        <ConfirmDialog
          title={t('disconnect.title', { address: mailbox.address })}
          confirmLabel={t('disconnect.confirm')}
          busyLabel={t('disconnect.busy')}
          danger
          busy={busy}
          error={error}
          onConfirm={() => void confirm()}
          onCancel={() => setOpen(false)}
        >
          <ul className="disconnect-facts">
            <li>{t('disconnect.stops')}</li>
            <li>{provider === null ? t('disconnect.forgetsPassword') : t('disconnect.withdraws', { provider })}</li>
            <li>{t('disconnect.mailStays')}</li>
            <li>{t('disconnect.reconnect')}</li>
          </ul>
          {waiting === null ? (
            <p className="loading" role="status">
              {t('app.loading')}
            </p>
          ) : waiting > 0 ? (
            <div className="disconnect-outbox">
              <p>{t('disconnect.waiting', { count: waiting })}</p>
              <label htmlFor={selectId}>{t('disconnect.moveLabel')}</label>
              <select id={selectId} value={moveTo} onChange={(event) => setMoveTo(event.currentTarget.value)}>
                <option value="">{t('disconnect.keepAsDrafts')}</option>
                {others.map((other) => (
                  <option key={other.id} value={other.id}>
                    {t('disconnect.moveTo', { address: other.address })}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
