import { useEffect, useState } from 'react';
import { ErasedReportDialog } from './erasure-report.js';
import { RetentionReminder } from './retention-reminder.js';
import { takePageRequest, usePageRequestStore } from '../stores/page-request-store.js';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../components/dialog.js';
import { EmptyState } from '../components/empty-state.js';
import { ErrorNotice } from '../components/error-notice.js';
import { PeopleIcon, SearchIcon, UploadIcon } from '../components/icons.js';
import { PageHeader } from '../components/page-header.js';
import { VirtualList } from '../components/virtual-list.js';
import { canManageCandidates } from '../permissions.js';
import { createCandidate } from '../stores/candidate-profile-store.js';
import { searchCandidates, useCandidatesStore, useOpenJobChoicesStore } from '../stores/lists.js';
import { navigateTo } from '../stores/navigation-store.js';
import { useSessionStore } from '../stores/session-store.js';
import { CandidateForm } from './candidate-form.js';
import { CandidateFilters, CandidateRow, CandidateTableHeader } from './candidate-table.js';
import { ImportDialog } from './import-dialog.js';
import { CompanyIntakeBanner } from './company-intake.js';

/**
 * Candidates with their jobs, stages and last contact: searched, filtered and sorted by the
 * engine (`candidates:list`), shown in a virtual table; new candidates and CSV import.
 */
export function CandidatesPage() {
  const { t } = useTranslation();
  const candidates = useCandidatesStore();
  const role = useSessionStore((state) => state.session?.user.role);
  const mayManage = role !== undefined && canManageCandidates(role);
  const [dialog, setDialog] = useState<'new' | 'import' | null>(null);
  const { query, jobId, stage } = candidates.params;
  const filtered = jobId !== undefined || stage !== undefined;

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
      <CandidateFilters />
      {candidates.status === 'error' && candidates.error ? (
        <ErrorNotice error={candidates.error} onRetry={() => void candidates.load()} />
      ) : candidates.status !== 'ready' && candidates.items.length === 0 ? (
        <p className="loading" role="status">
          {t('app.loading')}
        </p>
      ) : candidates.items.length === 0 ? (
        query.trim() || filtered ? (
          <EmptyState
            icon={<SearchIcon size={28} />}
            title={query.trim() ? t('candidates.noMatchTitle', { query: query.trim() }) : t('candidates.noFilterMatchTitle')}
          >
            <p>{query.trim() ? t('candidates.noMatchBody') : t('candidates.noFilterMatchBody')}</p>
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
            renderRow={(candidate) => <CandidateRow candidate={candidate} jobId={jobId} />}
            table={{ header: <CandidateTableHeader /> }}
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
