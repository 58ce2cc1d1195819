import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { WireError } from '../../../shared/errors.js';
import { hrefOf, type Route } from '../stores/navigation-store.js';
import { BackLink } from './back-link.js';
import { EmptyState } from './empty-state.js';
import { ErrorNotice } from './error-notice.js';
import { LockIcon } from './icons.js';
import { PageHeader } from './page-header.js';
import { setPageTitle } from '../stores/unread-store.js';

/**
 * A detail page (a candidate, a job) that cannot be shown: not found (deleted, merged,
 * never existed), not allowed, or not reachable — each in its own words, with a way back.
 * `keys` names the page's i18n section (`profile`, `jobPage`), which holds `backToList`,
 * `notFoundTitle`/`Body`, `forbiddenTitle`/`Body` and `failedTitle`.
 */
export function DetailUnavailable(props: {
  error: WireError | null;
  onRetry: () => void;
  list: Route;
  keys: 'profile' | 'jobPage';
  backLinkLabel: string;
  icon: ReactNode;
}) {
  const { error, onRetry, list, keys, backLinkLabel, icon } = props;
  const { t } = useTranslation();
  const back = (
    <a className="button button-secondary" href={hrefOf(list)}>
      {t(`${keys}.backToList`)}
    </a>
  );
  const title = error?.code === 'not-found' ? t(`${keys}.notFoundTitle`) : error?.code === 'forbidden' ? t(`${keys}.forbiddenTitle`) : t(`${keys}.failedTitle`);
  useEffect(() => {
    setPageTitle(`${title} – ${t('app.name')}`);
  }, [title, t]);
  return (
    <div className="page-body page-scroll">
      <BackLink route={list} label={backLinkLabel} />
      <PageHeader title={title} />
      {error?.code === 'not-found' ? (
        <EmptyState icon={icon} action={back}>
          <p>{t(`${keys}.notFoundBody`)}</p>
        </EmptyState>
      ) : error?.code === 'forbidden' ? (
        <EmptyState icon={<LockIcon size={28} />} action={back}>
          <p>{t(`${keys}.forbiddenBody`)}</p>
        </EmptyState>
      ) : error ? (
        <ErrorNotice error={error} onRetry={onRetry} />
      ) : null}
    </div>
  );
}
