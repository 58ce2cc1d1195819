import { normalizeAddress } from './addresses.js';

/**
 * Header values as the header-first scan receives them (raw strings from IMAP, Gmail or
 * Graph), turned into the forms the matcher and the threader compare. Tolerant by design:
 * a malformed header yields fewer ids or addresses, never an exception (PRODUCT.md "Bad
 * input and faults").
 */

/** At most this many ids are kept from one References / In-Reply-To header: the last ones. */
export const maxMessageIdsPerHeader = 100;

// RFC 5322 §2.1.1: a line is at most 998 characters, so no real id is longer.
const maxMessageIdLength = 998;
// An id is printable: no controls, no brackets left after stripping.
const invalidIdCharacter = /[\u0000-\u001f\u007f<>]/u;

/**
 * One Message-ID in the form we store and compare: angle brackets and all whitespace
 * (folding, RFC 5322 §3.2.2) removed, everything else kept exactly.
 *
 * Case is kept: RFC 5322 §3.6.4 defines msg-id as an opaque token and gives no
 * case-insensitive comparison (unlike addresses), and RFC 5256's threading compares ids
 * as they are. Servers and clients copy ids byte for byte into References, so exact
 * comparison never splits a real thread, while folding case could join two.
 *
 * When `raw` holds several bracketed ids, the first one is taken. Returns null for an
 * empty, overlong or otherwise unusable value (`<>`, junk without `@` outside brackets).
 */
export function normalizeMessageId(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  if (raw.includes('<')) {
    const bracketed = /<([^<>]*)>/u.exec(raw);
    return bracketed === null ? bareId(raw.replace(/[<>]/gu, ' ')) : cleanId(bracketed[1] ?? '');
  }
  return bareId(raw);
}

function cleanId(inner: string): string | null {
  const id = inner.replace(/\s+/gu, '');
  // An id with no letter or digit (`<@>`, `<...>`) is debris, not an id.
  if (id.length > maxMessageIdLength || invalidIdCharacter.test(id) || !/[\p{L}\p{N}]/u.test(id)) return null;
  return id;
}

/** An id written without brackets: accepted only when it looks like one (`left@right`). */
function bareId(raw: string): string | null {
  const id = cleanId(raw.trim());
  return id !== null && /^[^@\s]+@[^@\s]+$/u.test(id) ? id : null;
}

/**
 * The Message-IDs of a References or In-Reply-To value, oldest first, as RFC 5322 §3.6.4
 * orders them. Tolerant of what real mail carries:
 * - folded whitespace inside or between ids; comments and phrases between ids
 *   (`<a@x> (Anna's message of Monday)`) are skipped;
 * - ids without brackets (some old clients) are taken only when no bracketed id exists,
 *   and only tokens that look like `left@right`;
 * - duplicates: the *last* occurrence is kept, so the last entry stays the last entry
 *   (the parent, see `parentOf`);
 * - length: only the last `maxMessageIdsPerHeader` ids are kept — the ones nearest the
 *   parent, which are the ones threading needs.
 */
export function parseMessageIdList(value: string | null | undefined): string[] {
  if (value === null || value === undefined || value.trim() === '') return [];
  const found: string[] = [];
  if (value.includes('<')) {
    for (const match of value.matchAll(/<([^<>]*)>/gu)) {
      const id = cleanId(match[1] ?? '');
      if (id !== null) found.push(id);
    }
  }
  if (found.length === 0) {
    const withoutComments = value.replace(/\([^()]*\)/gu, ' ').replace(/[<>]/gu, ' ');
    for (const token of withoutComments.split(/[\s,;]+/u)) {
      const id = bareId(token);
      if (id !== null) found.push(id);
    }
  }
  return lastDistinct(found, maxMessageIdsPerHeader);
}

/** Distinct values keeping each one's last position, then the last `limit` of them. */
function lastDistinct(values: readonly string[], limit: number): string[] {
  const seen = new Set<string>();
  const reversed: string[] = [];
  for (let index = values.length - 1; index >= 0 && reversed.length < limit; index -= 1) {
    const value = values[index] as string;
    if (seen.has(value)) continue;
    seen.add(value);
    reversed.push(value);
  }
  return reversed.reverse();
}

/** The reference headers of one message, already parsed with `parseMessageIdList`. */
export interface ReferenceHeaders {
  /** The message's own Message-ID (normalised), when it has one; never its own parent. */
  messageId?: string | null;
  references: readonly string[];
  inReplyTo: readonly string[];
}

