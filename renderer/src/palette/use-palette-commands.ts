import { useTranslation } from 'react-i18next';
import type { CandidateSummary, JobSummary, Language, MailboxSummary } from '../../../shared/model.js';
import { canManageCandidates } from '../permissions.js';
import { useMailboxesStore } from '../stores/lists.js';
import { openConnectForm, syncMailboxNow } from '../stores/mailbox-store.js';
import { navigateTo, settingsSections } from '../stores/navigation-store.js';
import { requestPageAction } from '../stores/page-request-store.js';
import { choosePaletteMode, usePaletteStore } from '../stores/palette-store.js';
import { usePreferencesStore } from '../stores/preferences-store.js';
import { typeSearchText } from '../stores/search-store.js';
import { useSessionStore } from '../stores/session-store.js';
import { openShortcuts } from '../stores/shortcuts-store.js';
import { startNewMail } from '../screens/composer.js';
import { rankEntries, type PaletteEntry } from './rank-commands.js';

/** One row of the palette: what it says, what finds it, and what Enter does. */
export interface PaletteCommand extends PaletteEntry {
  /** A second, quieter line (an address, "archived"). */
  detail?: string;
  /** `close`: the palette closes first (the usual); `stay`: it changes what it lists. */
  after: 'close' | 'stay';
  run: () => void;
}

/** Mailboxes "Sync now" reaches: connected, not paused by the user, not unlinked. */
function syncable(mailboxes: readonly MailboxSummary[]): MailboxSummary[] {
  return mailboxes.filter((mailbox) => !mailbox.unlinkedAt && mailbox.status.state !== 'paused');
}

/** Moves focus into the rail's search field once the search page shows. */
function focusSearchField(): void {
  requestAnimationFrame(() => document.querySelector<HTMLInputElement>('.rail-search-input')?.focus());
}

/**
 * What the palette lists for what is typed, ranked: pages, settings sections and actions
 * (the ones the user's role may use), the candidates the engine found by name and the jobs
 * the caller may see — both through the engine's visibility rule — and, for typed text,
 * "Search mail for …" last. In "write" mode only candidates, to write to.
 */
