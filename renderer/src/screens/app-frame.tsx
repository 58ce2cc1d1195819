import './app-frame.css';
import { useEffect } from 'react';
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { assertNever } from '../../../shared/assert-never.js';
import { BriefcaseIcon, HireboxMark, InboxIcon, PeopleIcon, SendIcon, SettingsIcon } from '../components/icons.js';
import { initialsOf } from '../format.js';
import type { PageName, Route } from '../stores/navigation-store.js';
import { hrefOf, useNavigationStore } from '../stores/navigation-store.js';
import { needsAttention, useOutboxStore } from '../stores/outbox-store.js';
import { useSessionStore } from '../stores/session-store.js';
import { CandidateProfilePage } from './candidate-profile-page.js';
import { CandidatesPage } from './candidates-page.js';
import { InboxPage } from './inbox-page.js';
import { JobPage } from './job-page.js';
import { JobsPage } from './jobs-page.js';
import { OutboxPage } from './outbox-page.js';
import { SearchField } from './search-field.js';
import { SearchPage } from './search-page.js';
import { SignInBanner, StatusArea } from './status-area.js';
import { useMailboxesStore } from '../stores/lists.js';
import { useUnreadStore } from '../stores/unread-store.js';
import { SettingsPage } from './settings-page.js';
import { CommandPalette } from './command-palette.js';
import { NewMailToasts } from './new-mail-toasts.js';
import { ShortcutsOverlay } from './shortcuts-overlay.js';
import { setPageTitle } from '../stores/unread-store.js';

const navigation: { page: PageName; route: Route; icon: () => ReactElement }[] = [
  { page: 'inbox', route: { page: 'inbox' }, icon: () => <InboxIcon /> },
  { page: 'candidates', route: { page: 'candidates' }, icon: () => <PeopleIcon /> },
  { page: 'jobs', route: { page: 'jobs' }, icon: () => <BriefcaseIcon /> },
  { page: 'outbox', route: { page: 'outbox' }, icon: () => <SendIcon /> },
  { page: 'settings', route: { page: 'settings', section: 'language' }, icon: () => <SettingsIcon /> },
];

/** The window once set up: navigation rail on the left, the current page beside it. */
export function AppFrame() {
  const { t } = useTranslation();
  const route = useNavigationStore((state) => state.route);
  const session = useSessionStore((state) => state.session);
  const pageTitle = t(`nav.${route.page}`);
  const attention = useOutboxStore((state) => state.items.filter(needsAttention).length);

  useEffect(() => {
    void useOutboxStore.getState().load();
    // The status area and the window title's count, on every screen.
    if (useMailboxesStore.getState().status === 'idle') void useMailboxesStore.getState().load();
    void useUnreadStore.getState().load();
  }, []);
  // A candidate's profile and a job's page name themselves in the title once loaded.
  const isDetailPage = (route.page === 'candidates' && route.candidateId !== undefined) || (route.page === 'jobs' && route.jobId !== undefined);

  useEffect(() => {
    if (!isDetailPage) setPageTitle(`${pageTitle} – ${t('app.name')}`);
  }, [pageTitle, isDetailPage, t]);

  return (
    <div className="frame">
      <a className="skip-link" href="#main-content">
        {t('nav.skipToContent')}
      </a>
      <aside className="rail">
        <div className="rail-brand">
          <HireboxMark />
          <div className="rail-brand-text">
            <span className="rail-product">{t('app.name')}</span>
            {session ? <span className="rail-workspace">{session.workspace.name}</span> : null}
          </div>
        </div>
        <SearchField />
        <nav aria-label={t('nav.label')}>
          <ul className="rail-links">
            {navigation.map((item) => (
              <li key={item.page}>
                <a
                  className="rail-link"
                  href={hrefOf(item.route)}
                  aria-current={route.page === item.page ? 'page' : undefined}
                >
                  {item.icon()}
                  <span>{t(`nav.${item.page}`)}</span>
                  {item.page === 'outbox' && attention > 0 ? (
                    <span className="rail-count" aria-label={t('outbox.attentionCount', { count: attention })}>
                      {attention}
                    </span>
                  ) : null}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <StatusArea />
        {session ? (
          <div className="rail-user">
            <span className="avatar" aria-hidden="true">
              {initialsOf(session.user.name)}
            </span>
            <div className="rail-user-text">
              <span className="rail-user-name">{session.user.name}</span>
              <span className="rail-user-email">{session.user.email}</span>
            </div>
          </div>
        ) : null}
      </aside>
      <main className="page" id="main-content" tabIndex={-1}>
        <SignInBanner />
        <CurrentPage route={route} />
      </main>
      <CommandPalette />
      <ShortcutsOverlay />
      <NewMailToasts />
    </div>
  );
}

function CurrentPage({ route }: { route: Route }) {
  switch (route.page) {
    case 'inbox':
      return <InboxPage threadId={route.threadId} />;
    case 'candidates':
      return route.candidateId === undefined ? <CandidatesPage /> : <CandidateProfilePage candidateId={route.candidateId} />;
    case 'jobs':
      return route.jobId === undefined ? <JobsPage /> : <JobPage jobId={route.jobId} />;
    case 'settings':
      return <SettingsPage section={route.section} />;
    case 'outbox':
      return <OutboxPage />;
    case 'search':
      return <SearchPage />;
    default:
      return assertNever(route);
  }
}
