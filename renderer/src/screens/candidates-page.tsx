import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { CandidateSummary } from '../../../shared/model.js';
import { EmptyState } from '../components/empty-state.js';
import { ErrorNotice } from '../components/error-notice.js';
import { PeopleIcon, SearchIcon } from '../components/icons.js';
import { PageHeader } from '../components/page-header.js';
import { VirtualList } from '../components/virtual-list.js';
import { initialsOf } from '../format.js';
import { searchCandidates, useCandidatesStore } from '../stores/lists.js';

/** Candidates by name, with a search over names and addresses. */
export function CandidatesPage() {
  const { t } = useTranslation();
  const candidates = useCandidatesStore();
  const query = candidates.params.query;

  useEffect(() => {
    const store = useCandidatesStore.getState();
    void store.load(store.params);
  }, []);

  return (
    <div className="page-body">
      <PageHeader title={t('candidates.title')}>
        <div className="search-field">
          <SearchIcon size={18} />
          <input
            type="search"
            aria-label={t('candidates.searchLabel')}
            placeholder={t('candidates.searchPlaceholder')}
            value={query}
            spellCheck={false}
            onChange={(event) => searchCandidates(event.currentTarget.value)}
          />
        </div>
      </PageHeader>
      {candidates.status === 'error' && candidates.error ? (
        <ErrorNotice error={candidates.error} onRetry={() => void candidates.load()} />
      ) : candidates.status !== 'ready' && candidates.items.length === 0 ? (
        <p className="loading" role="status">
          {t('app.loading')}
        </p>
      ) : candidates.items.length === 0 ? (
        query.trim() ? (
          <EmptyState icon={<SearchIcon size={28} />} title={t('candidates.noMatchTitle', { query: query.trim() })}>
            <p>{t('candidates.noMatchBody')}</p>
          </EmptyState>
        ) : (
          <EmptyState icon={<PeopleIcon size={28} />} title={t('candidates.emptyTitle')}>
            <p>{t('candidates.emptyBody')}</p>
          </EmptyState>
        )
      ) : (
        <>
          {candidates.error ? <ErrorNotice error={candidates.error} onRetry={() => void candidates.refresh()} /> : null}
          <VirtualList
            items={candidates.items}
            label={t('candidates.listLabel')}
            rowHeight={64}
            getKey={(candidate) => candidate.id}
            renderRow={(candidate) => <CandidateRow candidate={candidate} />}
            onEndReached={candidates.loadMore}
            hasMore={candidates.nextCursor !== null}
            loadingMore={candidates.loadingMore}
            loadingMoreText={t('candidates.loadingMore')}
          />
        </>
      )}
    </div>
  );
}

function CandidateRow({ candidate }: { candidate: CandidateSummary }) {
  const { t } = useTranslation();
  return (
    <article className="candidate-row">
      <span className="avatar" aria-hidden="true">
        {initialsOf(candidate.name)}
      </span>
      <div className="candidate-text">
        <span className="candidate-name">{candidate.name}</span>
        <span className="candidate-email">{candidate.primaryEmail}</span>
      </div>
      <div className="badges">
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
      </div>
    </article>
  );
}
