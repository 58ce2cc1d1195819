import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNotice } from '../components/error-notice.js';
import { useSampleDataStore } from '../stores/sample-data-store.js';
import { useSessionStore } from '../stores/session-store.js';
import './sample-data-offer.css';

/**
 * "Explore with sample data". Shown in the empty inbox right after first run and
 * in Settings › Workspace while no mailbox is connected; once loaded, says so and offers
 * "Remove sample data" (which leaves the workspace as it was). Admins only: others see nothing.
 * `variant="inbox"` is the short form beside the empty inbox's "Connect a mailbox".
 */
export function SampleDataOffer({ variant }: { variant: 'inbox' | 'settings' }) {
  const { t } = useTranslation();
  const isAdmin = useSessionStore((state) => state.session?.user.role === 'admin');
  const { status, busy, error, refresh, load, remove } = useSampleDataStore();

  useEffect(() => {
    if (isAdmin) void refresh();
  }, [isAdmin, refresh]);

  if (!isAdmin || status === null) return null;
  if (variant === 'inbox' && !status.offered) return null;
  if (variant === 'settings' && !status.offered && !status.loaded) return null;

  return (
    <section className={`sample-data sample-data-${variant}`} aria-label={t('sampleData.title')}>
      <h3 className="sample-data-title">{status.loaded ? t('sampleData.loadedTitle') : t('sampleData.title')}</h3>
      <p className="sample-data-body">
        {status.loaded ? t('sampleData.loadedBody', { candidates: status.candidates, messages: status.messages }) : t('sampleData.body')}
      </p>
      {error ? <ErrorNotice error={error} channel={status.loaded ? 'sample:remove' : 'sample:load'} /> : null}
      <div className="sample-data-actions">
        {status.loaded ? (
          <button type="button" className="button button-secondary" disabled={busy !== null} aria-busy={busy === 'remove'} onClick={() => void remove()}>
            {busy === 'remove' ? t('sampleData.removing') : t('sampleData.remove')}
          </button>
        ) : (
          <button type="button" className="button button-secondary" disabled={busy !== null} aria-busy={busy === 'load'} onClick={() => void load()}>
            {busy === 'load' ? t('sampleData.loading') : t('sampleData.load')}
          </button>
        )}
      </div>
    </section>
  );
}
