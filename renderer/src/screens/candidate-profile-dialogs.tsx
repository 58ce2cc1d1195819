import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WireError } from '../../../shared/errors.js';
import type { ApplicationView, CandidateProfile, CandidateSummary } from '../../../shared/model.js';
import { ActionDialog, Dialog } from '../components/dialog.js';
import { ErrorNotice } from '../components/error-notice.js';
import { CandidatePicker } from '../components/candidate-picker.js';
import { useCandidateProfileStore } from '../stores/candidate-profile-store.js';
import { navigateTo } from '../stores/navigation-store.js';
import { usePrivacyStore } from '../stores/privacy-store.js';
import { CandidateForm } from './candidate-form.js';
import { ArchiveExplanation } from './job-page.js';

/** What the profile has open: a dialog, or the thread picker of "Write mail". */
export type OpenDialog =
  | { kind: 'write' }
  | { kind: 'edit' }
  | { kind: 'delete' }
  | { kind: 'merge' }
  | { kind: 'offer-archive'; jobId: string; title: string }
  | { kind: 'remove-application'; application: ApplicationView };

export function EditCandidateDialog({ profile, onClose }: { profile: CandidateProfile; onClose: () => void }) {
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

export function DeleteCandidateDialog({ profile, onClose }: { profile: CandidateProfile; onClose: () => void }) {
  const { t } = useTranslation();
  const deleteCandidate = useCandidateProfileStore((state) => state.deleteCandidate);
  return (
    <ActionDialog
      title={t('profile.deleteTitle', { name: profile.name })}
      confirmLabel={t('profile.deleteConfirm')}
      busyLabel={t('profile.deleting')}
      danger
      onCancel={onClose}
      action={deleteCandidate}
      onDone={({ report }) => {
        onClose();
        // What went, shown once on the list the user returns to, and kept in Settings.
        usePrivacyStore.getState().showErased(report);
        navigateTo({ page: 'candidates' });
      }}
    >
      <p>{t('profile.deleteBody', { name: profile.name })}</p>
      <ul className="consequences">
        <li>{t('profile.deleteGoes')}</li>
        <li>{t('profile.deleteStays')}</li>
        <li>{t('profile.deleteFinal')}</li>
      </ul>
    </ActionDialog>
  );
}

export function RemoveApplicationDialog({ profile, application, onClose }: { profile: CandidateProfile; application: ApplicationView; onClose: () => void }) {
  const { t } = useTranslation();
  const removeApplication = useCandidateProfileStore((state) => state.removeApplication);
  const lastOpenJob =
    application.jobStatus === 'open' &&
    !profile.applications.some((other) => other.id !== application.id && other.jobStatus === 'open');
  return (
    <ActionDialog
      title={t('profile.removeApplicationTitle', { job: application.jobTitle })}
      confirmLabel={t('profile.removeApplicationConfirm')}
      busyLabel={t('profile.removing')}
      onCancel={onClose}
      action={() => removeApplication(application.id)}
      onDone={onClose}
    >
      <p>{t('profile.removeApplicationBody', { name: profile.name, job: application.jobTitle })}</p>
      {lastOpenJob ? <p className="confirm-warning">{t('profile.removeApplicationStopsSync')}</p> : null}
    </ActionDialog>
  );
}

/** R7: after someone was hired, offer to archive the job, saying what that does. */
export function ArchiveOfferDialog({ jobId, title, onClose }: { jobId: string; title: string; onClose: () => void }) {
  const { t } = useTranslation();
  const archiveJob = useCandidateProfileStore((state) => state.archiveJob);
  return (
    <ActionDialog
      title={t('jobPage.archiveOfferTitle', { title })}
      confirmLabel={t('jobPage.archiveConfirm')}
      busyLabel={t('jobPage.archiving')}
      cancelLabel={t('jobPage.notNow')}
      onCancel={onClose}
      action={() => archiveJob(jobId)}
      onDone={onClose}
    >
      <p>{t('jobPage.archiveOfferBody')}</p>
      <ArchiveExplanation />
    </ActionDialog>
  );
}

/** "Merge with…": find the other candidate, then say what moves where before it happens. */
export function MergeDialog({ profile, onClose }: { profile: CandidateProfile; onClose: () => void }) {
  const { t } = useTranslation();
  const mergeWith = useCandidateProfileStore((state) => state.mergeWith);
  const [picked, setPicked] = useState<CandidateSummary | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<WireError | null>(null);
  const explanationId = useId();

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
      <CandidatePicker
        searchLabel={t('merge.searchLabel')}
        resultsLabel={t('merge.resultsLabel')}
        excluded={new Set([profile.id])}
        emptyText={(query) => (query ? t('candidates.noMatchTitle', { query }) : t('merge.nobodyElse'))}
        picked={picked}
        onPick={setPicked}
        disabled={busy}
      />
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
