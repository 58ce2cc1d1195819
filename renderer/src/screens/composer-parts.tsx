import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WireError } from '../../../shared/errors.js';
import { formatDateTime } from '../format.js';
import { useErrorText } from '../i18n/use-error-text.js';
import type { Draft } from '../stores/outbox-store.js';
import { parseAddresses } from '../stores/outbox-store.js';
import { usePreferencesStore } from '../stores/preferences-store.js';

/** Below a reply: the mail it answers, quoted when sent; collapsed until asked for. */
export function QuotedHistory({ draft }: { draft: Draft }) {
  const { t } = useTranslation();
  const language = usePreferencesStore((state) => state.language);
  const [open, setOpen] = useState(false);
  const quote = draft.quote;
  if (quote === undefined || draft.mode === 'forward') return null;
  return (
    <div className="composer-forwarded" data-testid="composer-quoted">
      <button type="button" className="button button-quiet button-small composer-quote-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? t('quoting.hide') : t('quoting.show')}
      </button>
      {open ? (
        <blockquote className="composer-quote" aria-label={t('quoting.label')}>
          <p className="composer-quote-meta">{t('quoting.intro', { date: formatDateTime(quote.date, language), name: quote.from })}</p>
          <pre>{quote.text}</pre>
        </blockquote>
      ) : null}
    </div>
  );
}

/** What went wrong with the mail, at the field it concerns, naming the value typed there. */
export function ComposerError({ error, draft }: { error: WireError; draft: Draft }) {
  const errorText = useErrorText();
  const match = /^(to|cc|bcc)\.(\d+)$/.exec(error.field ?? '');
  const value = match ? parseAddresses(draft[match[1] as 'to' | 'cc' | 'bcc'])[Number(match[2])] : undefined;
  return (
    <div className="notice notice-error" role="alert">
      {/* Channel words are looked up by exact field: `to.1` is `to.*` there. */}
      <p>{errorText(error.field === undefined ? error : { ...error, field: error.field.replace(/\.\d+$/, '.*') }, value, 'outbox:send')}</p>
    </div>
  );
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
