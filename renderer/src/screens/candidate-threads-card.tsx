import './candidate-threads-card.css';
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CandidateProfile, ThreadSummary } from '../../../shared/model.js';
import { ActionDialog } from '../components/dialog.js';
import { ErrorNotice } from '../components/error-notice.js';
import { useCandidateThreadsStore } from '../stores/lists.js';
import { unlinkThreadFromCandidate } from '../stores/thread-store.js';
import { ThreadRow } from './thread-row.js';
import { reasonBadgeClass } from './thread-view.js';

/** A candidate's conversations on their profile, with the same marks as the inbox and "not this candidate". */
export function CandidateThreadsCard({ candidate }: { candidate: CandidateProfile }) {
  const { t } = useTranslation();
  const headingId = useId();
  const threads = useCandidateThreadsStore();
  const [unlinking, setUnlinking] = useState<ThreadSummary | null>(null);

  useEffect(() => {
    void useCandidateThreadsStore.getState().load({ candidateId: candidate.id });
  }, [candidate.id]);

  const current = threads.params.candidateId === candidate.id;
  return (
    <section className="card card-wide" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('mail.threadsTitle')}</h2>
      {threads.status === 'error' && threads.error ? (
        <ErrorNotice error={threads.error} onRetry={() => void threads.load()} />
      ) : !current || threads.status !== 'ready' ? (
        <p className="loading" role="status">
          {t('app.loading')}
        </p>
      ) : threads.items.length === 0 ? (
        <p className="card-text">{t('mail.threadsEmpty')}</p>
      ) : (
        <ul className="profile-threads" aria-label={t('mail.threadsTitle')}>
          {threads.items.map((thread) => {
            const mine = thread.candidates.find((entry) => entry.id === candidate.id);
            return (
              <li key={thread.id} className="profile-thread">
                <ThreadRow thread={thread} />
                <div className="profile-thread-why">
                  {mine ? (
                    <span className={reasonBadgeClass(mine.reason)} data-reason={mine.reason}>
                      {t(`mail.reason.${mine.reason}`)}
                    </span>
                  ) : null}
                  <button
                    type="button"
                    className="button button-quiet button-small"
                    onClick={() => setUnlinking(thread)}
                    aria-label={`${t('mail.notThisCandidate')}: ${thread.subject}`}
                  >
                    {t('mail.notThisCandidate')}
                  </button>
                </div>
              </li>
            );
          })}
        </ul>
      )}
      {current && threads.nextCursor !== null ? (
        <button type="button" className="button button-quiet" onClick={() => void threads.loadMore()} disabled={threads.loadingMore}>
          {t('mail.showMore')}
        </button>
      ) : null}
      {unlinking ? <UnlinkThreadDialog thread={unlinking} candidate={candidate} onClose={() => setUnlinking(null)} /> : null}
    </section>
  );
}

function UnlinkThreadDialog({ thread, candidate, onClose }: { thread: ThreadSummary; candidate: CandidateProfile; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <ActionDialog
      title={t('mail.notThisCandidateTitle', { name: candidate.name })}
      confirmLabel={t('mail.notThisCandidateConfirm', { name: candidate.name })}
      busyLabel={t('mail.removing')}
      danger
      onCancel={onClose}
      action={() => unlinkThreadFromCandidate(thread.id, candidate.id)}
      onDone={onClose}
    >
      <p>
        <strong>{thread.subject || t('inbox.noSubject')}</strong>
      </p>
      <p>{t('mail.notThisCandidateBody', { name: candidate.name })}</p>
    </ActionDialog>
  );
}
