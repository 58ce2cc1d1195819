import './candidate-profile-page.css';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WireError } from '../../../shared/errors.js';
import type { ApplicationView, CandidateProfile, CandidateSummary, Stage } from '../../../shared/model.js';
import { stages } from '../../../shared/model.js';
import { ConfirmDialog, Dialog } from '../components/dialog.js';
import { ErrorNotice } from '../components/error-notice.js';
import { DetailPage, LoadedDetailPage } from '../components/detail-page.js';
import { CandidateOlderMail } from './older-mail-offer.js';
import { PeopleIcon, SearchIcon } from '../components/icons.js';
import { formatDate, initialsOf } from '../format.js';
import { useErrorText } from '../i18n/use-error-text.js';
import { canManageCandidates } from '../permissions.js';
import { useCandidateProfileStore } from '../stores/candidate-profile-store.js';
import { searchCandidatePicker, useCandidatePickerStore, useMailboxesStore, useOpenJobChoicesStore } from '../stores/lists.js';
import { hrefOf, navigateTo } from '../stores/navigation-store.js';
import { usePreferencesStore } from '../stores/preferences-store.js';
import { useSessionStore } from '../stores/session-store.js';
import { CandidateForm } from './candidate-form.js';
import { CandidateThreadsCard } from './candidate-threads-card.js';
import { MissingMailCard } from './missing-mail-card.js';
import { CandidateComposer, startNewMail } from './composer.js';
import { ThreadPickerDialog } from './thread-picker.js';
import { dialogOpen, isTypingTarget } from '../components/keyboard.js';
import { useOutboxStore } from '../stores/outbox-store.js';
import { ArchiveExplanation } from './job-page.js';

type OpenDialog =
  | { kind: 'write' }
  | { kind: 'edit' }
  | { kind: 'delete' }
  | { kind: 'merge' }
  | { kind: 'offer-archive'; jobId: string; title: string }
  | { kind: 'remove-application'; application: ApplicationView };

/** One candidate: addresses (R5), whether mail syncs (R7), applications, and what can be done. */
export function CandidateProfilePage({ candidateId }: { candidateId: string }) {
  const { t } = useTranslation();
  const { status, profile, error, load } = useCandidateProfileStore();
  const shownId = useCandidateProfileStore((state) => state.candidateId);
  return (
    <LoadedDetailPage
      id={candidateId}
      state={{ shownId, status, item: profile, error }}
      load={(id) => void load(id)}
      nameOf={(shown) => shown.name}
      back={{ route: { page: 'candidates' }, label: t('profile.backToCandidates') }}
      loadingTitle={t('profile.loadingTitle')}
      keys="profile"
      icon={<PeopleIcon size={28} />}
    >
      {(shown) => <Profile profile={shown} />}
    </LoadedDetailPage>
  );
}

/**
 * True once the mailbox list is known and empty: nothing syncs yet, whatever the
 * candidate's applications say.
 */
function useNoMailboxYet(): boolean {
  const { status, items } = useMailboxesStore();
  useEffect(() => {
    if (useMailboxesStore.getState().status === 'idle') void useMailboxesStore.getState().load();
  }, []);
  return status === 'ready' && items.length === 0;
}

