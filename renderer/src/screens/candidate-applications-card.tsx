import './candidate-applications-card.css';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WireError } from '../../../shared/errors.js';
import type { ApplicationView, CandidateProfile, Stage } from '../../../shared/model.js';
import { stages } from '../../../shared/model.js';
import { SavingSelect } from '../components/saving-select.js';
import { useErrorText } from '../i18n/use-error-text.js';
import { useCandidateProfileStore } from '../stores/candidate-profile-store.js';
import { useOpenJobChoicesStore } from '../stores/lists.js';
import { hrefOf } from '../stores/navigation-store.js';
import type { OpenDialog } from './candidate-profile-dialogs.js';

/** The candidate's applications: each job with its status and stage (changed here), and "Add to a job". */
export function ApplicationsCard({
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
  const setStage = useCandidateProfileStore((state) => state.setStage);

  async function saveStage(stage: Stage): Promise<WireError | null> {
    const result = await setStage(application.id, stage);
    if (!result.ok) return result.error;
    if (result.value.offerArchive) onOpen({ kind: 'offer-archive', ...result.value.offerArchive });
    return null;
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
        <SavingSelect
          label={t('profile.stageFor', { job: application.jobTitle })}
          value={application.stage}
          options={stages.map((stage) => ({ value: stage, label: t(`stage.${stage}`) }))}
          onSave={saveStage}
        />
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
