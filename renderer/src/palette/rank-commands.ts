/**
 * Filtering and ranking for the command palette: pure functions over what the palette
 * offers (pages, actions, candidates, jobs), so the order is tested without a browser.
 */

/** One thing the palette can do. `run` is the palette's; ranking reads only the words. */
export interface PaletteEntry {
  id: string;
  /** What the row says ("Go to Inbox", "Anna Apfel"). */
  label: string;
  /** More words that find it (the other language's name, synonyms, an address). */
  keywords?: readonly string[];
  /** Kinds rank ties: pages and actions before people and jobs found by name. */
  kind: 'page' | 'action' | 'candidate' | 'job';
}

/** Lower case, without accents (ä → a, é → e, ß → ss), single spaces: "Jörg" is found by "jorg". */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/ß/g, 'ss')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

const kindOrder: Record<PaletteEntry['kind'], number> = { page: 0, action: 1, candidate: 2, job: 3 };

/**
 * How well one text matches the folded query, higher is better, 0 for no match:
 * the whole text (1000), its start (800), a word's start (600 minus the word's position),
 * anywhere inside (300), every query word at a word start in any order (250), or the
 * letters in order with gaps (up to 100, tighter is better).
 */
export function matchScore(text: string, query: string): number {
  const folded = foldText(text);
  if (query === '' || folded === '') return 0;
  if (folded === query) return 1000;
  if (folded.startsWith(query)) return 800;
  const words = folded.split(/[\s\-–/·.,@()]+/).filter(Boolean);
  const wordIndex = words.findIndex((word) => word.startsWith(query));
  if (wordIndex >= 0 && !query.includes(' ')) return 600 - Math.min(wordIndex, 50);
  const at = folded.indexOf(query);
  if (at >= 0) return 300 - Math.min(at, 50) / 10;
  const queryWords = query.split(' ').filter(Boolean);
  if (queryWords.length > 1 && queryWords.every((part) => words.some((word) => word.startsWith(part)))) return 250;
  return subsequenceScore(folded, query.replace(/ /g, ''));
}

/** Letters of `query` in order inside `text`: 100 when adjacent, less the more they spread. 0 when not all found. */
function subsequenceScore(text: string, query: string): number {
  if (query.length < 2) return 0;
  let position = -1;
  let first = -1;
  for (const letter of query) {
    position = text.indexOf(letter, position + 1);
    if (position < 0) return 0;
    if (first < 0) first = position;
  }
  const spread = position - first + 1 - query.length;
  // Letters scattered across the whole text are noise, not a match.
  if (spread > query.length * 3) return 0;
  return Math.max(1, 100 - spread * 5);
}

/** The entry's best score over its label and keywords (keywords count a little less). */
export function entryScore(entry: PaletteEntry, query: string): number {
  const label = matchScore(entry.label, query);
  const keywords = Math.max(0, ...(entry.keywords ?? []).map((keyword) => matchScore(keyword, query) * 0.9));
  return Math.max(label, keywords);
}

/**
 * The entries matching `query`, best first; ties keep kind order (pages, actions,
 * candidates, jobs) and then the order given. An empty query keeps every entry in the
 * order given. At most `limit` entries.
 */
export function rankEntries<T extends PaletteEntry>(entries: readonly T[], query: string, limit = 50): T[] {
  const folded = foldText(query);
  if (folded === '') return entries.slice(0, limit);
  return entries
    .map((entry, index) => ({ entry, index, score: entryScore(entry, folded) }))
    .filter((scored) => scored.score > 0)
    .sort((a, b) => b.score - a.score || kindOrder[a.entry.kind] - kindOrder[b.entry.kind] || a.index - b.index)
    .slice(0, limit)
    .map((scored) => scored.entry);
}

/** The next active index for an arrow key, wrapping at both ends; -1 for an empty list. */
export function moveActive(index: number, count: number, step: 1 | -1): number {
  if (count === 0) return -1;
  if (index < 0) return step === 1 ? 0 : count - 1;
  return (index + step + count) % count;
}
