import './thread-row.css';
import { useTranslation } from 'react-i18next';
import type { ThreadSummary } from '../../../shared/model.js';
import { PaperclipIcon } from '../components/icons.js';
import { formatListDate } from '../format.js';
import { hrefOf } from '../stores/navigation-store.js';
import { usePreferencesStore } from '../stores/preferences-store.js';
import { reasonBadgeClass } from './thread-view.js';

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