import { create } from 'zustand';

export const settingsSections = ['language', 'workspace', 'mailboxes'] as const;
export type SettingsSection = (typeof settingsSections)[number];

export type Route =
  | { page: 'inbox' }
  | { page: 'candidates' }
  | { page: 'jobs' }
  | { page: 'settings'; section: SettingsSection };

export type PageName = Route['page'];

const defaultRoute: Route = { page: 'inbox' };

/**
 * Reads a route from the address's fragment (`#/settings/mailboxes`). Anything else —
 * including the headless key (`#token=...`), which the client removes — is the inbox.
 */
export function parseRoute(hash: string): Route {
  const [page, section] = hash.replace(/^#\/?/, '').split('/');
  switch (page) {
    case 'inbox':
    case 'candidates':
    case 'jobs':
      return { page };
    case 'settings':
      return {
        page: 'settings',
        section: (settingsSections as readonly string[]).includes(section ?? '') ? (section as SettingsSection) : 'language',
      };
    default:
      return defaultRoute;
  }
}

/** The fragment for a route, for `href`s. */
export function hrefOf(route: Route): string {
  return route.page === 'settings' ? `#/settings/${route.section}` : `#/${route.page}`;
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
