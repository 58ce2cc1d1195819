/**
 * The fault matrix (`npm run faults`, issue 9): each fault kind runs a seeded scenario
 * against real servers, then the invariants are checked on what the engine stored and
 * what the SMTP server received.
 */

/** What one run found; every count must be 0. */
export interface FaultRunResult {
  /** Candidate mail on the server not linked to its candidate (or linked more than once). */
  lost: number;
  /** Candidate mail stored more than once (two message rows for one Message-ID). */
  duplicated: number;
  /** Mail that must not be stored (no candidate in it) but is. */
  unexpected: number;
  /** Outbox items whose message reached the SMTP server in more than one DATA transaction. */
  doubleSends: number;
  /** Human-readable lines naming what went wrong (empty on success). */
  details: string[];
}

export interface FaultRunContext {
  /** The run's seed: every random choice of the run comes from `random`, seeded by it. */
  seed: number;
  /** A PRNG in [0, 1) seeded by `seed` (see `seededRandom`). */
  random: () => number;
  log: (line: string) => void;
}

export interface FaultKind {
  /** Short name printed in the table, e.g. `imap-cut-after`, `kill-during-send`. */
  name: string;
  /** One line: what the fault does and when. */
  description: string;
  run(context: FaultRunContext): Promise<FaultRunResult>;
}

/** mulberry32: small, fast and good enough to draw fault points; the same seed draws the same run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