function Profile({ profile }: { profile: CandidateProfile }) {
  const { t } = useTranslation();
  const noMailbox = useNoMailboxYet();
  const language = usePreferencesStore((state) => state.language);
  const role = useSessionStore((state) => state.session?.user.role);
  const mayManage = role !== undefined && canManageCandidates(role);
  const [dialog, setDialog] = useState<OpenDialog | null>(null);
  const close = () => setDialog(null);
  const writeMail = () => {
    // A mail already being written here comes back; otherwise: which conversation (R6)?
    if (useOutboxStore.getState().drafts[`candidate:${profile.id}`]) startNewMail({ id: profile.id, name: profile.name, primaryEmail: '' });
    else setDialog({ kind: 'write' });
  };

  useEffect(() => {
    // C writes to the candidate shown.
    function onKeyDown(event: KeyboardEvent) {
      if (event.key !== 'c' || event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      if (isTypingTarget(event.target) || dialogOpen()) return;
      event.preventDefault();
      writeMail();
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  });

  return (
    <DetailPage
      back={{ route: { page: 'candidates' }, label: t('profile.backToCandidates') }}
      title={profile.name}
      actions={
        <>
        <button
          type="button"
          className="button button-primary"
          onClick={writeMail}
          title={`${t('compose.writeMail')} (C)`}
        >
          {t('compose.writeMail')}
        </button>
        {mayManage ? (
          <>
            <button type="button" className="button button-secondary" onClick={() => setDialog({ kind: 'edit' })}>
              {t('profile.edit')}
            </button>
            <button type="button" className="button button-secondary" onClick={() => setDialog({ kind: 'merge' })}>
              {t('profile.merge')}
            </button>
          </>
        ) : null}
        {profile.canDelete ? (
          <button type="button" className="button button-danger-quiet" onClick={() => setDialog({ kind: 'delete' })}>
            {t('profile.delete')}
          </button>
        ) : null}
        </>
      }
    >
      {/* Mail the server holds and Hirebox did not fetch, counted and offered (R10: fetched on the click). */}
      <CandidateOlderMail profile={profile} />
      <div className="profile-meta">
        <span className="avatar avatar-large" aria-hidden="true">
          {initialsOf(profile.name)}
        </span>
        <span className="badges">
          {profile.internal ? <span className="badge badge-info">{t('candidates.internal')}</span> : null}
          <span className={profile.synced && !noMailbox ? 'badge badge-success' : 'badge badge-muted'}>
            {profile.synced ? (noMailbox ? t('profile.noMailbox') : t('profile.synced')) : t('candidates.notSynced')}
          </span>
        </span>
        <span className="profile-created">{t('profile.createdAt', { date: formatDate(profile.createdAt, language) })}</span>
      </div>

      <CandidateComposer candidateId={profile.id} />

      <div className="profile-grid">
        <AddressesCard profile={profile} />
        <SyncCard profile={profile} noMailbox={noMailbox} />
        <ApplicationsCard profile={profile} mayManage={mayManage} onOpen={setDialog} />
        <CandidateThreadsCard candidate={profile} />
        <MissingMailCard profile={profile} />
      </div>

      {dialog?.kind === 'write' ? <ThreadPickerDialog profile={profile} onClose={close} /> : null}
      {dialog?.kind === 'edit' ? <EditCandidateDialog profile={profile} onClose={close} /> : null}
      {dialog?.kind === 'delete' ? <DeleteCandidateDialog profile={profile} onClose={close} /> : null}
      {dialog?.kind === 'merge' ? <MergeDialog profile={profile} onClose={close} /> : null}
      {dialog?.kind === 'offer-archive' ? <ArchiveOfferDialog jobId={dialog.jobId} title={dialog.title} onClose={close} /> : null}
      {dialog?.kind === 'remove-application' ? (
        <RemoveApplicationDialog profile={profile} application={dialog.application} onClose={close} />
      ) : null}
    </DetailPage>
  );
}

function AddressesCard({ profile }: { profile: CandidateProfile }) {
  const { t } = useTranslation();
  const headingId = useId();
  const internalAddresses = profile.addresses.filter((entry) => entry.internal).map((entry) => entry.address);
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('profile.addressesTitle')}</h2>
      <ul className="address-list">
        {profile.addresses.map((entry) => (
          <li key={entry.address}>
            <span className="address-text">{entry.address}</span>
            {entry.isPrimary ? <span className="badge badge-accent">{t('profile.primary')}</span> : null}
            {entry.internal ? <span className="badge badge-info">{t('candidates.internal')}</span> : null}
          </li>
        ))}
      </ul>
      {internalAddresses.length > 0 ? (
        <div className="notice notice-info">
          <p>
            <strong>{t('profile.internalTitle')}</strong> {t('profile.internalBody', { count: internalAddresses.length })}
          </p>
        </div>
      ) : null}
    </section>
  );
}