/**
 * The message's ancestors, oldest first, as threading links them: the References ids;
 * when References holds none, the first In-Reply-To id alone (RFC 5256 §4, REFERENCES
 * step 1A; PRODUCT.md "Thread"). The message's own id is left out, so a message that
 * names itself cannot become its own parent.
 */
export function ancestorChain(headers: ReferenceHeaders): string[] {
  const own = headers.messageId ?? null;
  const references = headers.references.filter((id) => id !== own);
  if (references.length > 0) return references;
  const inReplyTo = headers.inReplyTo.find((id) => id !== own);
  return inReplyTo === undefined ? [] : [inReplyTo];
}

/**
 * A message's parent (PRODUCT.md "Thread"): the last entry of References, else the first
 * of In-Reply-To (RFC 5256 §4 takes the first when In-Reply-To lists several); null when
 * the message refers to nothing.
 */
export function parentOf(headers: ReferenceHeaders): string | null {
  return ancestorChain(headers).at(-1) ?? null;
}

/**
 * Reply prefixes that `stripReplyPrefixes` removes, lower case, with where each comes from.
 * Deliberately not here:
 * - forward markers (Fwd, WG, TR, ...): a forward starts its own thread (R6), so its marker
 *   stays part of the subject key and replies to the forward join the forward, not the
 *   mail that was forwarded;
 * - `vs`: Finnish "vastaus" (reply) but Danish and Norwegian "videresendt" (forward), so it
 *   is kept, like a forward marker (see `forward-markers.ts`);
 * - `ref`, `réf`: reference tags people type ("Ref: 2024-17"), not a prefix a mail client
 *   writes when replying; stripping them would join unrelated mail.
 */
export const replyPrefixes: ReadonlyMap<string, string> = new Map([
  ['re', 'Latin "in re": English and most clients in every language (RFC 5322 §3.6.5)'],
  ['aw', 'German "Antwort" (Outlook)'],
  ['sv', 'Swedish, Danish, Norwegian "svar"'],
  ['antw', 'Dutch "antwoord" (Outlook)'],
  ['odp', 'Polish "odpowiedź"'],
  ['r', 'Italian "risposta" (Outlook) — not a forward'],
  ['rif', 'Italian "riferimento" (some Italian clients reply with it)'],
  ['res', 'Portuguese (Brazil) "resposta" (Outlook)'],
  ['vá', 'Hungarian "válasz" (Outlook)'],
  ['ynt', 'Turkish "yanıt" (Outlook)'],
  ['απ', 'Greek "απάντηση" (Outlook)'],
  ['σχετ', 'Greek "σχετικά" (Outlook)'],
  ['回复', 'Chinese (simplified) reply'],
  ['答复', 'Chinese (simplified) reply (Outlook)'],
]);

/** One leading token of a subject: a prefix word before a colon, or a `[tag]` blob. */
export type SubjectPrefixToken =
  /** `word` is lower case, without counter; `end` is the index just after the token. */
  | { kind: 'word'; word: string; end: number }
  | { kind: 'blob'; end: number };

// A prefix word, an optional counter (`Re[2]:`, `Re(2):`, `Re^2:`), optional space before
// the colon (French typography writes `RE :`), an ASCII or full-width colon (CJK clients).
const prefixWord = /^\s*(\p{L}{1,10})\s*(?:\[\d{1,4}\]|\(\d{1,4}\)|\^\d{1,4})?\s*[:：]\s*/u;
// A list or gateway tag before the prefixes, e.g. `[EXTERNAL]`, `[jobs]` (RFC 5256 §2.1
// calls it subj-blob). Bounded so a subject in brackets is not taken for a tag.
const prefixBlob = /^\s*\[[^[\]]{1,40}\]\s*/u;

/** The token at `from` in `subject`, or null where the subject text proper begins. */
export function readSubjectPrefix(subject: string, from: number): SubjectPrefixToken | null {
  const rest = subject.slice(from);
  const word = prefixWord.exec(rest);
  if (word !== null) return { kind: 'word', word: (word[1] as string).toLowerCase(), end: from + word[0].length };
  const blob = prefixBlob.exec(rest);
  if (blob !== null) return { kind: 'blob', end: from + blob[0].length };
  return null;
}

/**
 * The subject without its leading reply prefixes, repeated and mixed in any language of
 * `replyPrefixes` (`AW: Re[2]: RE : x` → `x`); a `[tag]` before a reply prefix goes with
 * it (`[EXT] RE: x` → `x`). Stops at the first token that is not a reply prefix, so
 * `AW: WG: x` → `WG: x` (a reply to a forward stays with the forward, R6). Never returns
 * an empty string for a subject that is only prefixes: then the subject is kept.
 */
