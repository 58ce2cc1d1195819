import './inbox-page.css';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../components/empty-state.js';
import { ErrorNotice } from '../components/error-notice.js';
import { InboxIcon, MailboxIcon } from '../components/icons.js';
import { VirtualList } from '../components/virtual-list.js';
import { useComposeContextStore } from '../stores/compose-context-store.js';
import { useInboxStore, useMailboxesStore, useOpenJobChoicesStore } from '../stores/lists.js';
import { openConnectForm } from '../stores/mailbox-store.js';
import { hrefOf, navigateTo, useNavigationStore } from '../stores/navigation-store.js';
import { openShortcuts } from '../stores/shortcuts-store.js';
import { useThreadStore } from '../stores/thread-store.js';
import { InboxFilterBar } from './inbox-filter-bar.js';
import { useInboxKeys } from './inbox-keys.js';
import { SampleDataBanner } from './sample-data-banner.js';
import { SampleDataOffer } from './sample-data-offer.js';
import { ThreadPickerDialog } from './thread-picker.js';
import { ThreadRow } from './thread-row.js';
import { ThreadView } from './thread-view.js';

const rowHeight = 92;

/**
 * The candidate inbox: filters, the conversation list (virtualised, paged by key) and the
 * reading pane beside it, driven by the keyboard as well (`useInboxKeys`).
 */
export function InboxPage({ threadId }: { threadId?: string | undefined }) {
  const { t } = useTranslation();
  const inbox = useInboxStore();
  const mailboxes = useMailboxesStore();
  const [cursorId, setCursorId] = useState<string | null>(threadId ?? null);
  /** The candidate `c` writes to: the thread picker, then their profile with the composer. */
  const [writeTo, setWriteTo] = useState<string | null>(null);
  const listPane = useRef<HTMLDivElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  // Like PageHeader: arriving here from another page (or with focus lost) starts at the title;
  // opening and closing conversations within the inbox keeps focus where the user is.
  useEffect(() => {
    const focusLost = document.activeElement === null || document.activeElement === document.body;
    if (useNavigationStore.getState().navigations > 0 || focusLost) heading.current?.focus({ preventScroll: true });
  }, []);

  useEffect(() => {
    void useInboxStore.getState().load();
    void useMailboxesStore.getState().load();
    void useOpenJobChoicesStore.getState().load();
  }, []);

  useEffect(() => {
    if (threadId !== undefined) setCursorId(threadId);
    else useThreadStore.getState().close();
  }, [threadId]);

  const items = inbox.items;
  const cursorIndex = cursorId === null ? -1 : items.findIndex((thread) => thread.id === cursorId);
  const focusList = useCallback(() => listPane.current?.querySelector<HTMLElement>('.virtual-scroll')?.focus(), []);
  const onKeyDown = useInboxKeys({ cursorId, setCursorId, threadId, focusList, writeTo: setWriteTo });
  const settled = inbox.status === 'ready' && mailboxes.status !== 'idle' && mailboxes.status !== 'loading';

  return (
    <div className="inbox-layout">
      <section className="inbox-list-pane" ref={listPane} aria-labelledby="inbox-title">
        <header className="inbox-header">
          <h1 id="inbox-title" ref={heading} tabIndex={-1}>
            {t('inbox.title')}
          </h1>
          <button type="button" className="kbd-hint" onClick={() => openShortcuts()} title={t('mail.shortcutsHint')} aria-label={t('mail.shortcutsTitle')}>
            ?
          </button>
        </header>
        <SampleDataBanner />
        <InboxFilterBar />
        {inbox.status === 'error' && inbox.error ? (
          <ErrorNotice error={inbox.error} onRetry={() => void inbox.load()} />
        ) : !settled ? (
          <p className="loading" role="status">
            {t('app.loading')}
          </p>
        ) : items.length === 0 ? (
          <InboxEmpty />
        ) : (
          <>
            {inbox.error ? <ErrorNotice error={inbox.error} onRetry={() => void inbox.refresh()} /> : null}
            <VirtualList
              items={items}
              label={t('inbox.listLabel')}
              rowHeight={rowHeight}
              getKey={(thread) => thread.id}
              // Rows are reached with J/K in the list (one tab stop for the whole list), not by Tab each.
              renderRow={(thread) => <ThreadRow thread={thread} active={thread.id === cursorId} open={thread.id === threadId} inList />}
              onEndReached={inbox.loadMore}
              hasMore={inbox.nextCursor !== null}
              loadingMore={inbox.loadingMore}
              loadingMoreText={t('inbox.loadingMore')}
              activeIndex={cursorIndex}
            />
          </>
        )}
      </section>
      <section className="reading-pane" aria-label={t('mail.readingPane')}>
        {threadId !== undefined ? (
          <ThreadView
            threadId={threadId}
            onKeyDown={onKeyDown}
            onClose={() => {
              navigateTo({ page: 'inbox' });
              focusList();
            }}
          />
        ) : (
          <div className="reading-empty">
            <InboxIcon size={32} />
            <p className="reading-empty-title">{t('mail.selectTitle')}</p>
            <p className="reading-empty-body">{t('mail.selectBody')}</p>
          </div>
        )}
      </section>
      {writeTo !== null ? <WritePicker candidateId={writeTo} onClose={() => setWriteTo(null)} /> : null}
    </div>
  );
}

/** No conversation to list: because of the filters, because no mailbox is connected yet, or none has come. */
function InboxEmpty() {
  const { t } = useTranslation();
  const filtered = useInboxStore((state) => Object.values(state.params).some(Boolean));
  const noMailbox = useMailboxesStore((state) => state.status === 'ready' && state.items.length === 0);
  if (filtered) {
    return (
      <EmptyState
        icon={<InboxIcon size={28} />}
        title={t('mail.noMatchTitle')}
        action={
          <button type="button" className="button button-secondary" onClick={() => void useInboxStore.getState().load({})}>
            {t('mail.clearFilters')}
          </button>
        }
      >
        <p>{t('mail.noMatchBody')}</p>
      </EmptyState>
    );
  }
  if (noMailbox) {
    return (
      <EmptyState
        icon={<MailboxIcon size={28} />}
        title={t('inbox.noMailboxTitle')}
        action={
          <>
            {/* Lands on the form itself, not just the section. */}
            <a className="button button-primary" href={hrefOf({ page: 'settings', section: 'mailboxes' })} onClick={() => openConnectForm()}>
              {t('inbox.noMailboxAction')}
            </a>
            <SampleDataOffer variant="inbox" />
          </>
        }
      >
        <p>{t('inbox.noMailboxBody')}</p>
      </EmptyState>
    );
  }
  return (
    <EmptyState icon={<InboxIcon size={28} />} title={t('inbox.emptyTitle')}>
      <p>{t('inbox.emptyBody')}</p>
    </EmptyState>
  );
}

/** `c` in the inbox: the candidate's profile loaded, their thread picker; the composer waits on their profile. */
function WritePicker({ candidateId, onClose }: { candidateId: string; onClose: () => void }) {
  const profile = useComposeContextStore((state) => state.candidates[candidateId] ?? null);
  useEffect(() => {
    void useComposeContextStore.getState().ensure(candidateId);
  }, [candidateId]);
  if (profile === null) return null;
  return <ThreadPickerDialog profile={profile} onClose={onClose} onStarted={() => navigateTo({ page: 'candidates', candidateId })} />;
}
