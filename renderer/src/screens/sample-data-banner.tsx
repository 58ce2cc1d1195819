import './sample-data-banner.css';
import { useEffect, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNotice } from '../components/error-notice.js';
import { useSampleDataStore } from '../stores/sample-data-store.js';
import { useSessionStore } from '../stores/session-store.js';

/**
 * Above the inbox while the sample data is loaded, so that nobody takes a sample mail for a
 * real one: "You are exploring sample data", and for admins "Remove sample data" (the same
 * action as in Settings › Workspace; `sample:remove` is an admin's).
 */
export function SampleDataBanner() {
  const { t } = useTranslation();
  const isAdmin = useSessionStore((state) => state.session?.user.role === 'admin');
  const { status, busy, error, refresh, remove } = useSampleDataStore();
  const titleId = useId();

  useEffect(() => {
    void refresh();
  }, [refresh]);

  if (!status?.loaded) return null;
  return (
    <section className="sample-data-banner" aria-labelledby={titleId} data-testid="sample-data-banner">
      <div className="sample-data-banner-text">
        <p className="sample-data-banner-title" id={titleId}>
          {t('sampleData.bannerTitle')}
        </p>
        <p className="sample-data-banner-body">{isAdmin ? t('sampleData.bannerBody') : t('sampleData.bannerBodyMember')}</p>
      </div>
      {isAdmin ? (
        <button type="button" className="button button-secondary button-small" disabled={busy !== null} aria-busy={busy === 'remove'} onClick={() => void remove()}>
          {busy === 'remove' ? t('sampleData.removing') : t('sampleData.remove')}
        </button>
      ) : null}
      {error ? <ErrorNotice error={error} channel="sample:remove" /> : null}
    </section>
  );
}
