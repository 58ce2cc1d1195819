import './candidate-sync-card.css';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { CandidateProfile } from '../../../shared/model.js';
import { hrefOf } from '../stores/navigation-store.js';

/** R7 in words: does new mail with this candidate get linked, and if not, why and how to change it. */
export function SyncCard({ profile, noMailbox }: { profile: CandidateProfile; noMailbox: boolean }) {
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
