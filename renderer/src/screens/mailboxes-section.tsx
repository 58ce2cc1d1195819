import './mailboxes-section.css';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CardList } from '../components/card-list.js';
import { EmptyState } from '../components/empty-state.js';
import { ErrorNotice } from '../components/error-notice.js';
import { MailboxIcon } from '../components/icons.js';
import { useMailboxesStore } from '../stores/lists.js';
import { closeConnectForm, openConnectForm, useMailboxActivityStore } from '../stores/mailbox-store.js';
import { ConnectMailboxForm } from './connect-mailbox-form.js';
import { MailboxOlderMailOffers } from './older-mail-offer.js';
import { MailboxRow } from './mailbox-card.js';

/**
 * Settings › Mailboxes: the connected mailboxes with their status as it changes (R14),
 * "Sync now", the folders Hirebox scans (R9), and "Connect a mailbox" (R11).
 */
export function MailboxesSection() {
  const { t } = useTranslation();
  const mailboxes = useMailboxesStore();
  const formOpen = useMailboxActivityStore((state) => state.connectFormOpen);
  const connectAddress = useMailboxActivityStore((state) => state.connectAddress);
  const justConnected = useMailboxActivityStore((state) => state.justConnected);
  const headingId = useId();
  // The form takes focus when opened here; a link from elsewhere lands on the page's title.
  const [focusForm, setFocusForm] = useState(false);
  const connectButton = useRef<HTMLButtonElement>(null);
  const greeting = useRef<HTMLDivElement>(null);

  useEffect(() => {
    void useMailboxesStore.getState().load();
  }, []);

  useEffect(() => {
    // The greeting belongs to this visit of the page.
    return () => useMailboxActivityStore.setState({ justConnected: null });
  }, []);

  const connected = justConnected === null ? undefined : mailboxes.items.find((mailbox) => mailbox.id === justConnected);
  useEffect(() => {
    // The form that had focus is gone; continue from the words that say what happened.
    if (connected) greeting.current?.focus();
  }, [connected?.id]);

  function open() {
    setFocusForm(true);
    openConnectForm();
  }

  function cancel() {
    closeConnectForm();
    requestAnimationFrame(() => connectButton.current?.focus());
  }

  const ready = mailboxes.status === 'ready';
  const empty = ready && mailboxes.items.length === 0;

  return (
    <section className="settings-section" aria-labelledby={headingId}>
      <header className="section-header">
        <h2 id={headingId}>{t('settings.mailboxes.title')}</h2>
        <p>{t('settings.mailboxes.description')}</p>
      </header>
      {connected ? (
        <div ref={greeting} className="notice notice-success mailbox-greeting" role="status" tabIndex={-1}>
          <p>{t(connected.provider === 'microsoft' ? 'settings.mailboxes.justConnectedMicrosoft' : 'settings.mailboxes.justConnected', { address: connected.address })}</p>
        </div>
      ) : null}
      <MailboxOlderMailOffers />
      {mailboxes.status === 'error' && mailboxes.error ? (
        <ErrorNotice error={mailboxes.error} onRetry={() => void mailboxes.load()} />
      ) : !ready ? (
        <p className="loading" role="status">
          {t('app.loading')}
        </p>
      ) : empty ? (
        <EmptyState
          icon={<MailboxIcon size={28} />}
          title={t('settings.mailboxes.emptyTitle')}
          action={
            formOpen ? undefined : (
              <button ref={connectButton} type="button" className="button button-primary" onClick={open}>
                {t('settings.mailboxes.connect')}
              </button>
            )
          }
        >
          <p>{t('settings.mailboxes.emptyBody')}</p>
        </EmptyState>
      ) : (
        <>
          {mailboxes.error ? <ErrorNotice error={mailboxes.error} onRetry={() => void mailboxes.refresh()} /> : null}
          <CardList className="mailbox-list" aria-label={t('settings.mailboxes.listLabel')}>
            {mailboxes.items.map((mailbox) => (
              <MailboxRow key={mailbox.id} mailbox={mailbox} />
            ))}
          </CardList>
          {formOpen ? null : (
            <div className="section-actions">
              <button ref={connectButton} type="button" className="button button-secondary" onClick={open}>
                <span aria-hidden="true">+</span> {t('settings.mailboxes.connectAnother')}
              </button>
            </div>
          )}
        </>
      )}
      {ready && formOpen ? <ConnectMailboxForm key={connectAddress} onCancel={cancel} autoFocus={focusForm} /> : null}
    </section>
  );
}
