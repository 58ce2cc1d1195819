import { takePageRequest, usePageRequestStore } from '../stores/page-request-store.js';
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { JobSummary } from '../../../shared/model.js';
import { EmptyState } from '../components/empty-state.js';
import { ErrorNotice } from '../components/error-notice.js';
import { BriefcaseIcon } from '../components/icons.js';
import { PageHeader } from '../components/page-header.js';
import { VirtualList } from '../components/virtual-list.js';
import { formatDate } from '../format.js';
import { canManageCandidates } from '../permissions.js';
import { createJob } from '../stores/job-detail-store.js';
import type { JobFilter } from '../stores/lists.js';
import { useJobsStore } from '../stores/lists.js';
import { hrefOf, navigateTo } from '../stores/navigation-store.js';
import { usePreferencesStore } from '../stores/preferences-store.js';
import { useSessionStore } from '../stores/session-store.js';
import { JobFormDialog } from './job-form.js';

const filters: JobFilter[] = ['open', 'archived', 'all'];
const filterLabelKey = { open: 'jobs.filterOpen', archived: 'jobs.filterArchived', all: 'jobs.filterAll' } as const;
const emptyKeys = {
  open: { title: 'jobs.emptyOpenTitle', body: 'jobs.emptyOpenBody' },
  archived: { title: 'jobs.emptyArchivedTitle', body: 'jobs.emptyArchivedBody' },
  all: { title: 'jobs.emptyAllTitle', body: 'jobs.emptyAllBody' },
} as const;

/** Jobs, open ones first, with a filter for archived ones (R7); "New job" for admins and recruiters. */
export function JobsPage() {
  const { t } = useTranslation();
  const jobs = useJobsStore();
  const filter = jobs.params.status;
  const groupName = useId();
  const role = useSessionStore((state) => state.session?.user.role);
  const mayManage = role !== undefined && canManageCandidates(role);
  const [creating, setCreating] = useState(false);

  useEffect(() => {
    const store = useJobsStore.getState();
    void store.load(store.params);
  }, []);
  // "New job" from the command palette.
  const request = usePageRequestStore((state) => state.request);
  useEffect(() => {
    if (mayManage && takePageRequest('new-job')) setCreating(true);
  }, [request, mayManage]);

  return (
    <div className="page-body">
      <PageHeader title={t('jobs.title')}>
        <fieldset className="segmented">
          <legend className="visually-hidden">{t('jobs.filterLabel')}</legend>
          {filters.map((value) => (
            <label key={value} className="segment">
              <input
                type="radio"
                name={groupName}
                value={value}
                checked={filter === value}
                onChange={() => void jobs.load({ status: value })}
              />
              <span>{t(filterLabelKey[value])}</span>
            </label>
          ))}
        </fieldset>
        {mayManage ? (
          <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
            <span aria-hidden="true">+</span> {t('jobs.new')}
          </button>
        ) : null}
      </PageHeader>
      {jobs.status === 'error' && jobs.error ? (
        <ErrorNotice error={jobs.error} onRetry={() => void jobs.load()} />
      ) : jobs.status !== 'ready' ? (
        <p className="loading" role="status">
          {t('app.loading')}
        </p>
      ) : jobs.items.length === 0 ? (
        <EmptyState icon={<BriefcaseIcon size={28} />} title={t(emptyKeys[filter].title)}>
          <p>{t(emptyKeys[filter].body)}</p>
        </EmptyState>
      ) : (
        <>
          {jobs.error ? <ErrorNotice error={jobs.error} onRetry={() => void jobs.refresh()} /> : null}
          <VirtualList
            items={jobs.items}
            label={t('jobs.listLabel')}
            rowHeight={64}
            getKey={(job) => job.id}
            renderRow={(job) => <JobRow job={job} showStatus={filter === 'all'} />}
            onEndReached={jobs.loadMore}
            hasMore={jobs.nextCursor !== null}
            loadingMore={jobs.loadingMore}
            loadingMoreText={t('jobs.loadingMore')}
          />
        </>
      )}
      {creating ? (
        <JobFormDialog
          dialogTitle={t('jobForm.newTitle')}
          submitLabel={t('jobForm.create')}
          submittingLabel={t('jobForm.creating')}
          onClose={() => setCreating(false)}
          onSubmit={async (values) => {
            const result = await createJob(values);
            if (result.ok) {
              setCreating(false);
              navigateTo({ page: 'jobs', jobId: result.value.id });
            }
            return result;
          }}
        />
      ) : null}
    </div>
  );
}

/** A job; its status shows only where the list mixes open and archived jobs. */
function JobRow({ job, showStatus }: { job: JobSummary; showStatus: boolean }) {
  const { t } = useTranslation();
  const language = usePreferencesStore((state) => state.language);
  return (
    <a className="job-row row-link" href={hrefOf({ page: 'jobs', jobId: job.id })}>
      <span className="job-text">
        <span className="job-title">{job.title}</span>
        <span className="job-meta">
          {t('jobs.candidateCount', { count: job.candidateCount })} ·{' '}
          {t('jobs.createdAt', { date: formatDate(job.createdAt, language) })}
        </span>
      </span>
      {showStatus ? (
        <span className={job.status === 'open' ? 'badge badge-success' : 'badge badge-muted'}>
          {job.status === 'open' ? t('jobs.statusOpen') : t('jobs.statusArchived')}
        </span>
      ) : null}
    </a>
  );
}
