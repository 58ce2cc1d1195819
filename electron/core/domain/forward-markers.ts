import { addressesInText, readSubjectPrefix } from './message-headers.js';

/**
 * Forwards (R6, PRODUCT.md Matching "forward"): the marker in the Subject, and the
 * addresses a forwarded-header block in the body names. A marker alone never links a
 * mail to a candidate; it only makes a mail a forward candidate that needs evidence.
 */

/** A forward marker found at the start of a subject. */
export interface ForwardMarker {
  /** The marker as written, e.g. `WG`, `Fwd`. */
  marker: string;
  /**
   * True for a marker that is a reply prefix in another language (`VS`): such a mail
   * counts as a forward only when a forwarded block or attached message was found.
   */
  ambiguous: boolean;
}

/** Forward markers, lower case, with where each comes from. */
export const forwardMarkers: ReadonlyMap<string, { ambiguous: boolean; origin: string }> = new Map([
  ['fwd', { ambiguous: false, origin: 'English "forward" (Gmail, Thunderbird, Apple Mail)' }],
  ['fw', { ambiguous: false, origin: 'English "forward" (Outlook)' }],
  ['wg', { ambiguous: false, origin: 'German "Weitergeleitet" (Outlook)' }],
  ['tr', { ambiguous: false, origin: 'French "transféré" (Outlook)' }],
  ['rv', { ambiguous: false, origin: 'Spanish "reenviado" (Outlook)' }],
  ['i', { ambiguous: false, origin: 'Italian "inoltrato" (Outlook); `R:` is the Italian reply' }],
  ['enc', { ambiguous: false, origin: 'Portuguese "encaminhado" (Outlook)' }],
  ['pd', { ambiguous: false, origin: 'Polish "przekaż dalej" (Outlook)' }],
  ['vb', { ambiguous: false, origin: 'Swedish "vidarebefordrat" (Outlook)' }],
  ['doorst', { ambiguous: false, origin: 'Dutch "doorsturen" (Outlook)' }],
  ['vl', { ambiguous: false, origin: 'Finnish "välitetty" (Outlook); beyond the PRODUCT.md list' }],
  ['转发', { ambiguous: false, origin: 'Chinese (simplified) forward' }],
  ['vs', { ambiguous: true, origin: 'Danish and Norwegian "videresendt" (forward), but Finnish "vastaus" (reply)' }],
]);

/**
 * The forward marker that opens `subject`, or null. Only the outermost prefix counts
 * (after `[tags]` such as `[EXTERNAL]`): `WG: AW: x` is a forward of a reply, while
 * `AW: WG: x` is a reply to a forward and is threaded and matched as a reply (its
 * References name the forward). `R:` is the Italian reply, not a forward. The old form
 * `[Fwd: x]` (RFC 5256 §2.1, subj-fwd) counts too.
 */
