import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { assertNever } from '../../../shared/assert-never.js';
import type { MailboxSummary } from '../../../shared/model.js';
import type { MailboxStatus } from '../../../shared/status.js';
import { Dialog } from '../components/dialog.js';
import { describeMailboxAdvice, describeMailboxStatus, mailboxStatusActions } from '../i18n/mailbox-status-text.js';
import { useMailboxesStore } from '../stores/lists.js';
import { syncMailboxNow, useMailboxActivityStore } from '../stores/mailbox-store.js';
import { hrefOf } from '../stores/navigation-store.js';
import { usePreferencesStore } from '../stores/preferences-store.js';
import { MailboxRepairForm } from './mailbox-repair-form.js';
import './status-area.css';

export type StatusTone = 'ok' | 'busy' | 'paused' | 'warning' | 'problem';

/** How a status looks: fine, working, stopped on purpose, waiting out a limit, or needing the user. */
export function statusTone(status: MailboxStatus): StatusTone {
  switch (status.state) {
    case 'up-to-date':
      return 'ok';
    case 'connecting':
    case 'syncing':
      return 'busy';
    case 'paused':
      return 'paused';
    case 'offline':
    case 'rate-limited':
      return 'warning';
    case 'server-unreachable':
    case 'tls-problem':
    case 'auth-required':
    case 'error':
      return 'problem';
    default:
      return assertNever(status);
  }
}

/** The mailboxes that sync: linked ones (an unlinked mailbox keeps its mail but has no state worth showing). */
function linkedMailboxes(items: readonly MailboxSummary[]): MailboxSummary[] {
  return items.filter((mailbox) => !mailbox.unlinkedAt);
}

/**
 * The status area at the foot of the rail, on every screen (R14): each mailbox's state in
 * words, a progress bar with counts while it scans, and — when it needs something — the
 * plain reason and the button that helps.
 */
export function StatusArea() {
  const { t } = useTranslation();
  const mailboxes = linkedMailboxes(useMailboxesStore((state) => state.items));
  if (mailboxes.length === 0) return null;
  return (
    <section className="status-area" aria-label={t('statusArea.label')}>
      <ul className="status-area-list">
        {mailboxes.map((mailbox) => (
          <li key={mailbox.id}>
            <MailboxStatusLine mailbox={mailbox} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function MailboxStatusLine({ mailbox }: { mailbox: MailboxSummary }) {
  const { t } = useTranslation();
  const language = usePreferencesStore((state) => state.language);
  const retrying = useMailboxActivityStore((state) => state.syncRequests[mailbox.id]?.pending ?? false);
  const { status } = mailbox;
  const tone = statusTone(status);
  const advice = describeMailboxAdvice(status, t);
  const actions = mailboxStatusActions(status);
  return (
    <div className={`status-line status-${tone}`} data-mailbox-id={mailbox.id}>
      <div className="status-line-head">
        <span className="status-dot" aria-hidden="true" />
        <span className="status-line-address" title={mailbox.address}>
          {mailbox.address}
        </span>
      </div>
      <p className="status-line-text">
        {describeMailboxStatus(status, t, language)}
      </p>
      {status.state === 'syncing' && status.total !== undefined && status.total > 0 ? (
        <progress className="status-progress" value={Math.min(status.done, status.total)} max={status.total} aria-label={t('statusArea.progress', { address: mailbox.address })} />
      ) : status.state === 'syncing' || status.state === 'connecting' ? (
        <progress className="status-progress" aria-label={t('statusArea.progress', { address: mailbox.address })} />
      ) : null}
      {tone === 'problem' || tone === 'warning' ? (
        <>
          {advice !== null && status.state !== 'auth-required' ? <p className="status-line-advice">{advice}</p> : null}
          <div className="status-line-actions">
            {actions.includes('retry-now') ? (
              <button type="button" className="button button-quiet button-small" disabled={retrying} onClick={() => void syncMailboxNow(mailbox.id)}>
                {retrying ? t('statusArea.retrying') : t('mailboxStatus.retryNow')}
                <span className="visually-hidden"> {mailbox.address}</span>
              </button>
            ) : null}
            {actions.includes('connection-test') || status.state === 'error' ? (
              <a className="button button-quiet button-small" href={hrefOf({ page: 'settings', section: 'mailboxes' })}>
                {t('statusArea.openSettings')}
                <span className="visually-hidden"> {mailbox.address}</span>
              </a>
            ) : null}
          </div>
        </>
      ) : null}
    </div>
  );
}

/**
 * Above every page while a mailbox needs its sign-in again: what happened, and the form
 * that repairs it (R14). Nothing syncs from that mailbox until then.
 */
export function SignInBanner() {
  const { t } = useTranslation();
  const language = usePreferencesStore((state) => state.language);
  const waiting = linkedMailboxes(useMailboxesStore((state) => state.items)).filter((mailbox) => mailbox.status.state === 'auth-required');
  const [repairing, setRepairing] = useState<string | null>(null);
  const repairedMailbox = waiting.find((mailbox) => mailbox.id === repairing) ?? useMailboxesStore.getState().items.find((mailbox) => mailbox.id === repairing);
  if (waiting.length === 0 && repairing === null) return null;
  return (
    <>
      {waiting.map((mailbox) => (
        <div key={mailbox.id} className="sign-in-banner" role="alert">
          <p>
            <strong>{describeMailboxStatus(mailbox.status, t, language)}</strong>
            <span className="sign-in-banner-address"> — {mailbox.address}. </span>
            {t('statusArea.signInHeld')}
          </p>
          {mailbox.provider === 'imap' ? (
            <button type="button" className="button button-primary button-small" onClick={() => setRepairing(mailbox.id)}>
              {t('statusArea.enterPassword')}
            </button>
          ) : (
            <a className="button button-primary button-small" href={hrefOf({ page: 'settings', section: 'mailboxes' })}>
              {t('statusArea.openSettings')}
            </a>
          )}
        </div>
      ))}
      {repairing !== null && repairedMailbox !== undefined ? (
        <Dialog title={t('statusArea.repairTitle', { address: repairedMailbox.address })} onClose={() => setRepairing(null)}>
          <MailboxRepairForm mailbox={repairedMailbox} mode="password" autoFocus onDone={() => setRepairing(null)} />
        </Dialog>
      ) : null}
    </>
  );
}
