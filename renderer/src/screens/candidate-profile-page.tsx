import './candidate-profile-page.css';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CandidateProfile } from '../../../shared/model.js';
import { DetailPage, LoadedDetailPage } from '../components/detail-page.js';
import { CandidateOlderMail } from './older-mail-offer.js';
import { PeopleIcon } from '../components/icons.js';
import { formatDate, initialsOf } from '../format.js';
import { canManageCandidates } from '../permissions.js';
import { useCandidateProfileStore } from '../stores/candidate-profile-store.js';
import { useMailboxesStore } from '../stores/lists.js';
import { usePreferencesStore } from '../stores/preferences-store.js';
import { useSessionStore } from '../stores/session-store.js';
import { CandidateThreadsCard } from './candidate-threads-card.js';
import { MissingMailCard } from './missing-mail-card.js';
import { CandidateComposer, startNewMail } from './composer.js';
import { ThreadPickerDialog } from './thread-picker.js';
import { dialogOpen, isTypingTarget } from '../components/keyboard.js';
import { useOutboxStore } from '../stores/outbox-store.js';
import { ExportDataButton } from './candidate-export-button.js';
import { AddressesCard } from './candidate-addresses-card.js';
import { ApplicationsCard } from './candidate-applications-card.js';
import { SyncCard } from './candidate-sync-card.js';
import { ArchiveOfferDialog, DeleteCandidateDialog, EditCandidateDialog, MergeDialog, RemoveApplicationDialog } from './candidate-profile-dialogs.js';
import type { OpenDialog } from './candidate-profile-dialogs.js';

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
        {profile.canDelete ? <ExportDataButton candidateId={profile.id} /> : null}
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
