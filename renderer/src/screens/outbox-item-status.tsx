import { useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { WireError } from '../../../shared/errors.js';
import type { OutboxItemView } from '../../../shared/model.js';
import { ConfirmDialog } from '../components/dialog.js';
import { ErrorNotice } from '../components/error-notice.js';
import { formatDateTime } from '../format.js';
import { mayCancel, useOutboxStore } from '../stores/outbox-store.js';
import { usePreferencesStore } from '../stores/preferences-store.js';
import { OutboxWaitingLine } from './outbox-waiting.js';

/** Tone of an outbox state, for its badge. */
function toneOf(item: OutboxItemView): 'success' | 'danger' | 'warning' | 'muted' | 'info' {
  switch (item.state.state) {
    case 'accepted':
    case 'filed':
      return item.state.refusedRecipients.length > 0 ? 'warning' : 'success';
    case 'failed-permanent':
      return 'danger';
    case 'failed-retryable':
    case 'outcome-unknown':
    case 'draft':
      return 'warning';
    case 'cancelled':
      return 'muted';
    default:
      return 'info';
  }
}

/** What became of one sent mail, in words, with what the user can still do about it (R15). */
export function OutboxItemStatus({ item, showSubject = false, children }: { item: OutboxItemView; showSubject?: boolean; children?: ReactNode }) {
  const { t } = useTranslation();
  const language = usePreferencesStore((state) => state.language);
  const [confirm, setConfirm] = useState<'send-anyway' | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<WireError | null>(null);
  const state = item.state;

  async function run(action: () => Promise<{ ok: boolean; error?: WireError }>) {
    setBusy(true);
    setError(null);
    const result = await action();
    setBusy(false);
    if (!result.ok && result.error) setError(result.error);
    return result.ok;
  }

  let detail: string | null = null;
  switch (state.state) {
    case 'failed-retryable':
      detail = t('outbox.detail.retrying', { time: formatDateTime(state.nextAttemptAt, language), reason: state.reason });
      break;
    case 'queued':
      // Held or waiting: the line below says why.
      break;
    case 'failed-permanent':
      detail = t('outbox.detail.refused', { reason: state.reason });
      break;
    case 'outcome-unknown':
      detail = t('outbox.detail.unknown');
      break;
    case 'accepted':
    case 'filed':
      detail = state.refusedRecipients.length > 0 ? t('outbox.detail.someRefused', { recipients: state.refusedRecipients.join('; ') }) : null;
      break;
    case 'draft':
      detail = t('outbox.detail.draft');
      break;
    default:
      break;
  }

  return (
    <div className={`outbox-status outbox-status-${toneOf(item)}`} data-testid="outbox-status" data-state={state.state} data-item-id={item.id} role="status">
      <div className="outbox-status-line">
        <span className={`badge badge-${toneOf(item)}`}>{t(`outbox.state.${state.state}`)}</span>
        {showSubject ? <span className="outbox-subject">{item.subject || t('inbox.noSubject')}</span> : null}
        <span className="outbox-to">{t('outbox.toLine', { to: item.to.join(', ') })}</span>
        <time className="outbox-time" dateTime={item.updatedAt}>
          {formatDateTime(item.updatedAt, language)}
        </time>
        {children}
      </div>
      {detail ? <p className="outbox-detail">{detail}</p> : null}
      <OutboxWaitingLine item={item} />
      {state.state === 'outcome-unknown' || (mayCancel(item) && !(state.state === 'queued' && item.waiting?.reason === 'scheduled')) ? (
        <div className="outbox-actions">
          {state.state === 'outcome-unknown' ? (
            <button type="button" className="button button-secondary button-small" disabled={busy} onClick={() => setConfirm('send-anyway')}>
              {t('outbox.sendAnyway')}
            </button>
          ) : null}
          {mayCancel(item) ? (
            <button type="button" className="button button-quiet button-small" disabled={busy} onClick={() => void run(() => useOutboxStore.getState().cancel(item.id))}>
              {state.state === 'outcome-unknown' ? t('outbox.doNotResend') : state.state === 'failed-permanent' ? t('outbox.dismiss') : t('outbox.cancel')}
            </button>
          ) : null}
        </div>
      ) : null}
      {error && !confirm ? <ErrorNotice error={error} /> : null}
      {confirm === 'send-anyway' ? (
        <ConfirmDialog
          title={t('outbox.sendAnywayTitle')}
          confirmLabel={t('outbox.sendAnywayConfirm')}
          busyLabel={t('compose.sending')}
          danger
          busy={busy}
          error={error}
          onCancel={() => setConfirm(null)}
          onConfirm={() => {
            void run(() => useOutboxStore.getState().sendAnyway(item.id)).then((ok) => {
              if (ok) setConfirm(null);
            });
          }}
        >
          <p>{t('outbox.sendAnywayBody')}</p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
