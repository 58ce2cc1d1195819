import { useTranslation } from 'react-i18next';
import type { ChannelName } from '../../../shared/contract.js';
import type { WireError } from '../../../shared/errors.js';
import { useErrorText } from '../i18n/use-error-text.js';

interface ErrorNoticeProps {
  error: WireError;
  onRetry?: () => void;
  /** The call the error answers, for words that only fit there (see `channelErrorText`). */
  channel?: ChannelName;
  id?: string;
}

/** An error in words (from the error table), with "Try again" when it may help. */
export function ErrorNotice({ error, onRetry, channel, id }: ErrorNoticeProps) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  return (
    <div className="notice notice-error" role="alert" id={id}>
      <p>{errorText(error, undefined, channel)}</p>
      {onRetry && error.retryable ? (
        <button type="button" className="button button-secondary" onClick={onRetry}>
          {t('app.tryAgain')}
        </button>
      ) : null}
    </div>
  );
}
