import './detail-page.css';
import { useEffect } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { WireError } from '../../../shared/errors.js';
import type { Route } from '../stores/navigation-store.js';
import { setPageTitle } from '../stores/unread-store.js';
import { BackLink } from './back-link.js';
import { DetailUnavailable } from './detail-unavailable.js';
import { PageHeader } from './page-header.js';

/**
 * The frame of a detail page (a candidate, a job): the way back to its list, the title with
 * the page's actions, then its content. Every detail page looks and behaves the same, and a
 * new one is this plus its cards.
 */
export function DetailPage({ back, title, actions, children }: { back: { route: Route; label: string }; title: string; actions?: ReactNode; children?: ReactNode }) {
  return (
    <div className="page-body page-scroll">
      <BackLink route={back.route} label={back.label} />
      <PageHeader title={title}>{actions}</PageHeader>
      {children}
    </div>
  );
}

/** What a detail store offers: the id it shows, how far loading got, the item or the error. */
interface DetailState<T> {
  shownId: string | null;
  status: 'idle' | 'loading' | 'ready' | 'error';
  item: T | null;
  error: WireError | null;
}

/**
 * A detail page that loads its item by id: "Loading…" until it is there, the page's own
 * words when it cannot be shown (not found, not allowed, not reachable), else `children`
 * with the item. The window's title becomes the item's name.
 */
export function LoadedDetailPage<T>(props: {
  id: string;
  state: DetailState<T>;
  load: (id: string) => void;
  nameOf: (item: T) => string;
  back: { route: Route; label: string };
  loadingTitle: string;
  /** The i18n section with the page's "not found" and "not allowed" words. */
  keys: 'profile' | 'jobPage';
  icon: ReactNode;
  children: (item: T) => ReactNode;
}) {
  const { id, state, load, nameOf, back, loadingTitle, keys, icon, children } = props;
  const { t } = useTranslation();
  const shown = state.shownId === id && state.item !== null ? state.item : null;

  useEffect(() => {
    // Only a new id loads again; `load` is the store's own function.
    load(id);
  }, [id]);

  const name = shown ? nameOf(shown) : null;
  useEffect(() => {
    if (name !== null) setPageTitle(`${name} – ${t('app.name')}`);
  }, [name, t]);

  if (state.shownId !== id || state.status === 'idle' || state.status === 'loading') {
    return (
      <DetailPage back={back} title={loadingTitle}>
        <p className="loading" role="status">
          {t('app.loading')}
        </p>
      </DetailPage>
    );
  }
  if (state.status === 'error' || !state.item) {
    return <DetailUnavailable error={state.error} onRetry={() => load(id)} list={back.route} keys={keys} backLinkLabel={back.label} icon={icon} />;
  }
  return <>{children(state.item)}</>;
}
