import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { olderMailCandidateLimit } from '../../../shared/contract.js';
import type { BackfillOffer, CandidateProfile, MailboxSummary, OlderMailReport } from '../../../shared/model.js';
import { useErrorText } from '../i18n/use-error-text.js';
import { useMailboxesStore } from '../stores/lists.js';
import { useMailboxActivityStore } from '../stores/mailbox-store.js';
import { countOlderMail, dismissOlderMail, fetchOlderMail, offerAfterFirstSync, useOlderMailStore, type OlderMailOffer } from '../stores/older-mail-store.js';
import { ImportBackfillOffer } from './mailbox-live-controls.js';
import './older-mail-offer.css';

/** How many candidates an offer names before "and N more". */
const namesShown = 4;

/**
 * On a candidate's profile (also right after the candidate was added): "12 older mails with
 * Anna Apfel — fetch them?", counted on the server when the profile opens (R10: fetched only
 * on the click). Says nothing while there is nothing to offer.
 */
export function CandidateOlderMail({ profile }: { profile: CandidateProfile }) {
  const { t } = useTranslation();
  const key = `candidate:${profile.id}`;
  const offer = useOlderMailStore((state) => state.offers[key]);
  useEffect(() => {
    if (profile.synced) void countOlderMail(key, { candidateIds: [profile.id] });
  }, [key, profile.id, profile.synced]);
  if (offer === undefined || offer.dismissed) return null;
  const count = offer.report?.total ?? 0;
  return (
    <OfferFrame offerKey={offer} label={t('olderMail.label')} quietWhenEmpty inline onFetch={() => void fetchOlderMail(key)} onDismiss={() => dismissOlderMail(key)}>
      {count > 0 ? <p className="older-mail-text">{t('olderMail.candidateOffer', { count, name: profile.name })}</p> : null}
    </OfferFrame>
  );
}

/**
 * Settings › Mailboxes: for the mailbox connected last, and every mailbox offer of this
 * session still open, which candidates have mail on the server from before the connect.
 */
export function MailboxOlderMailOffers() {
  const justConnected = useMailboxActivityStore((state) => state.justConnected);
  const mailboxes = useMailboxesStore((state) => state.items);
  const offers = useOlderMailStore((state) => state.offers);
  // An offer shown on this visit stays until the user leaves (its result is read here).
  const seen = useRef(new Set<string>());
  const shown = mailboxes.filter((mailbox) => {
    const offer = offers[`mailbox:${mailbox.id}`];
    const open = mailbox.id === justConnected || seen.current.has(mailbox.id) || (offer !== undefined && !offer.dismissed && (offer.waitingForSync || offer.counting || offer.fetching || (offer.report?.total ?? 0) > 0));
    if (open) seen.current.add(mailbox.id);
    return open;
  });
  return (
    <>
      {shown.map((mailbox) => (
        <MailboxOlderMailOffer key={mailbox.id} mailbox={mailbox} />
      ))}
    </>
  );
}

/** One mailbox's offer after its first sync: who has how much older mail, and one button to fetch it all. */
function MailboxOlderMailOffer({ mailbox }: { mailbox: MailboxSummary }) {
  const { t } = useTranslation();
  const key = `mailbox:${mailbox.id}`;
  const offer = useOlderMailStore((state) => state.offers[key]);
  useEffect(() => offerAfterFirstSync(mailbox.id), [mailbox.id]);
  if (offer === undefined || offer.dismissed) return null;
  if (offer.waitingForSync) {
    return (
      <div className="older-mail" role="group" aria-label={t('olderMail.label')}>
        <p className="hint" role="status">
          <span className="spinner spinner-small" aria-hidden="true" /> {t('olderMail.waitingForSync')}
        </p>
      </div>
    );
  }
  return (
    <OfferFrame offerKey={offer} label={t('olderMail.label')} onFetch={() => void fetchOlderMail(key)} onDismiss={() => dismissOlderMail(key)}>
      {offer.report !== null && offer.report.total > 0 ? (
        <>
          <p className="older-mail-text">{t('olderMail.mailboxOffer', { count: offer.report.total, address: mailbox.address })}</p>
          <CandidateCounts report={offer.report} />
        </>
      ) : null}
    </OfferFrame>
  );
}

/**
 * In an import's result: the imported candidates' mail on the server, counted, offered once
 * for the whole file (R10). An import larger than one count can cover keeps the plain offer.
 */
export function ImportOlderMailOffer({ offer: backfill }: { offer: BackfillOffer }) {
  const { t } = useTranslation();
  // One offer per import (a new file is counted anew).
  const key = `import:${backfill.candidateIds[0] ?? ''}:${backfill.candidateIds.length}`;
  const offer = useOlderMailStore((state) => state.offers[key]);
  const countable = backfill.candidateIds.length <= olderMailCandidateLimit;
  useEffect(() => {
    if (countable && backfill.candidateIds.length > 0) void countOlderMail(key, { candidateIds: backfill.candidateIds, days: backfill.days });
  }, [key, countable, backfill]);
  if (!countable) return <ImportBackfillOffer offer={backfill} />;
  if (offer === undefined || offer.dismissed) return null;
  return (
    <OfferFrame offerKey={offer} label={t('olderMail.label')} onFetch={() => void fetchOlderMail(key)} onDismiss={() => dismissOlderMail(key)}>
      {offer.report !== null && offer.report.total > 0 ? (
        <>
          <p className="older-mail-text">{t('olderMail.importOffer', { count: offer.report.total })}</p>
          <CandidateCounts report={offer.report} />
        </>
      ) : null}
    </OfferFrame>
  );
}

