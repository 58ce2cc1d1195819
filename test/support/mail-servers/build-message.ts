import { randomUUID } from 'node:crypto';

/** An address as written (`'Anna <anna@example.test>'`, `'undisclosed-recipients:;'`) or as parts. */
export type AddressInput = string | { name?: string; address: string };

export interface MessageInput {
  from: AddressInput;
  to: AddressInput | AddressInput[];
  cc?: AddressInput | AddressInput[];
  subject: string;
  date: Date;
  /** With or without angle brackets; a fresh `<uuid@hirebox.test>` when left out. */
  messageId?: string;
  inReplyTo?: string;
  references?: string | string[];
  /** Plain text; line ends become CRLF. */
  body: string;
  /** Further headers, written verbatim; a name already set above (any case) is replaced. */
  headers?: Record<string, string>;
}

/**
 * A plain-text RFC 5322 message with CRLF line ends, for readable fixtures. Non-ASCII in the
 * subject and in `{ name }` display names is RFC 2047-encoded as a mail client would; an
 * address given as a string and every `headers` value are written as given, so a fixture
 * can still carry raw 8-bit headers on purpose.
 */
export function buildMessage(input: MessageInput): string {
  const headers: [string, string][] = [
    ['From', formatAddresses(input.from)],
    ['To', formatAddresses(input.to)],
    ['Cc', input.cc === undefined ? '' : formatAddresses(input.cc)],
    ['Subject', encodeHeaderText(input.subject)],
    ['Date', formatDate(input.date)],
    ['Message-ID', angleBracketed(input.messageId ?? `${randomUUID()}@hirebox.test`)],
    ['In-Reply-To', input.inReplyTo === undefined ? '' : angleBracketed(input.inReplyTo)],
    // Folded one id per line: a long thread's References would pass the 998-octet line limit (RFC 5322 §2.1.1).
    ['References', input.references === undefined ? '' : [input.references].flat().map(angleBracketed).join('\r\n ')],
    ['MIME-Version', '1.0'],
    ['Content-Type', 'text/plain; charset=utf-8'],
    ['Content-Transfer-Encoding', isAscii(input.body) ? '7bit' : '8bit'],
  ];
  for (const [name, value] of Object.entries(input.headers ?? {})) {
    const existing = headers.findIndex(([known]) => known.toLowerCase() === name.toLowerCase());
    if (existing >= 0) headers[existing] = [name, value];
    else headers.push([name, value]);
  }
  const head = headers.filter(([, value]) => value !== '').map(([name, value]) => `${name}: ${value}\r\n`).join('');
  return `${head}\r\n${input.body.replace(/\r?\n/g, '\r\n')}`;
}

function formatAddresses(addresses: AddressInput | AddressInput[]): string {
  return [addresses].flat().map(formatAddress).join(', ');
}

function formatAddress(address: AddressInput): string {
  if (typeof address === 'string') return address;
  if (!address.name) return address.address;
  return `${formatDisplayName(address.name)} <${address.address}>`;
}

function formatDisplayName(name: string): string {
  if (!isAscii(name)) return encodeHeaderText(name);
  // atext and spaces may stand bare; anything else needs a quoted-string (RFC 5322 §3.2.3–3.2.4).
  if (/^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~ ]+$/.test(name)) return name;
  return `"${name.replace(/["\\]/g, '\\$&')}"`;
}

/** RFC 2047 `B` encoded-words of at most 75 characters, never splitting a character. */
function encodeHeaderText(text: string): string {
  if (isAscii(text)) return text;
  const words: string[] = [];
  let chunk = '';
  for (const character of text) {
    if (Buffer.byteLength(chunk + character, 'utf8') > 45) {
      words.push(chunk);
      chunk = '';
    }
    chunk += character;
  }
  words.push(chunk);
  return words.map((word) => `=?UTF-8?B?${Buffer.from(word, 'utf8').toString('base64')}?=`).join('\r\n ');
}

/** RFC 5322 §3.3 date-time in UTC, e.g. `Tue, 01 Jul 2025 10:00:00 +0000`. */
function formatDate(date: Date): string {
  return date.toUTCString().replace(/GMT$/, '+0000');
}

function angleBracketed(id: string): string {
  return id.startsWith('<') ? id : `<${id}>`;
}

function isAscii(text: string): boolean {
  return /^[\x00-\x7f]*$/.test(text);
}
