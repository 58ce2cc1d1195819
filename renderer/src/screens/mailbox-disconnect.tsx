import './mailbox-disconnect.css';
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
 * the outbox: it moves to another of the user's mailboxes they choose, goes from the company
 * inbox with replies to an address they choose (issue 21), or returns to drafts.
 */
/** The select's value for "send from the company inbox instead". */
const companyChoice = 'company-inbox';

export function MailboxDisconnect({ mailbox }: { mailbox: MailboxSummary }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<WireError | null>(null);
  const [waiting, setWaiting] = useState<number | null>(null);
  const [moveTo, setMoveTo] = useState('');
  const sessionEmail = useSessionStore((state) => state.session?.user.email ?? '');
  const [replyTo, setReplyTo] = useState(sessionEmail);
  const replyId = useId();
  const [result, setResult] = useState<{ grantRevoked?: boolean } | null>(null);
  const userId = useSessionStore((state) => state.session?.user.id);
  const mailboxes = useMailboxesStore((state) => state.items);
  // Issue 21 (R12): the company inbox (when the user is on its list) sends instead, answers going to an address they choose.
  const companyInbox = mailboxes.find((other) => other.isCompanyInbox === true && other.id !== mailbox.id && !other.unlinkedAt) ?? null;
  const others = mailboxes.filter((other) => other.id !== mailbox.id && other.id !== companyInbox?.id && !other.unlinkedAt && (other.kind === 'shared' || other.ownerUserId === userId));
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
    const viaCompany = moveTo === companyChoice;
    const outcome = await disconnectMailbox(mailbox.id, moveTo === '' || viaCompany ? undefined : moveTo, viaCompany ? { replyTo: replyTo.trim() } : undefined);
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
              <select id={selectId} className="select" value={moveTo} onChange={(event) => setMoveTo(event.currentTarget.value)}>
                <option value="">{t('disconnect.keepAsDrafts')}</option>
                {companyInbox !== null ? <option value={companyChoice}>{t('disconnect.viaCompanyInbox', { address: companyInbox.address })}</option> : null}
                {others.map((other) => (
                  <option key={other.id} value={other.id}>
                    {t('disconnect.moveTo', { address: other.address })}
                  </option>
                ))}
              </select>
              {moveTo === companyChoice && companyInbox !== null ? (
                <div className="disconnect-reply-to">
                  <label htmlFor={replyId}>{t('disconnect.replyToLabel')}</label>
                  <input id={replyId} className="text-input" type="email" value={replyTo} autoComplete="email" aria-describedby={`${replyId}-hint`} onChange={(event) => setReplyTo(event.currentTarget.value)} />
                  <p id={`${replyId}-hint`} className="field-hint">
                    {t('disconnect.replyToHint', { address: companyInbox.address })}
                  </p>
                </div>
              ) : null}
            </div>
          ) : null}
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
