import { memo, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { CandidateListItem, CandidateSort } from '../../../shared/model.js';
import { stages } from '../../../shared/model.js';
import { formatListDate, initialsOf } from '../format.js';
import type { CandidateListParams } from '../stores/lists.js';
import { defaultDirection, showCandidates, useCandidatesStore, useJobFilterChoicesStore } from '../stores/lists.js';
import { hrefOf } from '../stores/navigation-store.js';
import { usePreferencesStore } from '../stores/preferences-store.js';
import './candidate-table.css';

/** Applications shown in a row; the rest are counted ("+2"). Rows have a fixed height. */
const shownApplications = 2;

/**
 * The candidate list's column headers. Name, stage and last contact sort (in the engine):
 * each is a button inside its `columnheader`, which carries `aria-sort`; choosing the
 * column sorted already turns its direction around.
 */
export function CandidateTableHeader() {
  const { t } = useTranslation();
  const { sort, direction } = useCandidatesStore((state) => state.params);
  const sortable = (column: CandidateSort, label: string) => {
    const active = sort === column;
    const next = active ? (direction === 'asc' ? 'desc' : 'asc') : defaultDirection(column);
    return (
      <div role="columnheader" className="candidate-cell" aria-sort={active ? (direction === 'asc' ? 'ascending' : 'descending') : 'none'}>
        <button
          type="button"
          className="column-sort"
          onClick={() => showCandidates({ sort: column, direction: next })}
          title={t(next === 'asc' ? 'candidates.sortAscending' : 'candidates.sortDescending', { column: label })}
        >
          {label}
          <span className="column-sort-mark" aria-hidden="true">
            {active ? (direction === 'asc' ? '▲' : '▼') : '↕'}
          </span>
        </button>
      </div>
    );
  };
  return (
    <div role="rowgroup" className="candidate-table-head">
      <div role="row" className="candidate-grid">
        {sortable('name', t('candidates.columnName'))}
        <div role="columnheader" className="candidate-cell">
          {t('candidates.columnJobs')}
        </div>
        {sortable('stage', t('candidates.columnStage'))}
        {sortable('last-contact', t('candidates.columnLastContact'))}
      </div>
    </div>
  );
}

/** Filters by job and stage; the engine applies them (they only narrow what the viewer may see). */
export function CandidateFilters() {
  const { t } = useTranslation();
  const params = useCandidatesStore((state) => state.params);
  const jobs = useJobFilterChoicesStore();
  useEffect(() => {
    void useJobFilterChoicesStore.getState().load();
  }, []);
  const filtered = params.jobId !== undefined || params.stage !== undefined;
  return (
    <div className="candidate-filters" role="group" aria-label={t('candidates.filtersLabel')}>
      <label className="candidate-filter">
        <span>{t('candidates.filterJob')}</span>
        <select
          className="select"
          value={params.jobId ?? ''}
          onChange={(event) => showCandidates({ jobId: event.currentTarget.value || undefined })}
        >
          <option value="">{t('candidates.allJobs')}</option>
          {jobs.items.map((job) => (
            <option key={job.id} value={job.id}>
              {job.status === 'archived' ? t('candidates.archivedJob', { title: job.title }) : job.title}
            </option>
          ))}
        </select>
      </label>
      <label className="candidate-filter">
        <span>{t('candidates.filterStage')}</span>
        <select
          className="select"
          value={params.stage ?? ''}
          onChange={(event) => showCandidates({ stage: (event.currentTarget.value || undefined) as CandidateListParams['stage'] })}
        >
          <option value="">{t('candidates.allStages')}</option>
          {stages.map((stage) => (
            <option key={stage} value={stage}>
              {t(`stage.${stage}`)}
            </option>
          ))}
        </select>
      </label>
      {filtered ? (
        <button type="button" className="button button-quiet" onClick={() => showCandidates({ jobId: undefined, stage: undefined })}>
          {t('candidates.clearFilters')}
        </button>
      ) : null}
    </div>
  );
}

/**
 * One candidate: name (a link to the profile that covers the whole row, so the row opens
 * with a click and Enter), jobs with their stages, and the last contact. Memoised: while
 * scrolling, rows that stay in view do not render again.
 */
export const CandidateRow = memo(function CandidateRow({ candidate, jobId }: { candidate: CandidateListItem; jobId: string | undefined }) {
  const { t } = useTranslation();
  const language = usePreferencesStore((state) => state.language);
  // With a job filter, that job's application comes first.
  const applications = jobId === undefined ? candidate.applications : [...candidate.applications].sort((a, b) => Number(b.jobId === jobId) - Number(a.jobId === jobId));
  const shown = applications.slice(0, shownApplications);
  const more = applications.length - shown.length;
  const moreTitle = applications.slice(shownApplications).map((application) => `${application.jobTitle}: ${t(`stage.${application.stage}`)}`).join('\n');
  return (
    <div className="candidate-row candidate-grid">
      <div role="cell" className="candidate-cell candidate-name-cell">
        <span className="avatar" aria-hidden="true">
          {initialsOf(candidate.name)}
        </span>
        <span className="candidate-text">
          <a className="candidate-name candidate-link" href={hrefOf({ page: 'candidates', candidateId: candidate.id })}>
            {candidate.name}
          </a>
          <span className="candidate-email">{candidate.primaryEmail}</span>
        </span>
        <span className="badges">
          {candidate.internal ? (
            <span className="badge badge-info" title={t('candidates.internalHint')}>
              {t('candidates.internal')}
            </span>
          ) : null}
          {!candidate.synced ? (
            <span className="badge badge-muted" title={t('candidates.notSyncedHint')}>
              {t('candidates.notSynced')}
            </span>
          ) : null}
        </span>
      </div>
      <div role="cell" className="candidate-cell candidate-lines">
        {shown.length === 0 ? <span className="candidate-none">{t('candidates.noJob')}</span> : null}
        {shown.map((application, index) => (
          <span key={application.jobId} className="candidate-line-wrap">
            <span className="candidate-line" title={application.jobTitle}>
              {application.jobTitle}
              {application.jobStatus === 'archived' ? <span className="candidate-archived"> · {t('jobs.statusArchived')}</span> : null}
            </span>
            {more > 0 && index === shown.length - 1 ? (
              <span className="candidate-more" title={moreTitle}>
                {t('candidates.moreJobs', { count: more })}
              </span>
            ) : null}
          </span>
        ))}
      </div>
      <div role="cell" className="candidate-cell candidate-lines">
        {shown.map((application) => (
          <span key={application.jobId} className={`candidate-line stage-badge stage-badge-${application.stage}`}>
            {t(`stage.${application.stage}`)}
          </span>
        ))}
      </div>
      <div role="cell" className="candidate-cell candidate-last-contact">
        {candidate.lastContactAt === null ? (
          <span className="candidate-none">{t('candidates.noContact')}</span>
        ) : (
          <time dateTime={candidate.lastContactAt}>{formatListDate(candidate.lastContactAt, language)}</time>
        )}
      </div>
    </div>
  );
});
