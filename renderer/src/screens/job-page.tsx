import './job-page.css';
import { useId, useState } from 'react';
import { JobBackfillOffer } from './mailbox-live-controls.js';
import { useTranslation } from 'react-i18next';
import type { WireError } from '../../../shared/errors.js';
import type { JobDetail } from '../../../shared/model.js';
import { DetailPage, LoadedDetailPage } from '../components/detail-page.js';
import { ConfirmDialog } from '../components/dialog.js';
import { ArchiveIcon, BriefcaseIcon } from '../components/icons.js';
import { formatDate, initialsOf } from '../format.js';
import { canManageCandidates } from '../permissions.js';
import { useJobDetailStore } from '../stores/job-detail-store.js';
import { usePreferencesStore } from '../stores/preferences-store.js';
import { useSessionStore } from '../stores/session-store.js';
import { JobFormDialog } from './job-form.js';
import { JobStageBoard } from './job-stage-board.js';

/** What archiving a job does (R7), said the same way wherever it is offered. */
export function ArchiveExplanation() {
  const { t } = useTranslation();
  return (
    <ul className="consequences">
      <li>{t('jobPage.archiveStopsSync')}</li>
      <li>{t('jobPage.archiveKeepsMail')}</li>
      <li>{t('jobPage.archiveUndo')}</li>
    </ul>
  );
}

/** One job: its team and its candidates by stage; edit, archive, unarchive. */
export function JobPage({ jobId }: { jobId: string }) {
  const { t } = useTranslation();
  const { status, job, error, load } = useJobDetailStore();
  const shownId = useJobDetailStore((state) => state.jobId);
  return (
    <LoadedDetailPage
      id={jobId}
      state={{ shownId, status, item: job, error }}
      load={(id) => void load(id)}
      nameOf={(shown) => shown.title}
      back={{ route: { page: 'jobs' }, label: t('jobPage.backToJobs') }}
      loadingTitle={t('jobPage.loadingTitle')}
      keys="jobPage"
      icon={<BriefcaseIcon size={28} />}
    >
      {(shown) => <Job job={shown} />}
    </LoadedDetailPage>
  );
}

function Job({ job }: { job: JobDetail }) {
  const { t } = useTranslation();
  const language = usePreferencesStore((state) => state.language);
  const role = useSessionStore((state) => state.session?.user.role);
  const mayManage = role !== undefined && canManageCandidates(role);
  const { update } = useJobDetailStore();
  const [dialog, setDialog] = useState<'edit' | 'archive' | 'unarchive' | null>(null);
  const teamHeading = useId();
  const stagesHeading = useId();
  const total = job.candidatesByStage.reduce((sum, group) => sum + group.candidates.length, 0);
  const archived = job.status === 'archived';

  return (
    <DetailPage
      back={{ route: { page: 'jobs' }, label: t('jobPage.backToJobs') }}
      title={job.title}
      actions={
        mayManage ? (
          <>
            <button type="button" className="button button-secondary" onClick={() => setDialog('edit')}>
              {t('jobPage.edit')}
            </button>
            {archived ? (
              <button type="button" className="button button-secondary" onClick={() => setDialog('unarchive')}>
                {t('jobPage.unarchive')}
              </button>
            ) : (
              <button type="button" className="button button-secondary" onClick={() => setDialog('archive')}>
                <ArchiveIcon size={18} /> {t('jobPage.archive')}
              </button>
            )}
          </>
        ) : null
      }
    >
      {/* Issue 7: the backfill offered after unarchiving. */}
      <JobBackfillOffer jobId={job.id} />
      <div className="profile-meta">
        <span className={archived ? 'badge badge-muted' : 'badge badge-success'}>
          {archived ? t('jobs.statusArchived') : t('jobs.statusOpen')}
        </span>
        <span className="profile-created">
          {t('jobs.createdAt', { date: formatDate(job.createdAt, language) })}
          {archived && job.archivedAt ? ` · ${t('jobPage.archivedAt', { date: formatDate(job.archivedAt, language) })}` : ''}
        </span>
      </div>
      {archived ? (
        <div className="notice notice-warning">
          <p>{t('jobPage.archivedNotice')}</p>
        </div>
      ) : null}

      <div className="profile-grid">
        <section className="card card-wide" aria-labelledby={teamHeading}>
          <h2 id={teamHeading}>{t('jobPage.teamTitle')}</h2>
          {job.team.length === 0 ? (
            <p className="card-text">{t('jobPage.noTeam')}</p>
          ) : (
            <ul className="team-chips">
              {job.team.map((member) => (
                <li key={member.id} className="person-chip">
                  <span className="avatar avatar-small" aria-hidden="true">
                    {initialsOf(member.name)}
                  </span>
                  <span className="person-chip-text">
                    <span className="person-chip-name">{member.name}</span>
                    <span className="person-chip-email">{member.email}</span>
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>

        <section className="card card-wide" aria-labelledby={stagesHeading}>
          <h2 id={stagesHeading}>
            {t('jobPage.candidatesTitle')} <span className="heading-count">{total}</span>
          </h2>
          {total === 0 ? (
            <p className="card-text">{t('jobPage.noCandidates')}</p>
          ) : (
            <JobStageBoard job={job} onOfferArchive={() => setDialog('archive')} />
          )}
        </section>
      </div>

      {dialog === 'edit' ? (
        <JobFormDialog
          dialogTitle={t('jobForm.editTitle')}
          initial={job}
          submitLabel={t('jobForm.save')}
          submittingLabel={t('jobForm.saving')}
          onClose={() => setDialog(null)}
          onSubmit={async (values) => {
            const result = await update(values);
            if (result.ok) setDialog(null);
            return result;
          }}
        />
      ) : null}
      {dialog === 'archive' ? <ArchiveDialog job={job} onClose={() => setDialog(null)} /> : null}
      {dialog === 'unarchive' ? <UnarchiveDialog job={job} onClose={() => setDialog(null)} /> : null}
    </DetailPage>
  );
}

function ArchiveDialog({ job, onClose }: { job: JobDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const archive = useJobDetailStore((state) => state.archive);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<WireError | null>(null);
  return (
    <ConfirmDialog
      title={t('jobPage.archiveTitle', { title: job.title })}
      confirmLabel={t('jobPage.archiveConfirm')}
      busyLabel={t('jobPage.archiving')}
      busy={busy}
      error={error}
      onCancel={onClose}
      onConfirm={async () => {
        setBusy(true);
        setError(null);
        const result = await archive();
        setBusy(false);
        if (result.ok) onClose();
        else setError(result.error);
      }}
    >
      <p>{t('jobPage.archiveBody')}</p>
      <ArchiveExplanation />
    </ConfirmDialog>
  );
}

function UnarchiveDialog({ job, onClose }: { job: JobDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const unarchive = useJobDetailStore((state) => state.unarchive);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<WireError | null>(null);
  return (
    <ConfirmDialog
      title={t('jobPage.unarchiveTitle', { title: job.title })}
      confirmLabel={t('jobPage.unarchiveConfirm')}
      busyLabel={t('jobPage.unarchiving')}
      busy={busy}
      error={error}
      onCancel={onClose}
      onConfirm={async () => {
        setBusy(true);
        setError(null);
        const result = await unarchive();
        setBusy(false);
        if (result.ok) onClose();
        else setError(result.error);
      }}
    >
      <p>{t('jobPage.unarchiveBody')}</p>
    </ConfirmDialog>
  );
}
