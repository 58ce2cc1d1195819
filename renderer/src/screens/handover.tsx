import './handover.css';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WireError } from '../../../shared/errors.js';
import type { HandoverResult, User } from '../../../shared/model.js';
import { ConfirmDialog } from '../components/dialog.js';
import { useTeamStore } from '../stores/lists.js';
import { hrefOf } from '../stores/navigation-store.js';
import { handOver } from '../stores/team-store.js';

/**
 * Handover (issue 21 item 5), in a team member's row for admins: the conversations assigned to
 * someone who leaves go to a colleague. One the colleague may not see (not on its job or shared
 * inbox) is left with nobody, and said so; drafts are personal and stay. The result lists what
 * was handed over, so the admin can tell the colleague.
 */
export function HandoverControl({ member }: { member: User }) {
  const { t } = useTranslation();
  const team = useTeamStore((state) => state.items);
  const colleagues = team.filter((other) => other.id !== member.id);
  const [open, setOpen] = useState(false);
  const [toUserId, setToUserId] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<WireError | null>(null);
  const [result, setResult] = useState<HandoverResult | null>(null);
  const selectId = useId();

  async function confirm() {
    if (toUserId === '') return;
    setBusy(true);
    setError(null);
    const outcome = await handOver(member.id, toUserId);
    setBusy(false);
    if (!outcome.ok) {
      setError(outcome.error);
      return;
    }
    setOpen(false);
    setResult(outcome.value);
  }

  if (colleagues.length === 0) return null;
  return (
    <div className="member-handover">
      <button
        type="button"
        className="button button-quiet button-small"
        onClick={() => {
          setToUserId(colleagues[0]?.id ?? '');
          setError(null);
          setOpen(true);
        }}
      >
        {t('handover.action')}
        <span className="visually-hidden"> {member.name}</span>
      </button>
      {result !== null ? (
        <div className="handover-result" role="status">
          <p>{result.threads.length === 0 && result.unassigned.length === 0 ? t('handover.nothing', { name: result.fromUser.name }) : t('handover.done', { count: result.threads.length, name: result.toUser.name })}</p>
          {result.threads.length > 0 ? (
            <ul className="plain-list">
              {result.threads.map((thread) => (
                <li key={thread.id}>
                  <a href={hrefOf({ page: 'inbox', threadId: thread.id })}>{thread.subject || t('intake.noSubject')}</a>
                  {thread.candidates.length > 0 ? <span className="check-detail"> · {thread.candidates.join(', ')}</span> : null}
                </li>
              ))}
            </ul>
          ) : null}
          {result.unassigned.length > 0 ? (
            <>
              <p>{t('handover.unassigned', { count: result.unassigned.length, name: result.toUser.name })}</p>
              <ul className="plain-list">
                {result.unassigned.map((thread) => (
                  <li key={thread.id}>
                    <a href={hrefOf({ page: 'inbox', threadId: thread.id })}>{thread.subject || t('intake.noSubject')}</a>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {result.draftsKept > 0 ? <p className="field-hint">{t('handover.drafts', { count: result.draftsKept, name: result.fromUser.name })}</p> : null}
        </div>
      ) : null}
      {open ? (
        <ConfirmDialog
          title={t('handover.title', { name: member.name })}
          confirmLabel={t('handover.confirm')}
          busyLabel={t('handover.busy')}
          busy={busy}
          error={error}
          onConfirm={() => void confirm()}
          onCancel={() => setOpen(false)}
        >
          <p>{t('handover.intro', { name: member.name })}</p>
          <label htmlFor={selectId}>{t('handover.toLabel')}</label>
          <select id={selectId} className="select" value={toUserId} onChange={(event) => setToUserId(event.currentTarget.value)}>
            {colleagues.map((colleague) => (
              <option key={colleague.id} value={colleague.id}>
                {colleague.name}
              </option>
            ))}
          </select>
          <p className="field-hint">{t('handover.hint')}</p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
