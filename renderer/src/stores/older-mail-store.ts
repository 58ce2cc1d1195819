import { create } from 'zustand';
import type { InputOf } from '../../../shared/contract.js';
import type { WireError } from '../../../shared/errors.js';
import type { BackfillSummary, OlderMailReport } from '../../../shared/model.js';
import { call } from '../api/client.js';
import { refreshIfShown, useCandidateThreadsStore, useMailboxesStore } from './lists.js';

/**
 * Older mail, offered (R10): Hirebox counts on the server what it did not fetch
 * (`candidates:older-mail`) and offers it; one click fetches it (`backfill:candidates`), never
 * without that click. One offer per place: `candidate:<id>` (the profile), `mailbox:<id>`
 * (after a mailbox's first sync), `import` (an import's result).
 */
export interface OlderMailOffer {
  counting: boolean;
  report: OlderMailReport | null;
  countError: WireError | null;
  fetching: boolean;
  fetched: BackfillSummary | null;
  fetchError: WireError | null;
  dismissed: boolean;
  /** After a connect: the count waits for the mailbox's first sync to end. */
  waitingForSync: boolean;
  /** What was counted, to count again. */
  input: InputOf<'candidates:older-mail'> | null;
}

interface OlderMailStore {
  offers: Record<string, OlderMailOffer>;
}

export const useOlderMailStore = create<OlderMailStore>(() => ({ offers: {} }));

const fresh: OlderMailOffer = { counting: false, report: null, countError: null, fetching: false, fetched: null, fetchError: null, dismissed: false, waitingForSync: false, input: null };

function update(key: string, change: Partial<OlderMailOffer>): void {
  useOlderMailStore.setState((state) => ({ offers: { ...state.offers, [key]: { ...(state.offers[key] ?? fresh), ...change } } }));
}

/**
 * Counts the older mail for the offer at `key`, once: an offer counted (or being counted)
 * stays until `again`, so opening a profile twice asks the server once.
 */
export async function countOlderMail(key: string, input: InputOf<'candidates:older-mail'>, options: { again?: boolean } = {}): Promise<void> {
  const known = useOlderMailStore.getState().offers[key];
  // A count that found no mailbox to ask is not kept: a mailbox may be connected since.
  const counted = known?.report != null && (known.report.mailboxesSearched > 0 || known.report.mailboxesUnavailable > 0);
  if (known !== undefined && (known.counting || known.fetching || (!options.again && (counted || known.dismissed)))) return;
  update(key, { counting: true, countError: null, input, ...(options.again ? {} : { fetched: null, fetchError: null }) });
  const result = await call('candidates:older-mail', input);
  update(key, result.ok ? { counting: false, report: result.value } : { counting: false, countError: result.error });
}

/**
 * Accepts the offer: fetches the counted candidates' mail over the counted days, then counts
 * again (so what came in leaves the offer) and shows it on a profile that is open.
 */
export async function fetchOlderMail(key: string): Promise<void> {
  const offer = useOlderMailStore.getState().offers[key];
  const report = offer?.report;
  if (offer === undefined || report === null || report === undefined || offer.fetching || report.candidates.length === 0) return;
  update(key, { fetching: true, fetched: null, fetchError: null });
  const candidateIds = report.candidates.map((entry) => entry.candidateId);
  const result = await call('backfill:candidates', { candidateIds, days: report.days });
  update(key, result.ok ? { fetching: false, fetched: result.value } : { fetching: false, fetchError: result.error });
  if (!result.ok) return;
  refreshIfShown(useCandidateThreadsStore);
  // Every other offer naming these candidates is out of date now.
  const stale = Object.entries(useOlderMailStore.getState().offers).filter(([other, entry]) => other !== key && entry.report?.candidates.some((counted) => candidateIds.includes(counted.candidateId)));
  useOlderMailStore.setState((state) => {
    const offers = { ...state.offers };
    for (const [other] of stale) delete offers[other];
    return { offers };
  });
  // Stopped halfway: what is left is counted again; otherwise nothing is left to offer.
  if (result.value.cancelled && offer.input !== null) await countOlderMail(key, offer.input, { again: true });
  else update(key, { report: { ...report, candidates: [], total: 0 } });
}

/** "Not now": the offer goes away for this session. */
export function dismissOlderMail(key: string): void {
  update(key, { dismissed: true });
}

/**
 * After a mailbox was connected: counts its older mail once its first sync is done (up to
 * date, with a last sync time), also when the user has left the screen meanwhile. Once per
 * mailbox and session.
 */
export function offerAfterFirstSync(mailboxId: string): void {
  const key = `mailbox:${mailboxId}`;
  if (useOlderMailStore.getState().offers[key] !== undefined) return;
  update(key, { waitingForSync: true });
  const check = (): boolean => {
    const mailbox = useMailboxesStore.getState().items.find((entry) => entry.id === mailboxId);
    if (mailbox === undefined || mailbox.lastSyncedAt === null || mailbox.status.state !== 'up-to-date') return false;
    update(key, { waitingForSync: false });
    void countOlderMail(key, { mailboxId });
    return true;
  };
  if (check()) return;
  const unsubscribe = useMailboxesStore.subscribe(() => {
    if (check()) unsubscribe();
  });
}
