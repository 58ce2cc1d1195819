import './mailbox-live-controls.css';
import { useTranslation } from 'react-i18next';
import type { MailboxSummary } from '../../../shared/model.js';
import { useErrorText } from '../i18n/use-error-text.js';
import type { BackfillOffer } from '../../../shared/model.js';
import { acceptImportBackfill, acceptJobBackfill, backfillMailbox, cancelBackfill, dismissJobBackfill, setMailboxPaused, useBackfillStore } from '../stores/backfill-store.js';

/** How far back "Fetch older mail" reaches for a mailbox. */
const mailboxBackfillDays = 30;

/** Pause/resume and "fetch older mail" for one mailbox (issue 7), in its row in Settings › Mailboxes. */
export function MailboxLiveControls({ mailbox }: { mailbox: MailboxSummary }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const request = useBackfillStore((state) => state.requests[mailbox.id]);
  const toggling = useBackfillStore((state) => state.toggling[mailbox.id] === true);
  const toggleError = useBackfillStore((state) => state.toggleErrors[mailbox.id] ?? null);
  const paused = mailbox.status.state === 'paused';
  const failed = mailbox.status.state === 'auth-required';
  return (
    <div className="mailbox-live-controls">
      <button
        type="button"
        className="button button-quiet button-small"
        aria-disabled={toggling}
        onClick={() => {
          if (!toggling) void setMailboxPaused(mailbox.id, !(paused || failed));
        }}
      >
        {paused ? t('syncTwo.resume') : failed ? t('syncTwo.tryAgain') : t('syncTwo.pause')}
        <span className="visually-hidden"> {mailbox.address}</span>
      </button>
      {request?.pending ? (
        <button type="button" className="button button-quiet button-small" onClick={() => void cancelBackfill(mailbox.id)}>
          <span className="spinner spinner-small" aria-hidden="true" />
          {t('syncTwo.stopFetching')}
        </button>
      ) : (
        <button type="button" className="button button-quiet button-small" aria-disabled={paused} onClick={() => !paused && void backfillMailbox(mailbox.id, mailboxBackfillDays)}>
          {t('syncTwo.fetchOlder', { days: mailboxBackfillDays })}
        </button>
      )}
      <BackfillOutcome result={request?.result ?? null} />
      {request?.error || toggleError ? (
        <p className="field-error" role="alert">
          {errorText((request?.error ?? toggleError)!)}
        </p>
      ) : null}
    </div>
  );
}

/** After a job was unarchived (R7): offers its candidates' mail of the archived time. */
export function JobBackfillOffer({ jobId }: { jobId: string }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const offer = useBackfillStore((state) => state.jobOffers[jobId]);
  const request = useBackfillStore((state) => state.requests[`job:${jobId}`]);
  if (offer === undefined && request === undefined) return null;
  return (
    <div className="candidate-backfill" role="group" aria-label={t('syncTwo.jobOfferLabel')}>
      {offer !== undefined ? (
        <>
          <span>{t('syncTwo.jobOffer', { count: offer.days })}</span>
          <button type="button" className="button button-secondary button-small" aria-disabled={request?.pending === true} onClick={() => void acceptJobBackfill(jobId)}>
            {request?.pending ? <span className="spinner spinner-small" aria-hidden="true" /> : null}
            {t('syncTwo.jobOfferAccept')}
          </button>
          <button type="button" className="button button-quiet button-small" onClick={() => dismissJobBackfill(jobId)}>
            {t('syncTwo.jobOfferDismiss')}
          </button>
        </>
      ) : null}
      <BackfillOutcome result={request?.result ?? null} />
      {request?.error ? (
        <p className="field-error" role="alert">
          {errorText(request.error)}
        </p>
      ) : null}
    </div>
  );
}

/** After a bulk import: one offer to fetch the imported candidates' last 90 days (R10). */
export function ImportBackfillOffer({ offer }: { offer: BackfillOffer }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const request = useBackfillStore((state) => state.requests.import);
  return (
    <div className="candidate-backfill" role="group" aria-label={t('syncTwo.importOfferLabel')}>
      <span>{t('syncTwo.importOffer', { count: offer.days })}</span>
      {request?.result ? null : (
        <button type="button" className="button button-secondary button-small" aria-disabled={request?.pending === true} onClick={() => void acceptImportBackfill(offer)}>
          {request?.pending ? <span className="spinner spinner-small" aria-hidden="true" /> : null}
          {t('syncTwo.jobOfferAccept')}
        </button>
      )}
      <BackfillOutcome result={request?.result ?? null} />
      {request?.error ? (
        <p className="field-error" role="alert">
          {errorText(request.error)}
        </p>
      ) : null}
    </div>
  );
}

function BackfillOutcome({ result }: { result: { messagesStored: number; cancelled: boolean } | null }) {
  const { t } = useTranslation();
  if (result === null) return null;
  return (
    <p className="hint" role="status">
      {result.cancelled ? t('syncTwo.fetchStopped', { count: result.messagesStored }) : t('syncTwo.fetchDone', { count: result.messagesStored })}
    </p>
  );
}
