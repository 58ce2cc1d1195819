import './inbox-page.css';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ThreadSummary } from '../../../shared/model.js';
import { EmptyState } from '../components/empty-state.js';
import { SampleDataOffer } from './sample-data-offer.js';
import { ErrorNotice } from '../components/error-notice.js';
import { InboxIcon, MailboxIcon, PaperclipIcon } from '../components/icons.js';
import { dialogOpen, isTypingTarget } from '../components/keyboard.js';
import { VirtualList } from '../components/virtual-list.js';
import { formatListDate } from '../format.js';
import type { InboxFilters } from '../stores/lists.js';
import { useInboxStore, useMailboxesStore, useOpenJobChoicesStore } from '../stores/lists.js';
import { openConnectForm } from '../stores/mailbox-store.js';
import { hrefOf, navigateTo, useNavigationStore } from '../stores/navigation-store.js';
import { usePreferencesStore } from '../stores/preferences-store.js';
import { openShortcuts } from '../stores/shortcuts-store.js';
import { setThreadRead, useThreadStore } from '../stores/thread-store.js';
import { newestForwardable, startForward } from './composer-forward.js';
import { startReply } from './composer.js';
import { ThreadPickerDialog } from './thread-picker.js';
import { useComposeContextStore } from '../stores/compose-context-store.js';
import { useOutboxStore } from '../stores/outbox-store.js';
import { reasonBadgeClass, ThreadView } from './thread-view.js';

const rowHeight = 92;

