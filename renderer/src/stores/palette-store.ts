import { create } from 'zustand';
import type { CandidateSummary, JobSummary } from '../../../shared/model.js';
import { call } from '../api/client.js';

/** What the palette lists: every command, or (after "Write mail") only candidates to write to. */
export type PaletteMode = 'all' | 'write';

interface PaletteStore {
  open: boolean;
  mode: PaletteMode;
  query: string;
  /** Candidates the engine found for `query` (candidates:list, through the visibility rule). */
  candidates: CandidateSummary[];
  /**
   * The first candidates by name (candidates:list without a query), loaded when the palette
   * opens and ranked here as the user types — so "jorg" finds "Jörg", which the engine's
   * name search does not fold. `candidates` adds what the engine finds beyond them.
   */
  knownCandidates: CandidateSummary[];
  /** Jobs the caller may see (jobs:list), loaded when the palette opens; filtered here. */
  jobs: JobSummary[];
}

/** The command palette (Ctrl/⌘ K): open or not, what is typed, and the people and jobs it found. */
export const usePaletteStore = create<PaletteStore>(() => ({ open: false, mode: 'all', query: '', candidates: [], knownCandidates: [], jobs: [] }));

const candidateLimit = 8;
let searchTimer: ReturnType<typeof setTimeout> | undefined;
/** Answers for an older query are dropped: only the newest search may fill the list. */
let searchSerial = 0;

/** Opens the palette empty (or in "write to whom?" mode) and loads the jobs the caller may see. */
export function openPalette(mode: PaletteMode = 'all'): void {
  usePaletteStore.setState({ open: true, mode, query: '', candidates: [] });
  void loadJobs();
  void loadKnownCandidates();
  if (mode === 'write') void findCandidates('');
}

export function closePalette(): void {
  clearTimeout(searchTimer);
  searchSerial += 1;
  usePaletteStore.setState({ open: false, mode: 'all', query: '', candidates: [] });
}

/** Switches an open palette to picking the candidate to write to, keeping it open. */
export function choosePaletteMode(mode: PaletteMode): void {
  usePaletteStore.setState({ mode, query: '', candidates: [] });
  if (mode === 'write') void findCandidates('');
}

/** What the user typed; candidates follow after a short pause (one engine call per pause, not per key). */
export function typePaletteQuery(query: string): void {
  usePaletteStore.setState({ query });
  clearTimeout(searchTimer);
  const { mode } = usePaletteStore.getState();
  if (query.trim() === '' && mode === 'all') {
    searchSerial += 1;
    usePaletteStore.setState({ candidates: [] });
    return;
  }
  searchTimer = setTimeout(() => void findCandidates(query), 120);
}

async function findCandidates(query: string): Promise<void> {
  const serial = ++searchSerial;
  const result = await call('candidates:list', { limit: candidateLimit, ...(query.trim() === '' ? {} : { query: query.trim() }) });
  if (serial !== searchSerial || !usePaletteStore.getState().open) return;
  // A failed lookup (offline engine) leaves the pages and actions; the palette still works.
  usePaletteStore.setState({ candidates: result.ok ? result.value.items : [] });
}

const knownCandidateLimit = 200;

async function loadKnownCandidates(): Promise<void> {
  const result = await call('candidates:list', { limit: knownCandidateLimit });
  if (result.ok && usePaletteStore.getState().open) usePaletteStore.setState({ knownCandidates: result.value.items });
}

async function loadJobs(): Promise<void> {
  const result = await call('jobs:list', { status: 'all', limit: 200 });
  if (result.ok && usePaletteStore.getState().open) usePaletteStore.setState({ jobs: result.value.items });
}
