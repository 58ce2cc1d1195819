/**
 * What a search box's text means, and where its words appear in a result: one reading for
 * the engine (the FTS5 query) and the renderer (highlighting), so a highlighted word is a
 * word the index matched.
 *
 * The index (store migration 7) uses FTS5's `unicode61` tokenizer with
 * `remove_diacritics 2`: a token is a run of letters, digits and marks, compared without
 * case and accents (https://sqlite.org/fts5.html#unicode61_tokenizer). `fold` below does the
 * same for one character.
 */

export interface SearchTerm {
  /** The words as folded; a phrase has several, in order. */
  words: string[];
  /** The last word matches as a prefix ("bewerb" finds "Bewerbung"). */
  prefix: boolean;
}

const wordPattern = /[\p{L}\p{N}\p{M}]+/gu;
/** A one-letter word would match every word starting with it; it matches whole words only. */
const shortestPrefix = 2;
const maxTerms = 12;

/** Lower case without accents, as the tokenizer compares ("Müller" → "muller"). */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

function wordsOf(text: string): string[] {
  return [...text.matchAll(wordPattern)].map((match) => fold(match[0])).filter((word) => word !== '');
}

/**
 * The terms of a search text: bare words, each a prefix (as you type), and "quoted phrases",
 * whose words must follow each other. Everything else (punctuation, `@`, `.`) separates
 * words, as it does in the index: `anna@example.org` is the phrase anna, example, org.
 */
export function parseSearchText(text: string): SearchTerm[] {
  const terms: SearchTerm[] = [];
  const parts = text.split('"');
  parts.forEach((part, index) => {
    // Odd parts are inside quotes; an unclosed quote still reads as a phrase.
    const quoted = index % 2 === 1;
    if (quoted) {
      const words = wordsOf(part);
      if (words.length > 0) terms.push({ words, prefix: false });
      return;
    }
    for (const piece of part.split(/\s+/)) {
      const words = wordsOf(piece);
      if (words.length === 0) continue;
      const last = words[words.length - 1]!;
      terms.push({ words, prefix: last.length >= shortestPrefix });
    }
  });
  return terms.slice(0, maxTerms);
}

/** The FTS5 MATCH expression of the terms (all must match), or null when there is none. */
export function toFtsQuery(terms: readonly SearchTerm[]): string | null {
  if (terms.length === 0) return null;
  // Words hold only letters, digits and marks, so quoting them cannot break the syntax.
  return terms.map((term) => `"${term.words.join(' ')}"${term.prefix ? '*' : ''}`).join(' AND ');
}

/** A stretch of text, matched or not. */
export interface TextPart {
  text: string;
  match: boolean;
}

interface Token {
  start: number;
  end: number;
  folded: string;
  /** Offsets into the original text after each folded character. */
  ends: number[];
}

function tokensOf(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(wordPattern)) {
    let folded = '';
    const ends: number[] = [];
    let offset = match.index;
    for (const character of match[0]) {
      offset += character.length;
      for (const piece of fold(character)) {
        folded += piece;
        ends.push(offset);
      }
    }
    if (folded !== '') tokens.push({ start: match.index, end: match.index + match[0].length, folded, ends });
  }
  return tokens;
}

/** Where the terms match in `text`: [start, end) offsets, in order, not overlapping. */
function matchRanges(text: string, terms: readonly SearchTerm[]): [number, number][] {
  const tokens = tokensOf(text);
  const ranges: [number, number][] = [];
  for (let index = 0; index < tokens.length; index++) {
    for (const term of terms) {
      const count = term.words.length;
      if (index + count > tokens.length) continue;
      let matches = true;
      for (let word = 0; word < count && matches; word++) {
        const token = tokens[index + word]!;
        const wanted = term.words[word]!;
        const last = word === count - 1;
        matches = last && term.prefix ? token.folded.startsWith(wanted) : token.folded === wanted;
      }
      if (!matches) continue;
      const lastToken = tokens[index + count - 1]!;
      const lastWord = term.words[count - 1]!;
      // A prefix lights up only the letters typed; a whole word, all of it.
      const end = term.prefix ? lastToken.ends[lastWord.length - 1]! : lastToken.end;
      ranges.push([tokens[index]!.start, end]);
      index += count - 1;
      break;
    }
  }
  return ranges;
}

/** `text` cut into matched and unmatched parts, for highlighting. */
export function highlightParts(text: string, terms: readonly SearchTerm[]): TextPart[] {
  const parts: TextPart[] = [];
  let at = 0;
  for (const [start, end] of matchRanges(text, terms)) {
    if (start > at) parts.push({ text: text.slice(at, start), match: false });
    parts.push({ text: text.slice(start, end), match: true });
    at = end;
  }
  if (at < text.length || parts.length === 0) parts.push({ text: text.slice(at), match: false });
  return parts;
}

/**
 * Up to about `length` characters of `text` around the first match (from its start when
 * nothing matches), whitespace collapsed, cut at word boundaries with "…".
 */
export function excerptAround(text: string, terms: readonly SearchTerm[], length = 180): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= length) return flat;
  const first = matchRanges(flat, terms)[0];
  const lead = Math.floor(length / 3);
  let start = first === undefined ? 0 : Math.max(0, first[0] - lead);
  let end = Math.min(flat.length, start + length);
  if (end === flat.length) start = Math.max(0, end - length);
  if (start > 0) {
    const space = flat.indexOf(' ', start);
    if (space !== -1 && (first === undefined || space < first[0])) start = space + 1;
  }
  if (end < flat.length) {
    const space = flat.lastIndexOf(' ', end);
    if (space > start) end = space;
  }
  return `${start > 0 ? '… ' : ''}${flat.slice(start, end)}${end < flat.length ? ' …' : ''}`;
}