export function usePaletteCommands(): PaletteCommand[] {
  const { t, i18n } = useTranslation();
  const { mode, query, candidates: found, knownCandidates, jobs } = usePaletteStore();
  const foundIds = new Set(found.map((candidate) => candidate.id));
  const candidates = [...found, ...knownCandidates.filter((candidate) => !foundIds.has(candidate.id))];
  const role = useSessionStore((state) => state.session?.user.role);
  const mailboxes = useMailboxesStore((state) => state.items);
  const language = usePreferencesStore((state) => state.language);
  // The other language's words find a command too ("Posteingang" in English, "Inbox" in German).
  const other: Language = language === 'de' ? 'en' : 'de';
  // Keys are built here from the command's name, so they are looked up untyped.
  const translate = i18n.t as unknown as (key: string, options?: Record<string, unknown>) => string;
  const say = (key: string, options: Record<string, unknown> = {}): string => translate(key, { ...options, lng: language });
  const also = (key: string, options: Record<string, unknown> = {}): string[] => [translate(key, { ...options, lng: other })];

  if (mode === 'write') {
    const writeTo = candidates.map((candidate) => writeCommand(candidate, t('palette.action.writeTo', { name: candidate.name })));
    const engineFound = writeTo.filter((command) => foundIds.has(command.id.slice('write-'.length)));
    return withEngineMatches(rankEntries(writeTo, query), query.trim() === '' ? [] : engineFound).slice(0, 50);
  }

  const commands: PaletteCommand[] = [];
  const page = (id: string, labelKey: string, run: () => void, keywords: string[] = []) =>
    commands.push({ id, kind: 'page', label: say(labelKey), keywords: [...also(labelKey), ...keywords], after: 'close', run });
  const action = (id: string, labelKey: string, run: () => void, options: { keywords?: string[]; after?: 'close' | 'stay'; labelOptions?: Record<string, unknown> } = {}) =>
    commands.push({
      id,
      kind: 'action',
      label: say(labelKey, options.labelOptions ?? {}),
      keywords: [...also(labelKey, options.labelOptions), ...(options.keywords ?? [])],
      after: options.after ?? 'close',
      run,
    });

  page('go-inbox', 'palette.go.inbox', () => navigateTo({ page: 'inbox' }));
  page('go-candidates', 'palette.go.candidates', () => navigateTo({ page: 'candidates' }));
  page('go-jobs', 'palette.go.jobs', () => navigateTo({ page: 'jobs' }));
  page('go-outbox', 'palette.go.outbox', () => navigateTo({ page: 'outbox' }));
  page('go-search', 'palette.go.search', () => navigateTo({ page: 'search' }));
  action('write', 'palette.action.write', () => choosePaletteMode('write'), { after: 'stay', keywords: ['compose', 'email', 'verfassen'] });
  if (syncable(mailboxes).length > 0) {
    action('sync', 'palette.action.sync', () => {
      for (const mailbox of syncable(useMailboxesStore.getState().items)) void syncMailboxNow(mailbox.id);
    }, { keywords: ['refresh', 'fetch', 'abrufen', 'aktualisieren'] });
  }
  action('search', 'palette.action.search', () => {
    navigateTo({ page: 'search' });
    focusSearchField();
  }, { keywords: ['find', 'finden'] });
  action('shortcuts', 'palette.action.shortcuts', openShortcuts, { keywords: ['keyboard', 'keys', 'help', 'tastatur', 'hilfe'] });
  if (role !== undefined && canManageCandidates(role)) {
    action('add-candidate', 'palette.action.addCandidate', () => {
      requestPageAction('new-candidate');
      navigateTo({ page: 'candidates' });
    }, { keywords: ['new candidate', 'create', 'neu'] });
    action('import-candidates', 'palette.action.importCandidates', () => {
      requestPageAction('import-candidates');
      navigateTo({ page: 'candidates' });
    }, { keywords: ['csv', 'upload'] });
    action('new-job', 'palette.action.newJob', () => {
      requestPageAction('new-job');
      navigateTo({ page: 'jobs' });
    }, { keywords: ['create job', 'position', 'anlegen'] });
  }
  action('connect-mailbox', 'palette.action.connectMailbox', () => {
    openConnectForm();
    navigateTo({ page: 'settings', section: 'mailboxes' });
  }, { keywords: ['account', 'imap', 'gmail', 'outlook', 'konto'] });
  action('language', 'palette.action.language', () => void usePreferencesStore.getState().setLanguage(other), {
    labelOptions: { language: t(`languageName.${other}`) },
    keywords: ['language', 'sprache', 'deutsch', 'english'],
  });

  // Settings sections after the actions: with nothing typed, what the user does comes first.
  for (const section of settingsSections) {
    const name = say(`settings.${section}.title`);
    const otherName = translate(`settings.${section}.title`, { lng: other });
    commands.push({
      id: `go-settings-${section}`,
      kind: 'page',
      label: t('palette.go.settings', { section: name }),
      keywords: [name, otherName, ...also('palette.go.settings', { section: otherName })],
      after: 'close',
      run: () => navigateTo({ page: 'settings', section }),
    });
  }

  for (const candidate of candidates) {
    commands.push({
      id: `candidate-${candidate.id}`,
      kind: 'candidate',
      label: candidate.name,
      keywords: [candidate.primaryEmail],
      detail: candidate.primaryEmail,
      after: 'close',
      run: () => navigateTo({ page: 'candidates', candidateId: candidate.id }),
    });
  }
  for (const job of jobs) commands.push(jobCommand(job, job.status === 'archived' ? t('palette.archived') : undefined));

  // With nothing typed: pages and actions only; people and jobs are found by name.
  const listed = query.trim() === '' ? commands.filter((command) => command.kind === 'page' || command.kind === 'action') : commands;
  const engineFound = listed.filter((command) => command.kind === 'candidate' && foundIds.has(command.id.slice('candidate-'.length)));
  const ranked = withEngineMatches(rankEntries(listed, query), engineFound);
  if (query.trim() !== '') {
    const text = query.trim();
    ranked.push({
      id: 'search-for',
      kind: 'action',
      label: t('palette.action.searchFor', { query: text }),
      after: 'close',
      run: () => {
        typeSearchText(text);
        navigateTo({ page: 'search' });
      },
    });
  }
  return ranked;
}

/**
 * The engine found these candidates by name or by any of their addresses (not all of
 * which the palette knows): one it found that the ranking left out is still listed,
 * after the ranked rows.
 */
function withEngineMatches(ranked: PaletteCommand[], found: readonly PaletteCommand[]): PaletteCommand[] {
  const listed = new Set(ranked.map((command) => command.id));
  return [...ranked, ...found.filter((command) => !listed.has(command.id))];
}

function writeCommand(candidate: CandidateSummary, label: string): PaletteCommand {
  return {
    id: `write-${candidate.id}`,
    kind: 'candidate',
    label,
    keywords: [candidate.name, candidate.primaryEmail],
    detail: candidate.primaryEmail,
    after: 'close',
    run: () => {
      navigateTo({ page: 'candidates', candidateId: candidate.id });
      startNewMail(candidate);
    },
  };
}

function jobCommand(job: JobSummary, detail: string | undefined): PaletteCommand {
  return {
    id: `job-${job.id}`,
    kind: 'job',
    label: job.title,
    ...(detail === undefined ? {} : { detail }),
    after: 'close',
    run: () => navigateTo({ page: 'jobs', jobId: job.id }),
  };
}
