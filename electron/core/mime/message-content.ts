import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { readForwardedHeaders, type ForwardedHeaders } from '../domain/forward-markers.js';
import { normalizeEnvelopeAddresses } from '../domain/message-headers.js';

/**
 * Reading a message source (MIME, with mailparser) and writing its attachment files: shared
 * by sync (fetched mail) and the outbox (the sent copy), so it sits below both.
 */

/** The parts of a fetched message Hirebox keeps (R2: only for linked mail). */
export interface MessageContent {
  text: string | null;
  /** Kept raw here; sanitised when shown (DESIGN.md "Mail content"). */
  html: string | null;
  snippet: string;
  attachments: StoredAttachment[];
}

export interface StoredAttachment {
  contentHash: string;
  fileName: string;
  mimeType: string;
  size: number;
  contentId: string | null;
  isInline: boolean;
  /** Written to its file only once the message's rows are committed (`writeAttachmentFiles`). */
  content: Buffer;
}

const snippetLength = 200;

/**
 * Parses a message source with mailparser (malformed MIME included: it does not throw on
 * broken structure). Attachments are kept in memory with their content hash; their files
 * are written by `writeAttachmentFiles` after the rows naming them are committed, so no
 * file exists for mail that was never stored (R3).
 */
export async function readMessageContent(source: Buffer): Promise<MessageContent> {
  const parsed: ParsedMail = await simpleParser(source, { skipImageLinks: true, skipTextLinks: true, keepCidLinks: true });
  const attachments = parsed.attachments.map((attachment) => ({
    contentHash: createHash('sha256').update(attachment.content).digest('hex'),
    fileName: attachment.filename ?? 'attachment',
    mimeType: attachment.contentType || 'application/octet-stream',
    size: attachment.size ?? attachment.content.length,
    contentId: attachment.cid ?? null,
    isInline: attachment.contentDisposition === 'inline',
    content: attachment.content,
  }));
  const text = typeof parsed.text === 'string' ? parsed.text : null;
  const html = typeof parsed.html === 'string' ? parsed.html : null;
  return { text, html, snippet: snippetOf(text ?? parsed.textAsHtml ?? ''), attachments };
}

/** Writes each attachment to `<data>/attachments/<sha256>` once per content, mode 0600. */
export function writeAttachmentFiles(dataFolder: string, attachments: readonly StoredAttachment[]): void {
  const folder = path.join(dataFolder, 'attachments');
  for (const attachment of attachments) {
    const file = path.join(folder, attachment.contentHash);
    if (fs.existsSync(file)) continue;
    fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
    fs.writeFileSync(`${file}.part`, attachment.content, { mode: 0o600 });
    fs.renameSync(`${file}.part`, file);
  }
}

/**
 * What the bounded peek (headers and the start of the body) says about a forward (R6): a
 * forwarded-header block in the text, or an attached `message/rfc822` whose headers name
 * the addresses — as far as the peek reaches.
 */
export async function readForwardPeek(peek: Buffer): Promise<ForwardedHeaders> {
  const parsed = await simpleParser(peek, { skipImageLinks: true, skipTextLinks: true });
  const found = readForwardedHeaders([parsed.text ?? '', typeof parsed.html === 'string' ? parsed.html : ''].join('\n'));
  const addresses = new Set(found.addresses);
  let blockFound = found.blockFound;
  for (const attachment of parsed.attachments) {
    if (attachment.contentType.toLowerCase() !== 'message/rfc822') continue;
    blockFound = true;
    const attached = await simpleParser(attachment.content, { skipImageLinks: true, skipTextLinks: true });
    for (const field of [attached.from, attached.to, attached.cc]) {
      for (const address of normalizeEnvelopeAddresses(addressEntries(field)).addresses) addresses.add(address);
    }
  }
  return { blockFound, addresses: [...addresses] };
}

function addressEntries(field: AddressObject | AddressObject[] | undefined) {
  if (field === undefined) return [];
  return (Array.isArray(field) ? field : [field]).flatMap((object) => object.value);
}

function snippetOf(text: string): string {
  return text.replace(/\s+/gu, ' ').trim().slice(0, snippetLength);
}

