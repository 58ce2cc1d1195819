import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { SearchHit } from '../../../shared/model.js';
import type { SearchTerm } from '../../../shared/search-text.js';
import { parseSearchText } from '../../../shared/search-text.js';
import { DateInput } from '../components/date-input.js';
import { EmptyState } from '../components/empty-state.js';
import { ErrorNotice } from '../components/error-notice.js';
import { HighlightedText } from '../components/highlighted-text.js';
import { PaperclipIcon, SearchIcon } from '../components/icons.js';
import { formatListDate } from '../format.js';
import { useMailboxesStore } from '../stores/lists.js';
import { hrefOf } from '../stores/navigation-store.js';
import { usePreferencesStore } from '../stores/preferences-store.js';
import type { SearchParams } from '../stores/search-store.js';
import { changeSearchFilters, hasSearchWords, useSearchFieldStore, useSearchJobChoicesStore, useSearchResultsStore } from '../stores/search-store.js';
import { MailboxFilter } from './mailbox-filter.js';
import './search.css';

/**
 * Search results for the rail's search field: filters, then matching mail newest first
 * with the matched words marked. Focus stays in the field while the user types, so this
 * page does not take it (unlike PageHeader).
 */
export function SearchPage() {
  const { t } = useTranslation();
  const results = useSearchResultsStore();
  const text = useSearchFieldStore((state) => state.text);
  const terms = useMemo(() => parseSearchText(results.params.text), [results.params.text]);
  const filtered = Object.entries(results.params).some(([key, value]) => key !== 'text' && Boolean(value));

  useEffect(() => {
    void useMailboxesStore.getState().load();
    void useSearchJobChoicesStore.getState().load();
  }, []);

  return (
    <div className="page-body page-scroll search-page">
      <header className="page-header">
        <h1 id="search-title">{t('search.title')}</h1>
      </header>
      <SearchFilters params={results.params} />
      <section className="search-results" aria-labelledby="search-title" aria-busy={results.status === 'loading'}>
        {!hasSearchWords(text) ? (
          <EmptyState icon={<SearchIcon size={28} />} title={t('search.startTitle')}>
            <p>{t('search.startBody')}</p>
          </EmptyState>
        ) : results.status === 'error' && results.error ? (
          <ErrorNotice error={results.error} onRetry={() => void results.load()} />
        ) : results.status !== 'ready' ? (
          <p className="loading" role="status">
            {t('search.searching')}
          </p>
        ) : results.items.length === 0 ? (
          <EmptyState
            icon={<SearchIcon size={28} />}
            title={t('search.noneTitle')}
            action={
              filtered ? (
                <button type="button" className="button button-secondary" onClick={() => changeSearchFilters({ jobId: '', mailboxId: '', candidate: undefined, hasAttachments: false, since: '', until: '' })}>
                  {t('mail.clearFilters')}
                </button>
              ) : undefined
            }
          >
            <p>{filtered ? t('search.noneFilteredBody') : t('search.noneBody')}</p>
          </EmptyState>
        ) : (
          <>
            <p className="search-count" role="status">
              {results.nextCursor === null ? t('search.count', { count: results.items.length }) : t('search.countMore', { count: results.items.length })}
            </p>
            <ol className="search-hits" aria-label={t('search.resultsLabel')}>
              {results.items.map((hit) => (
                <li key={hit.messageId}>
                  <SearchHitRow hit={hit} terms={terms} />
                </li>
              ))}
            </ol>
            {results.nextCursor !== null ? (
              <button type="button" className="button button-secondary search-more" disabled={results.loadingMore} onClick={() => void results.loadMore()}>
                {results.loadingMore ? t('search.loadingMore') : t('search.showMore')}
              </button>
            ) : null}
          </>
        )}
      </section>
    </div>
  );
}

function SearchFilters({ params }: { params: SearchParams }) {
  const { t } = useTranslation();
  const jobs = useSearchJobChoicesStore((state) => state.items);
  return (
    <div className="inbox-filters search-filters" role="group" aria-label={t('search.filtersLabel')}>
      <select className="select select-compact" aria-label={t('mail.jobFilter')} value={params.jobId ?? ''} onChange={(event) => changeSearchFilters({ jobId: event.currentTarget.value })}>
        <option value="">{t('mail.allJobs')}</option>
        {jobs.map((job) => (
          <option key={job.id} value={job.id}>
            {job.status === 'archived' ? t('search.archivedJob', { title: job.title }) : job.title}
          </option>
        ))}
      </select>
      <MailboxFilter value={params.mailboxId} onChange={(mailboxId) => changeSearchFilters({ mailboxId })} />
      <button type="button" className="filter-toggle" aria-pressed={params.hasAttachments === true} onClick={() => changeSearchFilters({ hasAttachments: !params.hasAttachments })}>
        <PaperclipIcon size={14} />
        {t('search.withAttachments')}
      </button>
      <DateInput label={t('search.since')} value={params.since ?? ''} max={params.until} onChange={(since) => changeSearchFilters({ since })} />
      <DateInput label={t('search.until')} value={params.until ?? ''} min={params.since} onChange={(until) => changeSearchFilters({ until })} />
      {params.candidate ? (
        <span className="search-chip">
          {t('search.onlyCandidate', { name: params.candidate.name })}
          <button type="button" className="search-chip-remove" aria-label={t('search.removeCandidate', { name: params.candidate.name })} onClick={() => changeSearchFilters({ candidate: undefined })}>
            ×
          </button>
        </span>
      ) : null}
    </div>
  );
}

function SearchHitRow({ hit, terms }: { hit: SearchHit; terms: readonly SearchTerm[] }) {
  const { t } = useTranslation();
  const language = usePreferencesStore((state) => state.language);
  const from = hit.from ? (hit.from.name ? `${hit.from.name} <${hit.from.address}>` : hit.from.address) : '';
  return (
    <article className="search-hit">
      <div className="search-hit-line">
        <a className="search-hit-subject" href={hrefOf({ page: 'inbox', threadId: hit.threadId })}>
          <HighlightedText text={hit.subject || t('inbox.noSubject')} terms={terms} />
        </a>
        <time className="thread-date" dateTime={hit.date}>
          {formatListDate(hit.date, language)}
        </time>
      </div>
      <p className="search-hit-from">
        <HighlightedText text={from} terms={terms} />
      </p>
      {hit.excerpt ? (
        <p className="search-hit-excerpt">
          <HighlightedText text={hit.excerpt} terms={terms} />
        </p>
      ) : null}
      {hit.attachmentNames.length > 0 ? (
        <ul className="search-hit-attachments" aria-label={t('inbox.attachments')}>
          {hit.attachmentNames.map((name, index) => (
            <li key={index}>
              <PaperclipIcon size={13} />
              <span>
                <HighlightedText text={name} terms={terms} />
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      {hit.candidates.length > 0 ? (
        <div className="search-hit-candidates">
          {hit.candidates.map((candidate) => (
            <span key={candidate.id} className="search-hit-candidate">
              <a href={hrefOf({ page: 'candidates', candidateId: candidate.id })}>{candidate.name}</a>
              <button type="button" className="search-hit-narrow" onClick={() => changeSearchFilters({ candidate })} title={t('search.narrowTo', { name: candidate.name })}>
                {t('search.narrow')}
              </button>
            </span>
          ))}
        </div>
      ) : null}
    </article>
  );
}
