import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { ThreadSummary } from '../../../shared/model.js';
import { EmptyState } from '../components/empty-state.js';
import { ErrorNotice } from '../components/error-notice.js';
import { InboxIcon, MailboxIcon, PaperclipIcon } from '../components/icons.js';
import { PageHeader } from '../components/page-header.js';
import { VirtualList } from '../components/virtual-list.js';
import { formatListDate } from '../format.js';
import { useInboxStore, useMailboxesStore } from '../stores/lists.js';
import { openConnectForm } from '../stores/mailbox-store.js';
import { hrefOf } from '../stores/navigation-store.js';
import { usePreferencesStore } from '../stores/preferences-store.js';

/** Threads with candidates, newest first; when empty, how mail gets here. */
export function InboxPage() {
  const { t } = useTranslation();
  const inbox = useInboxStore();
  const mailboxes = useMailboxesStore();

  useEffect(() => {
    void useInboxStore.getState().load();
    void useMailboxesStore.getState().load();
  }, []);

  const settled = inbox.status === 'ready' && mailboxes.status !== 'idle' && mailboxes.status !== 'loading';

  return (
    <div className="page-body">
      <PageHeader title={t('inbox.title')} />
      {inbox.status === 'error' && inbox.error ? (
        <ErrorNotice error={inbox.error} onRetry={() => void inbox.load()} />
      ) : !settled ? (
        <p className="loading" role="status">
          {t('app.loading')}
        </p>
      ) : inbox.items.length === 0 ? (
        mailboxes.status === 'ready' && mailboxes.items.length === 0 ? (
          <EmptyState
            icon={<MailboxIcon size={28} />}
            title={t('inbox.noMailboxTitle')}
            action={
              // Lands on the form itself, not just the section.
              <a className="button button-primary" href={hrefOf({ page: 'settings', section: 'mailboxes' })} onClick={openConnectForm}>
                {t('inbox.noMailboxAction')}
              </a>
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
            items={inbox.items}
            label={t('inbox.listLabel')}
            rowHeight={84}
            getKey={(thread) => thread.id}
            renderRow={(thread) => <ThreadRow thread={thread} />}
            onEndReached={inbox.loadMore}
            hasMore={inbox.nextCursor !== null}
            loadingMore={inbox.loadingMore}
            loadingMoreText={t('inbox.loadingMore')}
          />
        </>
      )}
    </div>
  );
}

function ThreadRow({ thread }: { thread: ThreadSummary }) {
  const { t } = useTranslation();
  const language = usePreferencesStore((state) => state.language);
  const names = thread.candidates.map((candidate) => candidate.name).join(', ');
  return (
    <article className={thread.unread ? 'thread-row thread-unread' : 'thread-row'}>
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
      <p className="thread-snippet">{thread.snippet}</p>
    </article>
  );
}