export function stripReplyPrefixes(subject: string): string {
  let position = 0;
  for (;;) {
    const token = readSubjectPrefix(subject, position);
    if (token === null) break;
    if (token.kind === 'word') {
      if (!replyPrefixes.has(token.word)) break;
      position = token.end;
      continue;
    }
    const next = readSubjectPrefix(subject, token.end);
    if (next === null || next.kind !== 'word' || !replyPrefixes.has(next.word)) break;
    position = next.end;
  }
  const stripped = subject.slice(position).trim();
  return stripped === '' ? subject.trim() : stripped;
}

/**
 * The key subject joining compares (PRODUCT.md "Thread"): reply prefixes stripped,
 * Unicode NFC, whitespace collapsed, lower case. Empty for an empty subject — an empty
 * key never joins anything.
 */
export function subjectKey(subject: string | null | undefined): string {
  if (subject === null || subject === undefined) return '';
  return stripReplyPrefixes(subject.normalize('NFC')).replace(/\s+/gu, ' ').trim().toLowerCase();
}

/** An address as IMAP ENVELOPE, imapflow or mailparser hand it over. */
export interface EnvelopeAddress {
  name?: string | null;
  address?: string | null;
  /** RFC 5322 §3.4 group syntax (`team: a@x, b@y;`), as mailparser reports it. */
  group?: readonly EnvelopeAddress[] | null;
}

/** One address header, in the forms matching needs. */
export interface AddressField {
  /** Normalised addresses (`normalizeAddress`), distinct, in header order. */
  addresses: string[];
  /**
   * Normalised addresses written in display names only (`"anna@example.com" <x@y>`):
   * they never match (PRODUCT.md Matching) but let "why is a mail missing?" say so.
   */
  displayNameAddresses: string[];
}

/** The address in comparable form, or null for anything that is not one. */
export function tryNormalizeAddress(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  const known = normalizedCache.get(raw);
  if (known !== undefined) return known;
  let address: string | null;
  try {
    address = normalizeAddress(raw);
  } catch {
    address = null;
  }
  // The same few addresses fill a mailbox (the owner's above all): a scan of 100,000
  // headers would normalise (NFC, IDNA) each of them thousands of times.
  if (normalizedCache.size >= normalizedCacheLimit) normalizedCache.clear();
  normalizedCache.set(raw, address);
  return address;
}

const normalizedCacheLimit = 10_000;
const normalizedCache = new Map<string, string | null>();

// Address-like tokens in free text: no spaces, brackets, quotes or separators around `@`.
const addressLike = /[^\s<>()[\]{},;:"'`|\\/]+@[^\s<>()[\]{},;:"'`|\\/]+/gu;

/** Normalised addresses found anywhere in `text`, distinct; junk is dropped. */
export function addressesInText(text: string | null | undefined): string[] {
  if (text === null || text === undefined || !text.includes('@')) return [];
  const found = new Set<string>();
  for (const match of text.matchAll(addressLike)) {
    const address = tryNormalizeAddress(match[0].replace(/^mailto:/iu, '').replace(/[.]+$/u, ''));
    if (address !== null) found.add(address);
  }
  return [...found];
}

/**
 * Addresses of one header (From, To, Cc, Bcc, Reply-To, Sender) from its parsed entries.
 * Entries whose address does not normalise are dropped: a group without members
 * (`undisclosed-recipients:;`), a bare group name, `MAILER-DAEMON`, an empty address.
 * Display names are never taken as addresses.
 */
export function normalizeEnvelopeAddresses(entries: readonly EnvelopeAddress[] | null | undefined): AddressField {
  const addresses = new Set<string>();
  const displayNameAddresses = new Set<string>();
  const visit = (list: readonly EnvelopeAddress[], depth: number) => {
    for (const entry of list) {
      const address = tryNormalizeAddress(entry.address);
      if (address !== null) addresses.add(address);
      for (const named of addressesInText(entry.name)) displayNameAddresses.add(named);
      // Groups do not nest in RFC 5322; one level of tolerance is enough.
      if (entry.group && depth < 2) visit(entry.group, depth + 1);
    }
  };
  visit(entries ?? [], 0);
  return { addresses: [...addresses], displayNameAddresses: [...displayNameAddresses].filter((named) => !addresses.has(named)) };
}
