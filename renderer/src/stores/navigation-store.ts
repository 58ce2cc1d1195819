import { assertNever } from '../../../shared/assert-never.js';
import { create } from 'zustand';

export const settingsSections = ['language', 'workspace', 'team', 'mailboxes', 'writing', 'templates', 'notifications', 'privacy'] as const;
export type SettingsSection = (typeof settingsSections)[number];

/**
 * Where the user is. `candidateId` and `jobId` open one candidate's profile or one job's
 * page (`#/candidates/<id>`, `#/jobs/<id>`); without them the page shows its list.
 */
export type Route =
  | { page: 'inbox'; threadId?: string }
  | { page: 'candidates'; candidateId?: string }
  | { page: 'jobs'; jobId?: string }
  | { page: 'settings'; section: SettingsSection }
  // Compose (writing mail): the user's outbox.
  | { page: 'outbox' }
  // Search over stored mail; the text lives in the search store, not in the address.
  | { page: 'search' };

export type PageName = Route['page'];

const defaultRoute: Route = { page: 'inbox' };

/** Ids are UUIDs; anything else in that place is treated as an id the engine will not know. */
function idFrom(segment: string | undefined): string | undefined {
  if (segment === undefined || segment === '') return undefined;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * Reads a route from the address's fragment (`#/settings/mailboxes`, `#/candidates/<id>`).
 * Anything else — including the headless key (`#token=...`), which the client removes — is
 * the inbox.
 */
export function parseRoute(hash: string): Route {
  const [page, second] = hash.replace(/^#\/?/, '').split('/');
  switch (page) {
    case 'inbox': {
      const threadId = idFrom(second);
      return threadId === undefined ? { page } : { page, threadId };
    }
    case 'candidates': {
      const candidateId = idFrom(second);
      return candidateId === undefined ? { page } : { page, candidateId };
    }
    case 'jobs': {
      const jobId = idFrom(second);
      return jobId === undefined ? { page } : { page, jobId };
    }
    case 'outbox':
      return { page: 'outbox' };
    case 'search':
      return { page: 'search' };
    case 'settings':
      return {
        page: 'settings',
        section: (settingsSections as readonly string[]).includes(second ?? '') ? (second as SettingsSection) : 'language',
      };
    default:
      return defaultRoute;
  }
}

/** The fragment for a route, for `href`s. */
export function hrefOf(route: Route): string {
  switch (route.page) {
    case 'settings':
      return `#/settings/${route.section}`;
    case 'outbox':
      return '#/outbox';
    case 'search':
      return '#/search';
    case 'inbox':
      return route.threadId === undefined ? '#/inbox' : `#/inbox/${encodeURIComponent(route.threadId)}`;
    case 'candidates':
      return route.candidateId === undefined ? '#/candidates' : `#/candidates/${encodeURIComponent(route.candidateId)}`;
    case 'jobs':
      return route.jobId === undefined ? '#/jobs' : `#/jobs/${encodeURIComponent(route.jobId)}`;
    default:
      return assertNever(route);
  }
}

/** Goes to a route the way a link would (the fragment changes; back returns). */
export function navigateTo(route: Route): void {
  location.hash = hrefOf(route);
}

interface NavigationStore {
  route: Route;
  /** Counts navigations the user made, so the new page can take focus (not on first load). */
  navigations: number;
}

/**
 * Where the user is. The route lives in the address's fragment, so reload, back and
 * forward work in both shells.
 */
export const useNavigationStore = create<NavigationStore>(() => ({
  route: typeof location === 'undefined' ? defaultRoute : parseRoute(location.hash),
  navigations: 0,
}));

/** Follows the fragment; returns the unsubscribe. */
export function trackNavigation(): () => void {
  useNavigationStore.setState({ route: parseRoute(location.hash) });
  const onHashChange = () =>
    useNavigationStore.setState((state) => ({ route: parseRoute(location.hash), navigations: state.navigations + 1 }));
  window.addEventListener('hashchange', onHashChange);
  return () => window.removeEventListener('hashchange', onHashChange);
}
