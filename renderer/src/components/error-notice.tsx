import { useTranslation } from 'react-i18next';
import type { WireError } from '../../../shared/errors.js';
import { useErrorText } from '../i18n/use-error-text.js';

/** An error in words (from the error table), with "Try again" when it may help. */
export function ErrorNotice({ error, onRetry }: { error: WireError; onRetry?: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  return (
    <div className="notice notice-error" role="alert">
      <p>{errorText(error)}</p>
      {onRetry && error.retryable ? (
        <button type="button" className="button button-secondary" onClick={onRetry}>
          {t('app.tryAgain')}
        </button>
      ) : null}
    </div>
  );
}