/** R7 in words: does new mail with this candidate get linked, and if not, why and how to change it. */
function SyncCard({ profile, noMailbox }: { profile: CandidateProfile; noMailbox: boolean }) {
  const { t } = useTranslation();
  const headingId = useId();
  const reason = profile.syncState;
  if (reason === 'synced' && noMailbox) {
    return (
      <section className="card" aria-labelledby={headingId}>
        <h2 id={headingId}>{t('profile.syncTitle')}</h2>
        <p className="sync-state sync-no-mailbox" data-testid="sync-state">
          <span className="sync-dot" aria-hidden="true" />
          {t('profile.noMailboxState')}
        </p>
        <p className="card-text">{t('profile.noMailboxBody')}</p>
        <a className="button button-secondary" href={hrefOf({ page: 'settings', section: 'mailboxes' })}>
          {t('profile.connectMailbox')}
        </a>
      </section>
    );
  }
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('profile.syncTitle')}</h2>
      <p className={`sync-state sync-${reason}`} data-testid="sync-state">
        <span className="sync-dot" aria-hidden="true" />
        {reason === 'synced' ? t('profile.syncedState') : reason === 'no-application' ? t('profile.notSyncedNoApplication') : t('profile.notSyncedArchived')}
      </p>
      <p className="card-text">
        {reason === 'synced'
          ? profile.internal
            ? t('profile.syncedInternalBody')
            : t('profile.syncedBody')
          : reason === 'no-application'
            ? t('profile.notSyncedNoApplicationBody')
            : t('profile.notSyncedArchivedBody')}
      </p>
    </section>
  );
}

function ApplicationsCard({
  profile,
  mayManage,
  onOpen,
}: {
  profile: CandidateProfile;
  mayManage: boolean;
  onOpen: (dialog: OpenDialog) => void;
}) {
  const { t } = useTranslation();
  const headingId = useId();
  return (
    <section className="card card-wide" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('profile.applicationsTitle')}</h2>
      {profile.applications.length === 0 ? (
        <p className="card-text">{t('profile.noApplications')}</p>
      ) : (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t('profile.job')}</th>
              <th scope="col">{t('profile.jobStatus')}</th>
              <th scope="col">{t('profile.stage')}</th>
              {mayManage ? (
                <th scope="col">
                  <span className="visually-hidden">{t('profile.actions')}</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {profile.applications.map((application) => (
              <ApplicationRow key={application.id} application={application} mayManage={mayManage} onOpen={onOpen} />
            ))}
          </tbody>
        </table>
      )}
      {mayManage ? <AddToJob profile={profile} /> : null}
    </section>
  );
}

