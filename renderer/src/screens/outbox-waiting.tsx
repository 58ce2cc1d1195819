import './outbox-waiting.css';
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WireError } from '../../../shared/errors.js';
import type { OutboxItemView } from '../../../shared/model.js';
import { ErrorNotice } from '../components/error-notice.js';
import { formatDateTime } from '../format.js';
import { useOutboxStore } from '../stores/outbox-store.js';
import { usePreferencesStore } from '../stores/preferences-store.js';

/** The time now, again every `everyMs` while `active`. */
function useNow(active: boolean, everyMs = 250): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [active, everyMs]);
  return now;
}

/**
 * Why a mail that has not gone waits, and what the user can do (R15): during the grace
 * period a countdown with Undo; a mail sent later its time with Send now, Edit and Cancel;
 * a mail waiting for the server the reason, the next try and Retry now.
 */
export function OutboxWaitingLine({ item }: { item: OutboxItemView }) {
  const { t } = useTranslation();
  const language = usePreferencesStore((state) => state.language);
  const held = useOutboxStore((state) => state.held[item.id]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<WireError | null>(null);
  const [tooLate, setTooLate] = useState(false);
  const waiting = item.state.state === 'queued' || item.state.state === 'failed-retryable' ? item.waiting : null;
  const scheduled = waiting?.reason === 'scheduled' && item.sendAfter !== null;
  const now = useNow(scheduled && held !== undefined && !held.later);
  if (waiting === null) return null;

  async function run(action: () => Promise<{ ok: boolean; error?: WireError }>, isUndo = false) {
    setBusy(true);
    setError(null);
    const result = await action();
    setBusy(false);
    if (!result.ok && result.error) {
      if (isUndo && result.error.code === 'conflict') setTooLate(true);
      else setError(result.error);
    }
  }
  const store = useOutboxStore.getState();
  const time = (iso: string | null) => (iso === null ? '' : formatDateTime(iso, language));

  if (scheduled && held !== undefined && !held.later) {
    const seconds = Math.max(0, Math.ceil((Date.parse(item.sendAfter!) - now) / 1000));
    return (
      <div className="outbox-waiting outbox-undo" data-testid="outbox-undo">
        <span className="outbox-waiting-text">{tooLate ? t('writing.undo.tooLate') : seconds > 0 ? t('writing.undo.sendingIn', { seconds }) : t('writing.waiting.due')}</span>
        {!tooLate ? (
          <button type="button" className="button button-primary button-small" disabled={busy} onClick={() => void run(() => store.undo(item.id), true)}>
            {t('writing.undo.undo')}
          </button>
        ) : null}
        {error ? <ErrorNotice error={error} /> : null}
      </div>
    );
  }

  if (scheduled) {
    return (
      <div className="outbox-waiting" data-testid="outbox-scheduled">
        <span className="outbox-waiting-text">{t('writing.undo.scheduled', { time: time(item.sendAfter) })}</span>
        <span className="outbox-actions">
          <button type="button" className="button button-secondary button-small" disabled={busy} onClick={() => void run(() => store.sendNow(item.id))}>
            {t('writing.undo.sendNow')}
          </button>
          {held !== undefined ? (
            <button type="button" className="button button-secondary button-small" disabled={busy} onClick={() => void run(() => store.undo(item.id), true)}>
              {t('writing.undo.edit')}
            </button>
          ) : null}
          <button type="button" className="button button-quiet button-small" disabled={busy} onClick={() => void run(() => store.cancel(item.id))}>
            {t('outbox.cancel')}
          </button>
        </span>
        {tooLate ? <p className="outbox-detail">{t('writing.undo.tooLate')}</p> : null}
        {error ? <ErrorNotice error={error} /> : null}
      </div>
    );
  }

  const reason = waiting.reason;
  // A temporary refusal already says when and what the server said (the state's own line).
  const text =
    item.state.state === 'failed-retryable'
      ? null
      : reason === 'sign-in-needed' || reason === 'mailbox-unlinked' || reason === 'due' || reason === 'scheduled'
        ? t(`writing.waiting.${reason}`, { time: time(waiting.nextAttemptAt) })
        : waiting.nextAttemptAt === null
          ? t(`writing.waiting.${reason}NoTime`)
          : t(`writing.waiting.${reason}`, { time: time(waiting.nextAttemptAt) });
  const mayRetry = reason !== 'sign-in-needed' && reason !== 'mailbox-unlinked' && reason !== 'due';
  return (
    <div className="outbox-waiting" data-testid="outbox-waiting" data-reason={reason}>
      {text !== null ? <span className="outbox-waiting-text">{text}</span> : null}
      {mayRetry ? (
        <button type="button" className="button button-secondary button-small" disabled={busy} onClick={() => void run(() => store.sendNow(item.id))}>
          {t('writing.undo.retryNow')}
        </button>
      ) : null}
      {error ? <ErrorNotice error={error} /> : null}
    </div>
  );
}

/** `yyyy-MM-ddTHH:mm` in local time, as `<input type="datetime-local">` takes it. */
function localInputValue(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

function tomorrowMorning(): Date {
  const date = new Date();
  date.setDate(date.getDate() + 1);
  date.setHours(8, 0, 0, 0);
  return date;
}

/** "Send later…": a time (tomorrow 8:00 to start with), kept by the engine across restarts. */
export function SendLaterControl({ disabled, onSchedule }: { disabled: boolean; onSchedule: (sendAt: string) => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [value, setValue] = useState(() => localInputValue(tomorrowMorning()));
  const [invalid, setInvalid] = useState(false);
  const id = useId();
  if (!open) {
    return (
      <button type="button" className="button button-secondary composer-later" disabled={disabled}
        onClick={() => {
          setValue(localInputValue(tomorrowMorning()));
          setInvalid(false);
          setOpen(true);
        }}
      >
        {t('writing.later.open')}
      </button>
    );
  }
  function schedule() {
    const at = new Date(value);
    if (Number.isNaN(at.getTime()) || at.getTime() <= Date.now()) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    setOpen(false);
    onSchedule(at.toISOString());
  }
  return (
    <span className="send-later">
      <label htmlFor={`${id}-at`}>
        {t('writing.later.label')}
      </label>
      <input
        id={`${id}-at`}
        type="datetime-local"
        value={value}
        aria-invalid={invalid ? true : undefined}
        aria-describedby={invalid ? `${id}-error` : undefined}
        onChange={(event) => setValue(event.currentTarget.value)}
        onKeyDown={(event) => {
          // Enter schedules here; it must not submit the composer (which would send at once).
          if (event.key === 'Enter') {
            event.preventDefault();
            event.stopPropagation();
            schedule();
          }
        }}
      />
      <button type="button" className="button button-primary button-small" disabled={disabled} onClick={schedule}>
        {t('writing.later.confirm')}
      </button>
      <button type="button" className="button button-quiet button-small" onClick={() => setOpen(false)}>
        {t('writing.later.cancel')}
      </button>
      {invalid ? (
        <span id={`${id}-error`} className="field-error" role="alert">
          {t('writing.later.pastTime')}
        </span>
      ) : null}
    </span>
  );
}