export function findForwardMarker(subject: string | null | undefined): ForwardMarker | null {
  if (subject === null || subject === undefined) return null;
  const bracketed = /^\s*\[\s*(fwd?)\s*:/iu.exec(subject);
  if (bracketed !== null) return { marker: bracketed[1] as string, ambiguous: false };
  let position = 0;
  for (let guard = 0; guard < 10; guard += 1) {
    const token = readSubjectPrefix(subject, position);
    if (token === null) return null;
    if (token.kind === 'blob') {
      position = token.end;
      continue;
    }
    const known = forwardMarkers.get(token.word);
    if (known === undefined) return null;
    const written = subject.slice(position).trim();
    return { marker: written.slice(0, token.word.length), ambiguous: known.ambiguous };
  }
  return null;
}

/**
 * Whether a mail is a forward (R6: it starts a new thread and links with reason
 * `forward`): an unambiguous marker; an ambiguous one (`VS:`) only together with a
 * forwarded block or attached message found by the peek. The matcher and the threader
 * both decide through this, so a mail is never a forward for one and a reply for the other.
 */
export function isForward(subject: string | null | undefined, forwardedBlockFound: boolean): boolean {
  const marker = findForwardMarker(subject);
  return marker !== null && (!marker.ambiguous || forwardedBlockFound);
}

/** The size of the body peek a forward gets (PRODUCT.md Matching: first 16 KB). */
export const forwardPeekBytes = 16 * 1024;

/** What a forwarded-header block in the peeked body says. */
export interface ForwardedHeaders {
  /** A forwarded-header block was recognised. */
  blockFound: boolean;
  /** Normalised addresses on the block's From, To and Cc lines, distinct, in order. */
  addresses: string[];
}

// Separator lines that open a forwarded (or quoted original) message, by client and language.
const separatorPhrases = [
  'forwarded message', // Gmail EN, Thunderbird EN ("-------- Forwarded Message --------")
  'original message', // Outlook EN ("-----Original Message-----")
  'weitergeleitete nachricht', // Thunderbird / Gmail DE
  'ursprüngliche nachricht', // Outlook DE
  'message transféré', // Gmail / Thunderbird FR
  "message d'origine", // Outlook FR
  'mensaje reenviado', // Gmail ES
  'mensaje original', // Outlook ES
  'messaggio inoltrato', // Gmail IT
  'messaggio originale', // Outlook IT
  'doorgestuurd bericht', // Gmail NL
  'oorspronkelijk bericht', // Outlook NL
  'videresendt melding', // NO
  'vidarebefordrat meddelande', // SV
  'wiadomość przekazana dalej', // PL
];
// Bounded alternations only: a line of 16 KB dashes must not backtrack quadratically.
const separatorLine = new RegExp(`^\\s*[-=_*]{2,}\\s*(?:${separatorPhrases.join('|')})\\s*[-=_*]{2,}\\s*$`, 'iu');
// Apple Mail and others: a sentence that ends in a colon.
const introductionLine =
  /^(?:begin forwarded message|anfang der weitergeleiteten nachricht|début du message réexpédié|inicio del mensaje reenviado|inizio messaggio inoltrato|begin doorgestuurd bericht)\s*:\s*$/iu;
// Outlook (plain text of an HTML mail) draws a rule of underscores above the header block.
const ruleLine = /^\s*_{10,}\s*$/u;

type FieldRole = 'from' | 'to' | 'cc' | 'date' | 'subject' | 'other';
const fieldLabels: ReadonlyMap<string, FieldRole> = new Map(
  (
    [
      ['from', ['from', 'von', 'de', 'da', 'van', 'fra', 'från', 'od', 'lähettäjä', 'expéditeur']],
      ['to', ['to', 'an', 'à', 'a', 'para', 'aan', 'til', 'till', 'do', 'vastaanottaja', 'destinataire']],
      ['cc', ['cc', 'kopie', 'kopia', 'kopi', 'copie', 'copia', 'cc.']],
      ['date', ['date', 'sent', 'datum', 'gesendet', 'envoyé', 'enviado', 'fecha', 'inviato', 'data', 'verzonden', 'sendt', 'skickat', 'wysłano', 'lähetetty']],
      ['subject', ['subject', 'betreff', 'objet', 'asunto', 'oggetto', 'onderwerp', 'emne', 'ämne', 'temat', 'aihe', 'assunto']],
    ] as const
  ).flatMap(([role, labels]) => labels.map((label) => [label, role] as [string, FieldRole])),
);
// `Label: value`, with Markdown-ish bold (`*From:*`) that plain-text conversions leave.
const headerLine = /^\s*\*{0,2}([\p{L}][\p{L} .'-]{0,28}?)\s*\*{0,2}\s*[:：]\s*\*{0,2}(.*)$/u;

type HeaderRun = ForwardedBlock;

/**
 * Reads the forwarded-header blocks in the first 16 KB of a forward's body (plain text,
 * or HTML, which is reduced to text). A block is the header lines of a forwarded message:
 * - after a separator (`---------- Forwarded message ---------`, `-------- Weitergeleitete
 *   Nachricht --------`, `-----Ursprüngliche Nachricht-----`, Apple's `Begin forwarded
 *   message:`, Outlook's underscore rule, and their French, Spanish, Italian, Dutch forms),
 *   any header lines with From, To or Cc;
 * - without a separator, an Outlook-style run of at least three header lines with a From
 *   line, a date line (`Sent:`, `Gesendet:`, `Envoyé :`, ...) and a To or Subject line.
 * Quoting (`> `) is ignored. Only From, To and Cc lines give addresses; addresses inside
 * quoted display names are skipped. Every block in the peek counts (a forward of a forward).
 * The caller passes decoded text (transfer encoding undone, charset decoded).
 */
export function readForwardedHeaders(bodyPeek: string | null | undefined): ForwardedHeaders {
  const addresses = new Set<string>();
  let blockFound = false;
  for (const block of forwardedBlocks(bodyPeek)) {
    blockFound = true;
    for (const field of block.fields) {
      if (field.role === 'from' || field.role === 'to' || field.role === 'cc') {
        for (const address of addressesInHeaderValue(field.value)) addresses.add(address);
      }
    }
  }
  return { blockFound, addresses: [...addresses] };
}

/** One forwarded-header block: its lines' roles and values as written. */
export interface ForwardedBlock {
  fields: { role: FieldRole; value: string }[];
}

/** The forwarded-header blocks of a body's first 16 KB, outermost first (see `readForwardedHeaders`). */
export function* forwardedBlocks(bodyPeek: string | null | undefined): Generator<ForwardedBlock> {
  if (bodyPeek === null || bodyPeek === undefined || bodyPeek === '') return;
  let text = bodyPeek.slice(0, forwardPeekBytes);
  if (/<(?:html|body|div|p|br|span|table|b|strong)\b/iu.test(text)) text = htmlToText(text);
  const lines = text.split(/\r\n|\r|\n/u).map((line) => line.replace(/^(?:\s*>)+ ?/u, ''));
  let linesSinceSeparator = Number.POSITIVE_INFINITY;
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index] as string;
    if (separatorLine.test(line) || introductionLine.test(line) || ruleLine.test(line)) {
      linesSinceSeparator = 0;
      continue;
    }
    if (line.trim() === '') {
      if (linesSinceSeparator !== Number.POSITIVE_INFINITY) linesSinceSeparator += 1;
      continue;
    }
    const run = readHeaderRun(lines, index);
    if (run === null) {
      linesSinceSeparator = Number.POSITIVE_INFINITY;
      continue;
    }
    const roles = new Set(run.run.fields.map((field) => field.role));
    const afterSeparator = linesSinceSeparator <= 3;
    const outlookStyle =
      run.run.fields.length >= 3 && roles.has('from') && roles.has('date') && (roles.has('to') || roles.has('subject'));
    if ((afterSeparator && (roles.has('from') || roles.has('to') || roles.has('cc'))) || outlookStyle) yield run.run;
    linesSinceSeparator = Number.POSITIVE_INFINITY;
    index = run.end - 1;
  }
}

/** A sender as a forwarded block's From line writes it. */
export interface WrittenSender {
  name: string;
  address: string | null;
}

/**
 * The original sender of a forward: the From line of the first forwarded-header block that
 * has one (Gmail's "---------- Forwarded message ---------", Outlook's "-----Original
 * Message-----" and its German "Ursprüngliche Nachricht", Apple's "Begin forwarded message:",
 * Thunderbird's "Weitergeleitete Nachricht", an Outlook header run without a separator).
 * `Schmidt, Anna [mailto:anna@x.de]` gives `Anna Schmidt`; a From line with a name only (Outlook
 * leaves the address out for colleagues) gives `address: null`. Null when no block has a From.
 */
export function originalSenderInText(body: string | null | undefined): WrittenSender | null {
  for (const block of forwardedBlocks(body)) {
    const from = block.fields.find((field) => field.role === 'from');
    if (from === undefined) continue;
    const sender = parseWrittenSender(from.value);
    if (sender !== null) return sender;
  }
  return null;
}

/** `Anna Schmidt <anna@x.de>`, `"Schmidt, Anna" <anna@x.de>`, `Anna [mailto:anna@x.de]`, `anna@x.de`, `Anna Schmidt`. */
export function parseWrittenSender(value: string): WrittenSender | null {
  const cleaned = value.replace(/\*+/gu, '').trim();
  if (cleaned === '') return null;
  const address = addressesInHeaderValue(cleaned)[0] ?? addressesInText(cleaned)[0] ?? null;
  // The name is what comes before the first `<`, `[` or `(`; quotes dropped; a name that is an address says nothing.
  let name = (cleaned.split(/[<[(]/u)[0] ?? '').replace(/["']/gu, '').replace(/\s+/gu, ' ').trim();
  if (name.includes('@')) name = '';
  const lastFirst = /^([\p{L}'’-]+(?: [\p{L}'’-]+)?), ([\p{L}'’.-]+(?: [\p{L}'’.-]+)?)$/u.exec(name);
  if (lastFirst !== null) name = `${lastFirst[2]} ${lastFirst[1]}`;
  if (name === '' && address === null) return null;
  return { name, address };
}

/** Addresses named in a forwarded block of the peek (see `readForwardedHeaders`). */
export function findForwardedAddresses(bodyPeek: string | null | undefined): string[] {
  return readForwardedHeaders(bodyPeek).addresses;
}

/** The header lines starting at `start`, up to a blank line or a line that is neither. */
function readHeaderRun(lines: readonly string[], start: number): { run: HeaderRun; end: number } | null {
  const fields: HeaderRun['fields'] = [];
  let index = start;
  for (; index < lines.length; index += 1) {
    const line = lines[index] as string;
    if (line.trim() === '') break;
    const header = headerLine.exec(line);
    const label = header?.[1]?.trim().toLowerCase();
    if (header !== null && label !== undefined && (fieldLabels.has(label) || fields.length > 0)) {
      fields.push({ role: fieldLabels.get(label) ?? 'other', value: header[2] ?? '' });
      continue;
    }
    // A wrapped recipient list continues the previous field (Outlook wraps long To lines).
    const previous = fields.at(-1);
    if (previous !== undefined && (/^\s/u.test(line) || line.includes('@')) && !headerLine.test(line)) {
      previous.value += ` ${line.trim()}`;
      continue;
    }
    break;
  }
  return fields.length === 0 ? null : { run: { fields }, end: Math.max(index, start + 1) };
}

/**
 * Addresses in one forwarded header value, in the order written: `<addr>`,
 * `[mailto:addr]` and bare addresses; quoted display names are skipped, so
 * `"anna@x.de" <kim@y.de>` names only kim.
 */
function addressesInHeaderValue(value: string): string[] {
  const found = new Set<string>();
  const tokens = /"[^"]*"|<([^<>]*)>|\[\s*mailto:([^\]]*)\]|([^\s<>"[\],;]+)/giu;
  for (const match of value.matchAll(tokens)) {
    const text = match[1] ?? match[2] ?? match[3];
    if (text === undefined) continue;
    for (const address of addressesInText(text)) found.add(address);
  }
  return [...found];
}

/** Enough of HTML for a header block or a quoted original: line breaks kept, tags dropped, entities decoded. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(?:script|style)\b[\s\S]*?<\/(?:script|style)\s*>/giu, ' ')
    .replace(/<(?:br|hr)\b[^>]*>|<\/(?:p|div|tr|li|h\d|blockquote)\s*>/giu, '\n')
    .replace(/<[^<>]*>/gu, '')
    .replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,6});/giu, (entity: string, name: string) => decodeEntity(entity, name));
}

const namedEntities: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntity(entity: string, name: string): string {
  if (name.startsWith('#')) {
    const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
    return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
  }
  return namedEntities[name.toLowerCase()] ?? entity;
}
