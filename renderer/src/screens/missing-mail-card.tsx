import type { TFunction } from 'i18next';
import { useEffect, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { assertNever } from '../../../shared/assert-never.js';
import type { CandidateProfile, MissingMailHit } from '../../../shared/model.js';
import { ErrorNotice } from '../components/error-notice.js';
import { formatListDate } from '../format.js';
import { useErrorText } from '../i18n/use-error-text.js';
import type { HitAction } from '../stores/missing-mail-store.js';
import { explainMissingMail, fetchOlderMailFor, hitKey, resetMissingMail, scanFolderOf, syncMailboxOf, useMissingMailStore } from '../stores/missing-mail-store.js';
import { hrefOf } from '../stores/navigation-store.js';
import { usePreferencesStore } from '../stores/preferences-store.js';
import './missing-mail-card.css';

/**
 * "A mail is missing?" on a candidate's profile: on request, Hirebox searches the mailboxes
 * (read-only, the last year) for mail with the candidate's addresses that is not here, and
 * gives each its reason with the action that brings it in, where there is one.
 */
export function MissingMailCard({ profile }: { profile: CandidateProfile }) {
  const { t } = useTranslation();
  const headingId = useId();
  const state = useMissingMailStore();

  useEffect(() => resetMissingMail(profile.id), [profile.id]);
  const mine = state.candidateId === profile.id;
  const report = mine ? state.report : null;

  return (
    <section className="card card-wide missing-mail" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('missingMail.title')}</h2>
      {!mine || state.status === 'idle' ? (
        <>
          <p className="card-text">{t('missingMail.intro', { name: profile.name })}</p>
          <button type="button" className="button button-secondary button-small" onClick={() => void explainMissingMail(profile.id)}>
            {t('missingMail.search')}
          </button>
        </>
      ) : state.status === 'loading' ? (
        <p className="loading" role="status">
          {t('missingMail.searching')}
        </p>
      ) : state.status === 'error' && state.error ? (
        <ErrorNotice error={state.error} onRetry={() => void explainMissingMail(profile.id)} />
      ) : report ? (
        <>
          <p className="card-text" role="status">
            {report.hits.length === 0
              ? t('missingMail.none', { count: report.foldersSearched, date: formatListDate(report.searchedSince, usePreferencesStore.getState().language) })
              : t('missingMail.found', { count: report.hits.length })}
            {report.truncated ? ` ${t('missingMail.truncated')}` : ''}
          </p>
          {report.hits.length > 0 ? (
            <ul className="missing-mail-hits" aria-label={t('missingMail.listLabel')}>
              {report.hits.map((hit) => (
                <li key={hitKey(hit)}>
                  <MissingMailRow profile={profile} hit={hit} action={state.actions[hitKey(hit)]} />
                </li>
              ))}
            </ul>
          ) : null}
          <button type="button" className="button button-quiet button-small" onClick={() => void explainMissingMail(profile.id)}>
            {t('missingMail.searchAgain')}
          </button>
        </>
      ) : null}
    </section>
  );
}

function MissingMailRow({ profile, hit, action }: { profile: CandidateProfile; hit: MissingMailHit; action: HitAction | undefined }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const language = usePreferencesStore((state) => state.language);
  return (
    <article className="missing-mail-hit" aria-label={hit.subject || t('inbox.noSubject')}>
      <div className="missing-mail-line">
        <span className="missing-mail-subject">{hit.subject || t('inbox.noSubject')}</span>
        <time className="thread-date" dateTime={hit.receivedAt}>
          {formatListDate(hit.receivedAt, language)}
        </time>
      </div>
      <p className="missing-mail-meta">{t('missingMail.fromIn', { from: hit.from, folder: hit.folder })}</p>
      <p className="missing-mail-reason">{reasonText(hit, profile, t)}</p>
      <HitActionButton profile={profile} hit={hit} action={action} />
      {action?.error ? (
        <p className="field-error" role="alert">
          {errorText(action.error)}
        </p>
      ) : null}
    </article>
  );
}

type Translate = TFunction;

function reasonText(hit: MissingMailHit, profile: CandidateProfile, t: Translate): string {
  switch (hit.reason) {
    case 'older-than-window':
      return t('missingMail.reason.olderThanWindow');
    case 'folder-not-scanned':
      return t('missingMail.reason.folderNotScanned', { folder: hit.folder });
    case 'all-jobs-archived':
      return t('missingMail.reason.allJobsArchived', { name: profile.name });
    case 'internal-address':
      return t('missingMail.reason.internalAddress');
    case 'display-name-only':
      return t('missingMail.reason.displayNameOnly', { from: hit.from });
    case 'unlinked-by-hand':
      return t('missingMail.reason.unlinkedByHand', { name: profile.name });
    case 'own-address':
      return t('missingMail.reason.ownAddress');
    case 'bcc-on-received-mail':
      return t('missingMail.reason.bccOnReceivedMail');
    case 'reply-to-or-sender-only':
      return t('missingMail.reason.replyToOrSenderOnly');
    case 'not-synced-yet':
      return t('missingMail.reason.notSyncedYet');
    default:
      return assertNever(hit.reason);
  }
}

/** The one thing that brings the mail in, where Hirebox can do it; nothing where the rules say it stays out. */
function HitActionButton({ profile, hit, action }: { profile: CandidateProfile; hit: MissingMailHit; action: HitAction | undefined }) {
  const { t } = useTranslation();
  if (action?.done) {
    return (
      <p className="missing-mail-done" role="status">
        {t('missingMail.done')}
      </p>
    );
  }
  const pending = action?.pending === true;
  const button = (label: string, onClick: () => void) => (
    <button type="button" className="button button-secondary button-small" aria-disabled={pending} onClick={() => (pending ? undefined : onClick())}>
      {pending ? <span className="spinner spinner-small" aria-hidden="true" /> : null}
      {label}
    </button>
  );
  switch (hit.reason) {
    case 'older-than-window':
      return button(t('missingMail.action.fetchOlder'), () => void fetchOlderMailFor(profile.id, hit));
    case 'folder-not-scanned':
      return button(t('missingMail.action.scanFolder', { folder: hit.folder }), () => void scanFolderOf(profile.id, hit));
    case 'not-synced-yet':
      return button(t('missingMail.action.syncNow'), () => void syncMailboxOf(profile.id, hit));
    case 'all-jobs-archived': {
      const archived = profile.applications.find((application) => application.jobStatus === 'archived');
      return archived ? (
        <a className="button button-secondary button-small" href={hrefOf({ page: 'jobs', jobId: archived.jobId })}>
          {t('missingMail.action.openJob', { title: archived.jobTitle })}
        </a>
      ) : null;
    }
    case 'internal-address':
    case 'display-name-only':
    case 'unlinked-by-hand':
    case 'own-address':
    case 'bcc-on-received-mail':
    case 'reply-to-or-sender-only':
      return null;
    default:
      return assertNever(hit.reason);
  }
}