function ApplicationRow({
  application,
  mayManage,
  onOpen,
}: {
  application: ApplicationView;
  mayManage: boolean;
  onOpen: (dialog: OpenDialog) => void;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const setStage = useCandidateProfileStore((state) => state.setStage);
  // The chosen stage shows at once; the select stays enabled (and focused) while it saves.
  const [pendingStage, setPendingStage] = useState<Stage | null>(null);
  const [error, setError] = useState<WireError | null>(null);
  const errorId = useId();

  async function changeStage(stage: Stage) {
    if (pendingStage !== null) return;
    setPendingStage(stage);
    setError(null);
    const result = await setStage(application.id, stage);
    setPendingStage(null);
    if (!result.ok) setError(result.error);
    else if (result.value.offerArchive) onOpen({ kind: 'offer-archive', ...result.value.offerArchive });
  }

  return (
    <tr>
      <td>
        <a href={hrefOf({ page: 'jobs', jobId: application.jobId })}>{application.jobTitle}</a>
      </td>
      <td>
        <span className={application.jobStatus === 'open' ? 'badge badge-success' : 'badge badge-muted'}>
          {application.jobStatus === 'open' ? t('jobs.statusOpen') : t('jobs.statusArchived')}
        </span>
      </td>
      <td>
        <select
          className="select"
          aria-label={t('profile.stageFor', { job: application.jobTitle })}
          value={pendingStage ?? application.stage}
          aria-busy={pendingStage !== null}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          onChange={(event) => void changeStage(event.currentTarget.value as Stage)}
        >
          {stages.map((stage) => (
            <option key={stage} value={stage}>
              {t(`stage.${stage}`)}
            </option>
          ))}
        </select>
        {error ? (
          <p className="field-error" id={errorId} role="alert">
            {errorText(error)}
          </p>
        ) : null}
      </td>
      {mayManage ? (
        <td className="cell-actions">
          <button
            type="button"
            className="button button-quiet"
            onClick={() => onOpen({ kind: 'remove-application', application })}
            aria-label={t('profile.removeApplicationFor', { job: application.jobTitle })}
          >
            {t('profile.removeApplication')}
          </button>
        </td>
      ) : null}
    </tr>
  );
}

/** "Add to a job": an open job the candidate has not applied to yet. */
function AddToJob({ profile }: { profile: CandidateProfile }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const jobs = useOpenJobChoicesStore();
  const addApplication = useCandidateProfileStore((state) => state.addApplication);
  const [jobId, setJobId] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<WireError | null>(null);
  const selectId = useId();
  const select = useRef<HTMLSelectElement>(null);

  useEffect(() => {
    void useOpenJobChoicesStore.getState().load();
  }, []);

  const applied = new Set(profile.applications.map((application) => application.jobId));
  const choices = jobs.items.filter((job) => !applied.has(job.id));

  async function add() {
    if (jobId === '' || pending) return;
    setPending(true);
    setError(null);
    const result = await addApplication(jobId);
    setPending(false);
    if (result.ok) setJobId('');
    else setError(result.error);
    // The button is disabled now (nothing chosen, or it was busy); continue from the choice.
    select.current?.focus();
  }

  if (jobs.status === 'ready' && choices.length === 0) {
    return <p className="card-text add-to-job-empty">{jobs.items.length === 0 ? t('profile.noOpenJobs') : t('profile.appliedToAll')}</p>;
  }
  return (
    <div className="add-to-job">
      <label htmlFor={selectId}>{t('profile.addToJob')}</label>
      <div className="inline-form">
        <select
          ref={select}
          id={selectId}
          className="select"
          value={jobId}
          disabled={jobs.status !== 'ready'}
          aria-invalid={error ? true : undefined}
          onChange={(event) => {
            setJobId(event.currentTarget.value);
            setError(null);
          }}
        >
          <option value="">{jobs.status === 'ready' ? t('profile.chooseJob') : t('app.loading')}</option>
          {choices.map((job) => (
            <option key={job.id} value={job.id}>
              {job.title}
            </option>
          ))}
        </select>
        <button type="button" className="button button-secondary" onClick={() => void add()} disabled={jobId === '' || pending} aria-busy={pending}>
          {pending ? t('profile.adding') : t('profile.add')}
        </button>
      </div>
      {error ? (
        <p className="field-error" role="alert">
          {errorText(error)}
        </p>
      ) : null}
    </div>
  );
}

function EditCandidateDialog({ profile, onClose }: { profile: CandidateProfile; onClose: () => void }) {
  const { t } = useTranslation();
  const update = useCandidateProfileStore((state) => state.update);
  const [busy, setBusy] = useState(false);
  return (
    <Dialog title={t('candidateForm.editTitle', { name: profile.name })} onClose={onClose} busy={busy}>
      <CandidateForm
        initial={profile}
        jobs={null}
        submitLabel={t('candidateForm.save')}
        submittingLabel={t('candidateForm.saving')}
        onBusyChange={setBusy}
        onCancel={onClose}
        onSubmit={async (values) => {
          const result = await update({
            name: values.name,
            addresses: values.addresses,
            ...(values.primaryAddress !== undefined ? { primaryAddress: values.primaryAddress } : {}),
          });
          if (result.ok) onClose();
          return result;
        }}
      />
    </Dialog>
  );
}

function DeleteCandidateDialog({ profile, onClose }: { profile: CandidateProfile; onClose: () => void }) {
  const { t } = useTranslation();
  const deleteCandidate = useCandidateProfileStore((state) => state.deleteCandidate);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<WireError | null>(null);
  return (
    <ConfirmDialog
      title={t('profile.deleteTitle', { name: profile.name })}
      confirmLabel={t('profile.deleteConfirm')}
      busyLabel={t('profile.deleting')}
      danger
      busy={busy}
      error={error}
      onCancel={onClose}
      onConfirm={async () => {
        setBusy(true);
        setError(null);
        const result = await deleteCandidate();
        setBusy(false);
        if (result.ok) {
          onClose();
          navigateTo({ page: 'candidates' });
        } else setError(result.error);
      }}
    >
      <p>{t('profile.deleteBody', { name: profile.name })}</p>
      <ul className="consequences">
        <li>{t('profile.deleteGoes')}</li>
        <li>{t('profile.deleteStays')}</li>
        <li>{t('profile.deleteFinal')}</li>
      </ul>
    </ConfirmDialog>
  );
}

function RemoveApplicationDialog({ profile, application, onClose }: { profile: CandidateProfile; application: ApplicationView; onClose: () => void }) {
  const { t } = useTranslation();
  const removeApplication = useCandidateProfileStore((state) => state.removeApplication);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<WireError | null>(null);
  const lastOpenJob =
    application.jobStatus === 'open' &&
    !profile.applications.some((other) => other.id !== application.id && other.jobStatus === 'open');
  return (
    <ConfirmDialog
      title={t('profile.removeApplicationTitle', { job: application.jobTitle })}
      confirmLabel={t('profile.removeApplicationConfirm')}
      busyLabel={t('profile.removing')}
      busy={busy}
      error={error}
      onCancel={onClose}
      onConfirm={async () => {
        setBusy(true);
        setError(null);
        const result = await removeApplication(application.id);
        setBusy(false);
        if (result.ok) onClose();
        else setError(result.error);
      }}
    >
      <p>{t('profile.removeApplicationBody', { name: profile.name, job: application.jobTitle })}</p>
      {lastOpenJob ? <p className="confirm-warning">{t('profile.removeApplicationStopsSync')}</p> : null}
    </ConfirmDialog>
  );
}

/** R7: after someone was hired, offer to archive the job, saying what that does. */
function ArchiveOfferDialog({ jobId, title, onClose }: { jobId: string; title: string; onClose: () => void }) {
  const { t } = useTranslation();
  const archiveJob = useCandidateProfileStore((state) => state.archiveJob);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<WireError | null>(null);
  return (
    <ConfirmDialog
      title={t('jobPage.archiveOfferTitle', { title })}
      confirmLabel={t('jobPage.archiveConfirm')}
      busyLabel={t('jobPage.archiving')}
      cancelLabel={t('jobPage.notNow')}
      busy={busy}
      error={error}
      onCancel={onClose}
      onConfirm={async () => {
        setBusy(true);
        setError(null);
        const result = await archiveJob(jobId);
        setBusy(false);
        if (result.ok) onClose();
        else setError(result.error);
      }}
    >
      <p>{t('jobPage.archiveOfferBody')}</p>
      <ArchiveExplanation />
    </ConfirmDialog>
  );
}

/** "Merge with…": find the other candidate, then say what moves where before it happens. */
function MergeDialog({ profile, onClose }: { profile: CandidateProfile; onClose: () => void }) {
  const { t } = useTranslation();
  const picker = useCandidatePickerStore();
  const mergeWith = useCandidateProfileStore((state) => state.mergeWith);
  const [picked, setPicked] = useState<CandidateSummary | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<WireError | null>(null);
  const searchId = useId();
  const resultsId = useId();
  const explanationId = useId();

  useEffect(() => {
    searchCandidatePicker('', 0);
  }, []);

  const others = picker.items.filter((candidate) => candidate.id !== profile.id);
  const query = picker.params.query.trim();

  async function merge() {
    if (!picked) return;
    setBusy(true);
    setError(null);
    const result = await mergeWith(picked.id);
    setBusy(false);
    if (result.ok) onClose();
    else setError(result.error);
  }

  return (
    <Dialog title={t('merge.title', { name: profile.name })} onClose={onClose} busy={busy} size="medium">
      <p className="dialog-lead">{t('merge.intro', { name: profile.name })}</p>
      <div className="field">
        <label htmlFor={searchId}>{t('merge.searchLabel')}</label>
        <div className="search-field search-field-wide">
          <SearchIcon size={18} />
          <input
            id={searchId}
            type="search"
            placeholder={t('candidates.searchPlaceholder')}
            value={picker.params.query}
            spellCheck={false}
            autoComplete="off"
            aria-controls={resultsId}
            disabled={busy}
            onChange={(event) => searchCandidatePicker(event.currentTarget.value)}
          />
        </div>
      </div>
      <fieldset className="pick-list" id={resultsId} disabled={busy}>
        <legend className="visually-hidden">{t('merge.resultsLabel')}</legend>
        {picker.status === 'error' && picker.error ? (
          <ErrorNotice error={picker.error} />
        ) : picker.status !== 'ready' ? (
          <p className="field-hint" role="status">
            {t('app.loading')}
          </p>
        ) : others.length === 0 ? (
          <p className="field-hint" role="status">
            {query ? t('candidates.noMatchTitle', { query }) : t('merge.nobodyElse')}
          </p>
        ) : (
          others.map((candidate) => (
            <label key={candidate.id} className="pick">
              <input
                type="radio"
                name={`${resultsId}-choice`}
                checked={picked?.id === candidate.id}
                onChange={() => setPicked(candidate)}
              />
              <span className="avatar" aria-hidden="true">
                {initialsOf(candidate.name)}
              </span>
              <span className="candidate-text">
                <span className="candidate-name">{candidate.name}</span>
                <span className="candidate-email">{candidate.primaryEmail}</span>
              </span>
            </label>
          ))
        )}
      </fieldset>
      {picked ? (
        <div className="merge-explanation" id={explanationId} aria-live="polite">
          <p>
            <strong>{t('merge.whatHappens', { other: picked.name, name: profile.name })}</strong>
          </p>
          <ul className="consequences">
            <li>{t('merge.movesAddresses', { other: picked.name, name: profile.name })}</li>
            <li>{t('merge.movesApplications', { other: picked.name, name: profile.name })}</li>
            <li>{t('merge.movesMail', { other: picked.name, name: profile.name })}</li>
            <li>{t('merge.final', { other: picked.name })}</li>
          </ul>
        </div>
      ) : null}
      {error ? <ErrorNotice error={error} /> : null}
      <div className="dialog-actions">
        <button type="button" className="button button-secondary" onClick={onClose} disabled={busy}>
          {t('dialog.cancel')}
        </button>
        <button
          type="button"
          className="button button-primary"
          onClick={() => void merge()}
          disabled={!picked || busy}
          aria-busy={busy}
          aria-describedby={picked ? explanationId : undefined}
        >
          {busy ? t('merge.merging') : picked ? t('merge.confirmWith', { other: picked.name }) : t('merge.confirm')}
        </button>
      </div>
    </Dialog>
  );
}
