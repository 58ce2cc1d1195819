import { useTranslation } from 'react-i18next';
import type { InboxFilters } from '../stores/lists.js';
import { useInboxStore, useOpenJobChoicesStore } from '../stores/lists.js';
import { MailboxFilter } from './mailbox-filter.js';

/** The inbox's filters: mailbox (with more than one), job, unread, waiting for a reply, assigned to me. */
export function InboxFilterBar() {
  const { t } = useTranslation();
  const params = useInboxStore((state) => state.params);
  const jobs = useOpenJobChoicesStore((state) => state.items);
  const apply = (changes: Partial<InboxFilters>) => {
    const next: InboxFilters = { ...params, ...changes };
    for (const key of Object.keys(next) as (keyof InboxFilters)[]) if (!next[key]) delete next[key];
    void useInboxStore.getState().load(next);
  };
  return (
    <div className="inbox-filters" role="group" aria-label={t('mail.filtersLabel')}>
      <MailboxFilter value={params.mailboxId} onChange={(mailboxId) => apply({ mailboxId })} />
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