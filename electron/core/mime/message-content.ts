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
  /** Written to its file under its name only once the message's rows are committed (`stageAttachmentFiles`). */
  content: Buffer;
}

const snippetLength = 200;

/**
 * Parses a message source with mailparser (malformed MIME included: it does not throw on
 * broken structure). Attachments are kept in memory with their content hash; their files
 * are staged (`stageAttachmentFiles`) while the rows naming them are written and published
 * once they are committed, so no file exists for mail that was never stored (R3) and a
 * full disk leaves neither rows without files nor half files.
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
  stageAttachmentFiles(dataFolder, attachments).publish();
}

/** Attachment files written as `<sha256>.part`, not yet under their names. */
export interface StagedAttachmentFiles {
  /** Renames each part to its name (after the rows naming them are committed). */
  publish(): void;
  /** Removes every part (the rows were not committed). */
  discard(): void;
}

/**
 * Writes each attachment not yet stored to `<sha256>.part`, for a caller that commits the
 * rows naming them in between (issue 23, disk full): a write that fails (ENOSPC) removes
 * every part it wrote and throws, so the rows are rolled back and no file is half written;
 * once the rows are committed, `publish` renames the parts (a rename needs no free space).
 */
export function stageAttachmentFiles(dataFolder: string, attachments: readonly StoredAttachment[]): StagedAttachmentFiles {
  const folder = path.join(dataFolder, 'attachments');
  const parts: { part: string; file: string }[] = [];
  const discard = () => {
    for (const { part } of parts) fs.rmSync(part, { force: true });
  };
  try {
    for (const attachment of attachments) {
      const file = path.join(folder, attachment.contentHash);
      if (fs.existsSync(file) || parts.some((each) => each.file === file)) continue;
      fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
      const part = `${file}.part`;
      parts.push({ part, file });
      fs.writeFileSync(part, attachment.content, { mode: 0o600 });
    }
  } catch (error) {
    discard();
    throw error;
  }
  return {
    publish() {
      for (const { part, file } of parts) fs.renameSync(part, file);
    },
    discard,
  };
}

/** Removes parts a stopped run left (written, never published): they belong to no stored mail (R3). */
export function removeLeftoverParts(dataFolder: string): void {
  const folder = path.join(dataFolder, 'attachments');
  let names: string[];
  try {
    names = fs.readdirSync(folder);
  } catch {
    return;
  }
  for (const name of names) if (name.endsWith('.part')) fs.rmSync(path.join(folder, name), { force: true });
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

