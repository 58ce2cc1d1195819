import './connection-banner.css';
import { useTranslation } from 'react-i18next';
import { useConnectionStore } from '../stores/connection-store.js';

/** A calm line at the top while the connection to the engine is being restored. */
export function ConnectionBanner() {
  const { t } = useTranslation();
  const reconnecting = useConnectionStore((store) => store.state.kind === 'reconnecting');
  return (
    <div className="connection-banner" role="status" hidden={!reconnecting}>
      {reconnecting ? t('connection.reconnecting') : null}
    </div>
  );
}