/**
 * The candidate inbox: filters, the conversation list (virtualised, paged by key) and the
 * reading pane beside it. J/K move, Enter opens, Esc goes back, U toggles unread, ? lists
 * the shortcuts (docs/decisions.md "Inbox I").
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

  const onKeyDown = useCallback(
    (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      if (isTypingTarget(event.target) || dialogOpen()) return;
      const { items: threads } = useInboxStore.getState();
      const index = cursorId === null ? -1 : threads.findIndex((thread) => thread.id === cursorId);
      const move = (to: number) => {
        const next = threads[Math.max(0, Math.min(threads.length - 1, to))];
        if (next) setCursorId(next.id);
        if (to >= threads.length - 5) void useInboxStore.getState().loadMore();
      };
      switch (event.key) {
        case 'j':
          event.preventDefault();
          move(index + 1);
          break;
        case 'k':
          event.preventDefault();
          move(index <= 0 ? 0 : index - 1);
          break;
        case 'Enter':
          if (cursorId !== null && (event.target === document.body || (event.target instanceof Element && event.target.closest('.virtual-scroll, .page, .thread-view')))) {
            // A focused button or link keeps its own Enter.
            if (event.target instanceof Element && event.target.closest('button, a[href]')) return;
            event.preventDefault();
            navigateTo({ page: 'inbox', threadId: cursorId });
          }
          break;
        case 'Escape':
          if (threadId !== undefined) {
            event.preventDefault();
            navigateTo({ page: 'inbox' });
            focusList();
          }
          break;
        case 'u': {
          const thread = threads[index];
          if (thread) {
            event.preventDefault();
            void setThreadRead(thread.id, thread.unread);
            if (thread.id === threadId) void useThreadStore.getState().reload();
          }
          break;
        }
        case 'r':
        case 'a': {
          // Compose (writing mail): reply (all) to the open conversation.
          const open = useThreadStore.getState();
          if (threadId !== undefined && open.threadId === threadId && open.thread) {
            event.preventDefault();
            startReply(open.thread, event.key === 'a' ? 'reply-all' : 'reply');
          }
          break;
        }
        case 'f': {
          // Forward the newest mail of the open conversation that is linked to a candidate (R6).
          const open = useThreadStore.getState();
          const message = open.thread && open.threadId === threadId ? newestForwardable(open.thread) : null;
          if (open.thread && message) {
            event.preventDefault();
            startForward(open.thread, message);
          }
          break;
        }
        case 'c': {
          // C writes to the candidate of the conversation under the cursor (or the open one): which conversation first (R6).
          const thread = threads[index] ?? threads.find((candidate) => candidate.id === threadId);
          const candidate = thread?.candidates.find((link) => link.reason !== 'forward') ?? thread?.candidates[0];
          if (candidate) {
            event.preventDefault();
            if (useOutboxStore.getState().drafts[`candidate:${candidate.id}`]) navigateTo({ page: 'candidates', candidateId: candidate.id });
            else setWriteTo(candidate.id);
          }
          break;
        }
        case '?':
          event.preventDefault();
          openShortcuts();
          break;
        default:
          break;
      }
    },
    [cursorId, threadId, focusList],
  );

  useEffect(() => {
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [onKeyDown]);

  const settled = inbox.status === 'ready' && mailboxes.status !== 'idle' && mailboxes.status !== 'loading';
  const filtered = Object.values(inbox.params).some(Boolean);

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
        <InboxFilterBar />
        {inbox.status === 'error' && inbox.error ? (
          <ErrorNotice error={inbox.error} onRetry={() => void inbox.load()} />
        ) : !settled ? (
          <p className="loading" role="status">
            {t('app.loading')}
          </p>
        ) : items.length === 0 ? (
          filtered ? (
            <EmptyState icon={<InboxIcon size={28} />} title={t('mail.noMatchTitle')} action={<button type="button" className="button button-secondary" onClick={() => void useInboxStore.getState().load({})}>{t('mail.clearFilters')}</button>}>
              <p>{t('mail.noMatchBody')}</p>
            </EmptyState>
          ) : mailboxes.status === 'ready' && mailboxes.items.length === 0 ? (
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
          ) : (
            <EmptyState icon={<InboxIcon size={28} />} title={t('inbox.emptyTitle')}>
              <p>{t('inbox.emptyBody')}</p>
            </EmptyState>
          )
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

function InboxFilterBar() {
  const { t } = useTranslation();
  const params = useInboxStore((state) => state.params);
  const mailboxes = useMailboxesStore((state) => state.items);
  const jobs = useOpenJobChoicesStore((state) => state.items);
  const apply = (changes: Partial<InboxFilters>) => {
    const next: InboxFilters = { ...params, ...changes };
    for (const key of Object.keys(next) as (keyof InboxFilters)[]) if (!next[key]) delete next[key];
    void useInboxStore.getState().load(next);
  };
  return (
    <div className="inbox-filters" role="group" aria-label={t('mail.filtersLabel')}>
      {mailboxes.length > 1 ? (
        <select className="select select-compact" aria-label={t('mail.mailboxFilter')} value={params.mailboxId ?? ''} onChange={(event) => apply({ mailboxId: event.currentTarget.value })}>
          <option value="">{t('mail.allMailboxes')}</option>
          {mailboxes.map((mailbox) => (
            <option key={mailbox.id} value={mailbox.id}>
              {mailbox.address}
            </option>
          ))}
        </select>
      ) : null}
      <select className="select select-compact" aria-label={t('mail.jobFilter')} value={params.jobId ?? ''} onChange={(event) => apply({ jobId: event.currentTarget.value })}>
        <option value="">{t('mail.allJobs')}</option>
        {jobs.map((job) => (
          <option key={job.id} value={job.id}>
            {job.title}
          </option>
        ))}
      </select>
      <button type="button" className="filter-toggle" aria-pressed={params.unread === true} onClick={() => apply({ unread: !params.unread })}>
        {t('mail.unreadOnly')}
      </button>
      <button
        type="button"
        className="filter-toggle"
        aria-pressed={params.waitingForReply === true}
        title={t('mail.waitingOnly')}
        onClick={() => apply({ waitingForReply: !params.waitingForReply })}
      >
        {t('mail.waiting')}
      </button>
      <button type="button" className="filter-toggle" aria-pressed={params.assignedToMe === true} onClick={() => apply({ assignedToMe: !params.assignedToMe })}>
        {t('threadTeam.assignedToMe')}
      </button>
    </div>
  );
}

/** One conversation in a list: who, which job, from whom, what, when, and its marks. */
export function ThreadRow({ thread, active = false, open = false, inList = false }: { thread: ThreadSummary; active?: boolean; open?: boolean; inList?: boolean }) {
  const { t } = useTranslation();
  const language = usePreferencesStore((state) => state.language);
  const names = thread.candidates.map((candidate) => candidate.name).join(', ');
  const forwarded = thread.candidates.some((candidate) => candidate.reason === 'forward');
  const senderName = thread.from ? thread.from.name || thread.from.address : '';
  // The sender is named only when it is not the candidate the row already names (a reply of ours, a colleague).
  const sender = thread.candidates.some((candidate) => candidate.name === senderName) ? '' : senderName;
  const className = ['thread-row', thread.unread ? 'thread-unread' : null, active ? 'thread-active' : null, open ? 'thread-open' : null].filter(Boolean).join(' ');
  return (
    <a className={className} href={hrefOf({ page: 'inbox', threadId: thread.id })} aria-current={active ? 'true' : undefined} data-thread-id={thread.id} tabIndex={inList ? -1 : undefined}>
      <div className="thread-line">
        <span className="unread-mark" aria-hidden={!thread.unread}>
          {thread.unread ? <span className="visually-hidden">{t('inbox.unread')}</span> : null}
        </span>
        <span className="thread-names">{names}</span>
        {thread.messageCount > 1 ? (
          <span className="thread-count" title={t('inbox.messageCount', { count: thread.messageCount })}>
            <span aria-hidden="true">{thread.messageCount}</span>
            <span className="visually-hidden">{t('inbox.messageCount', { count: thread.messageCount })}</span>
          </span>
        ) : null}
        {thread.hasAttachments ? (
          <span className="thread-attachment" title={t('inbox.attachments')}>
            <PaperclipIcon />
            <span className="visually-hidden">{t('inbox.attachments')}</span>
          </span>
        ) : null}
        <time className="thread-date" dateTime={thread.lastMessageAt}>
          {formatListDate(thread.lastMessageAt, language)}
        </time>
      </div>
      <p className="thread-subject">{thread.subject || t('inbox.noSubject')}</p>
      <p className="thread-snippet">
        <span className="thread-from">{sender}</span>
        {sender && thread.snippet ? ' — ' : ''}
        {thread.snippet}
      </p>
      <div className="thread-marks">
        {thread.jobs.slice(0, 2).map((job) => (
          <span key={job.id} className="thread-job" title={job.title}>
            {job.title}
          </span>
        ))}
        {forwarded ? (
          <span className={reasonBadgeClass('forward')} data-reason="forward">
            {t('mail.reason.forward')}
          </span>
        ) : null}
        {thread.waitingForReply ? <span className="thread-waiting">{t('mail.waiting')}</span> : null}
        {thread.assignee ? <span className="thread-assignee">{t('threadTeam.assignedTo', { name: thread.assignee.name })}</span> : null}
      </div>
    </a>
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
