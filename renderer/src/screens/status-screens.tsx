import './status-screens.css';
import { useTranslation } from 'react-i18next';
import type { WireError } from '../../../shared/errors.js';
import { ErrorNotice } from '../components/error-notice.js';
import { HireboxMark, LinkOffIcon } from '../components/icons.js';

/** Shown instead of the app when the address's key was refused (4401) or is missing. */
export function LinkScreen({ kind }: { kind: 'link-expired' | 'link-missing' }) {
  const { t } = useTranslation();
  const expired = kind === 'link-expired';
  return (
    <main className="status-screen">
      <div className="status-card">
        <div className="status-icon">
          <LinkOffIcon size={28} />
        </div>
        <h1>{expired ? t('connection.linkExpiredTitle') : t('connection.linkMissingTitle')}</h1>
        <p>{expired ? t('connection.linkExpiredBody') : t('connection.linkMissingBody')}</p>
      </div>
    </main>
  );
}

/** While the engine has not answered yet. */
export function SplashScreen({ connecting }: { connecting: boolean }) {
  const { t } = useTranslation();
  return (
    <main className="status-screen">
      <div className="splash" role="status">
        <HireboxMark size={40} />
        <p>{connecting ? t('connection.connecting') : t('app.loading')}</p>
      </div>
    </main>
  );
}

/** The engine could not be asked whether it is set up. */
export function FailedScreen({ error, onRetry }: { error: WireError; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <main className="status-screen">
      <div className="status-card">
        <HireboxMark size={40} />
        <h1>{t('connection.failedTitle')}</h1>
        <ErrorNotice error={{ ...error, retryable: true }} onRetry={onRetry} />
      </div>
    </main>
  );
}
