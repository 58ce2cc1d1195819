import { memo, useEffect, useState } from 'react';
import { ErasedReportDialog } from './erasure-report.js';
import { RetentionReminder } from './retention-reminder.js';
import { takePageRequest, usePageRequestStore } from '../stores/page-request-store.js';
import { useTranslation } from 'react-i18next';
import type { CandidateSummary } from '../../../shared/model.js';
import { Dialog } from '../components/dialog.js';
import { EmptyState } from '../components/empty-state.js';
import { ErrorNotice } from '../components/error-notice.js';
import { PeopleIcon, SearchIcon, UploadIcon } from '../components/icons.js';
import { PageHeader } from '../components/page-header.js';
import { VirtualList } from '../components/virtual-list.js';
import { initialsOf } from '../format.js';
import { canManageCandidates } from '../permissions.js';
import { createCandidate } from '../stores/candidate-profile-store.js';
import { searchCandidates, useCandidatesStore, useOpenJobChoicesStore } from '../stores/lists.js';
import { hrefOf, navigateTo } from '../stores/navigation-store.js';
import { useSessionStore } from '../stores/session-store.js';
import { CandidateForm } from './candidate-form.js';
import { ImportDialog } from './import-dialog.js';
import { CompanyIntakeBanner } from './company-intake.js';

/** Candidates by name, with a search over names and addresses; new candidates and CSV import. */
export function CandidatesPage() {
  const { t } = useTranslation();
  const candidates = useCandidatesStore();
  const role = useSessionStore((state) => state.session?.user.role);
  const mayManage = role !== undefined && canManageCandidates(role);
  const [dialog, setDialog] = useState<'new' | 'import' | null>(null);
  const query = candidates.params.query;

  useEffect(() => {
    const store = useCandidatesStore.getState();
    void store.load(store.params);
  }, []);
  // "Add candidate" / "Import candidates" from the command palette.
  const request = usePageRequestStore((state) => state.request);
  useEffect(() => {
    if (!mayManage) return;
    if (takePageRequest('new-candidate')) setDialog('new');
    else if (takePageRequest('import-candidates')) setDialog('import');
  }, [request, mayManage]);

  const newCandidateButton = mayManage ? (
    <button type="button" className="button button-primary" onClick={() => setDialog('new')}>
      <span aria-hidden="true">+</span> {t('candidates.new')}
    </button>
  ) : null;

  return (
    <div className="page-body">
      <ErasedReportDialog />
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
        {mayManage ? (
          <button type="button" className="button button-secondary" onClick={() => setDialog('import')}>
            <UploadIcon size={18} /> {t('candidates.import')}
          </button>
        ) : null}
        {newCandidateButton}
      </PageHeader>
      <RetentionReminder />
      {mayManage ? <CompanyIntakeBanner /> : null}
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
            {mayManage ? <p>{t('candidates.emptyHowTo')}</p> : null}
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
      {dialog === 'new' ? <NewCandidateDialog onClose={() => setDialog(null)} /> : null}
      {dialog === 'import' ? <ImportDialog onClose={() => setDialog(null)} /> : null}
    </div>
  );
}

/**
 * A row is a link to the profile, so it opens with Enter and in the tab order. Memoised:
 * while scrolling, rows that stay in view do not render again.
 */
const CandidateRow = memo(function CandidateRow({ candidate }: { candidate: CandidateSummary }) {
  const { t } = useTranslation();
  return (
    <a className="candidate-row row-link" href={hrefOf({ page: 'candidates', candidateId: candidate.id })}>
      <span className="avatar" aria-hidden="true">
        {initialsOf(candidate.name)}
      </span>
      <span className="candidate-text">
        <span className="candidate-name">{candidate.name}</span>
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
    </a>
  );
});

/** "New candidate": the form in a dialog; the new profile opens once it is saved. */
function NewCandidateDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const jobs = useOpenJobChoicesStore();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void useOpenJobChoicesStore.getState().load();
  }, []);

  return (
    <Dialog title={t('candidateForm.newTitle')} onClose={onClose} busy={busy} size="medium">
      <CandidateForm
        jobs={{ loading: jobs.status === 'idle' || jobs.status === 'loading', items: jobs.items, error: jobs.status === 'error' ? jobs.error : null }}
        submitLabel={t('candidateForm.create')}
        submittingLabel={t('candidateForm.creating')}
        onBusyChange={setBusy}
        onCancel={onClose}
        onSubmit={async (values) => {
          const result = await createCandidate({
            name: values.name,
            addresses: values.addresses,
            ...(values.primaryAddress !== undefined ? { primaryAddress: values.primaryAddress } : {}),
            applications: values.jobIds.map((jobId) => ({ jobId, stage: 'applied' })),
          });
          if (result.ok) {
            onClose();
            navigateTo({ page: 'candidates', candidateId: result.value.id });
          }
          return result;
        }}
      />
    </Dialog>
  );
}
