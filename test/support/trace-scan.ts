import fs from 'node:fs';
import path from 'node:path';

/**
 * R3's last sentence as a test helper: after a deletion, no file in the data folder may
 * hold the deleted data "in raw, lower-case, base64 (any alignment) or quoted-printable
 * form". Tests put a random marker into what they delete and scan for it here.
 *
 * Scans every file under a folder, recursively, whatever it is (database, WAL, FTS
 * segments inside the database, attachments, logs, temp and cache files); later issues
 * only add what they store, not new scanning.
 */

/** How a trace was encoded where it was found. */
export type TraceForm = 'raw' | 'lower-case' | 'base64' | 'base64url' | 'quoted-printable' | 'file-name';

export interface TraceHit {
  /** Relative to the scanned folder, `/`-separated. */
  file: string;
  form: TraceForm;
  /** Byte offset of the hit; -1 for a hit in the file's name. */
  offset: number;
}

/** A byte pattern for one form of the marker. */
interface Needle {
  form: TraceForm;
  bytes: Buffer;
}

/**
 * The base64 characters that encode `text` whatever its alignment: for 0, 1 and 2
 * leading bytes, the characters whose 6 bits lie wholly inside the marker's bytes — the
 * ones before or after also carry the neighbouring bytes and vary.
 */
export function base64Forms(text: string): string[] {
  const bytes = Buffer.from(text, 'utf8');
  const forms: string[] = [];
  for (let lead = 0; lead < 3; lead += 1) {
    const encoded = Buffer.concat([Buffer.alloc(lead), bytes]).toString('base64');
    const firstBit = lead * 8;
    const endBit = (lead + bytes.length) * 8;
    const first = Math.ceil(firstBit / 6);
    const end = Math.floor(endBit / 6); // characters [first, end) lie wholly inside
    if (end - first >= 4) forms.push(encoded.slice(first, end));
  }
  return forms;
}

/**
 * A pattern for `text` in quoted-printable (RFC 2045 §6.7): each byte literal or as
 * `=XX` (either case of hex), with a soft line break (`=` CRLF or LF) possible between
 * any two bytes.
 */
export function quotedPrintablePattern(text: string): RegExp {
  const bytes = [...Buffer.from(text, 'utf8')];
  const parts = bytes.map((byte) => {
    const hex = byte.toString(16).padStart(2, '0');
    const encoded = `=(?:${hex.toUpperCase()}|${hex.toLowerCase()})`;
    const printable = byte >= 33 && byte <= 126 && byte !== 61;
    return printable ? `(?:${escapeRegExp(String.fromCharCode(byte))}|${encoded})` : encoded;
  });
  return new RegExp(parts.join('(?:=\\r?\\n)?'), 'i');
}

/** Every file under `folder` (recursively), `/`-separated and relative to it, sorted. */
export function listFiles(folder: string): string[] {
  const files: string[] = [];
  const visit = (relative: string): void => {
    for (const entry of fs.readdirSync(path.join(folder, relative), { withFileTypes: true })) {
      const entryPath = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) visit(entryPath);
      else if (entry.isFile()) files.push(entryPath);
    }
  };
  visit('');
  return files.sort();
}

/**
 * Where `marker` (or any of its forms) occurs in the files under `folder`: raw, in any
 * letter case, base64 and base64url at any alignment, quoted-printable, and in file
 * names. An empty list is the R3 proof. Use a marker of at least 8 ASCII characters, so
 * its base64 forms are long enough not to occur by chance.
 */
export function findTraces(folder: string, marker: string): TraceHit[] {
  if (Buffer.byteLength(marker) < 8) throw new Error('A trace marker needs at least 8 bytes.');
  const needles: Needle[] = [
    { form: 'raw', bytes: Buffer.from(marker, 'utf8') },
    ...base64Forms(marker).flatMap((form): Needle[] => {
      const urlForm = form.replaceAll('+', '-').replaceAll('/', '_');
      const needles: Needle[] = [{ form: 'base64', bytes: Buffer.from(form, 'latin1') }];
      // Without '+' or '/' in it, the URL-safe form is the same text.
      if (urlForm !== form) needles.push({ form: 'base64url', bytes: Buffer.from(urlForm, 'latin1') });
      return needles;
    }),
  ];
  const lowerMarker = Buffer.from(marker.toLowerCase(), 'utf8');
  const qp = quotedPrintablePattern(marker);
  const hits: TraceHit[] = [];
  for (const file of listFiles(folder)) {
    if (path.basename(file).toLowerCase().includes(marker.toLowerCase())) hits.push({ file, form: 'file-name', offset: -1 });
    const content = fs.readFileSync(path.join(folder, ...file.split('/')));
    for (const needle of needles) {
      const offset = content.indexOf(needle.bytes);
      if (offset >= 0) hits.push({ file, form: needle.form, offset });
    }
    // Any letter case: fold the file's ASCII letters, then look for the folded marker.
    const folded = asciiLowerCase(content);
    const lowerOffset = folded.indexOf(lowerMarker);
    if (lowerOffset >= 0 && !hits.some((hit) => hit.file === file && hit.form === 'raw' && hit.offset === lowerOffset)) {
      hits.push({ file, form: 'lower-case', offset: lowerOffset });
    }
    const qpMatch = qp.exec(content.toString('latin1'));
    if (qpMatch !== null && !hits.some((hit) => hit.file === file && hit.offset === qpMatch.index)) {
      hits.push({ file, form: 'quoted-printable', offset: qpMatch.index });
    }
  }
  return hits;
}

/** `findTraces` as text for an assertion message. */
export function describeTraces(hits: readonly TraceHit[]): string {
  return hits.map((hit) => `${hit.file} (${hit.form}${hit.offset >= 0 ? ` at ${hit.offset}` : ''})`).join(', ');
}

function asciiLowerCase(content: Buffer): Buffer {
  const folded = Buffer.from(content);
  for (let index = 0; index < folded.length; index += 1) {
    const byte = folded[index]!;
    if (byte >= 65 && byte <= 90) folded[index] = byte + 32;
  }
  return folded;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