/** Who has how much: the first few names, then "and N more". */
function CandidateCounts({ report }: { report: OlderMailReport }) {
  const { t } = useTranslation();
  const shown = report.candidates.slice(0, namesShown);
  const more = report.candidates.length - shown.length;
  return (
    <ul className="older-mail-candidates" aria-label={t('olderMail.candidatesLabel')}>
      {shown.map((entry) => (
        <li key={entry.candidateId}>
          <span className="older-mail-name">{entry.name}</span> <span className="older-mail-count">{t('olderMail.mailCount', { count: entry.count })}</span>
        </li>
      ))}
      {more > 0 ? <li className="older-mail-more">{t('olderMail.more', { count: more })}</li> : null}
    </ul>
  );
}

/**
 * What every offer shows around its words: counting, the fetch button with "Not now", the
 * progress of the fetch (from the mailboxes' status), its result, and a refusal.
 * `quietWhenEmpty`: nothing at all when there is nothing to offer (the profile).
 */
function OfferFrame({
  offerKey: offer,
  label,
  quietWhenEmpty = false,
  inline = false,
  onFetch,
  onDismiss,
  children,
}: {
  offerKey: OlderMailOffer;
  label: string;
  quietWhenEmpty?: boolean;
  /** As wide as its words (on the profile, above the cards), not the column. */
  inline?: boolean;
  onFetch: () => void;
  onDismiss: () => void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const report = offer.report;
  const total = report?.total ?? 0;
  // No mailbox to ask: nothing to offer, and nothing to say about it here.
  if (report !== null && report.mailboxesSearched === 0 && report.mailboxesUnavailable === 0 && offer.fetched === null && offer.fetchError === null) return null;
  if (quietWhenEmpty && !offer.fetching && offer.fetched === null && offer.countError === null && (offer.counting || total === 0)) return null;
  return (
    <div className={inline ? 'older-mail older-mail-inline' : 'older-mail'} role="group" aria-label={label}>
      {offer.counting && report === null ? (
        <p className="hint" role="status">
          <span className="spinner spinner-small" aria-hidden="true" /> {t('olderMail.counting')}
        </p>
      ) : null}
      {children}
      {report !== null && report.mailboxesSearched > 0 && total === 0 && offer.fetched === null && !offer.counting ? <p className="hint" role="status">{t('olderMail.none', { count: report.days })}</p> : null}
      {report !== null && ((report.truncated && total > 0) || report.mailboxesUnavailable > 0) ? (
        <p className="hint">
          {report.truncated && total > 0 ? t('olderMail.atLeast') : ''} {report.mailboxesUnavailable > 0 ? t('olderMail.unavailable', { count: report.mailboxesUnavailable }) : ''}
        </p>
      ) : null}
      {total > 0 || offer.fetching ? (
        <div className="older-mail-actions">
          <button type="button" className="button button-primary button-small" aria-disabled={offer.fetching} onClick={() => !offer.fetching && onFetch()}>
            {offer.fetching ? <span className="spinner spinner-small" aria-hidden="true" /> : null}
            {offer.fetching ? t('olderMail.fetching') : t('olderMail.fetch', { count: total })}
          </button>
          {offer.fetching ? <FetchProgress /> : (
            <button type="button" className="button button-quiet button-small" onClick={onDismiss}>
              {t('olderMail.notNow')}
            </button>
          )}
        </div>
      ) : null}
      {offer.fetched !== null ? (
        <p className="hint" role="status">
          {offer.fetched.cancelled ? t('syncTwo.fetchStopped', { count: offer.fetched.messagesStored }) : t('syncTwo.fetchDone', { count: offer.fetched.messagesStored })}
        </p>
      ) : null}
      {offer.countError !== null || offer.fetchError !== null ? (
        <p className="field-error" role="alert">
          {errorText((offer.fetchError ?? offer.countError)!)}
        </p>
      ) : null}
    </div>
  );
}

/** "n of N" of the backfill running in a mailbox, as its status reports it. */
function FetchProgress() {
  const { t } = useTranslation();
  const running = useMailboxesStore((state) => state.items.find((mailbox) => mailbox.status.state === 'syncing' && mailbox.status.phase === 'backfill'));
  if (running === undefined || running.status.state !== 'syncing' || running.status.total === undefined) return null;
  return (
    <span className="hint older-mail-progress">
      <progress max={running.status.total} value={running.status.done} aria-label={t('olderMail.progressLabel')} /> {t('olderMail.progress', { done: running.status.done, total: running.status.total })}
    </span>
  );
}
