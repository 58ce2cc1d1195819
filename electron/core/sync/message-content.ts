import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';

/** The parts of a fetched message Hirebox keeps (R2: only for linked mail). */
export interface MessageContent {
  text: string | null;
  /** Kept raw here; sanitised when shown (DESIGN.md "Mail content"). */
  html: string | null;
  snippet: string;
  attachments: StoredAttachment[];
  /** Bcc as the source names it (kept only on the owner's own sent mail). */
  bcc: AddressObject[];
}

export interface StoredAttachment {
  contentHash: string;
  fileName: string;
  mimeType: string;
  size: number;
  contentId: string | null;
  isInline: boolean;
}

const snippetLength = 200;

/**
 * Parses a message source with mailparser (malformed MIME included: it does not throw on
 * broken structure) and writes each attachment to `<data>/attachments/<sha256>`, once per
 * content, mode 0600. Files are written before the rows that name them; a file whose row
 * never commits is found by its hash and reused or purged later.
 */
export async function readMessageContent(source: Buffer, dataFolder: string): Promise<MessageContent> {
  const parsed: ParsedMail = await simpleParser(source, { skipImageLinks: true, skipTextLinks: true, keepCidLinks: true });
  const folder = path.join(dataFolder, 'attachments');
  const attachments: StoredAttachment[] = [];
  for (const attachment of parsed.attachments) {
    const contentHash = createHash('sha256').update(attachment.content).digest('hex');
    const file = path.join(folder, contentHash);
    if (!fs.existsSync(file)) {
      fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
      fs.writeFileSync(`${file}.part`, attachment.content, { mode: 0o600 });
      fs.renameSync(`${file}.part`, file);
    }
    attachments.push({
      contentHash,
      fileName: attachment.filename ?? 'attachment',
      mimeType: attachment.contentType || 'application/octet-stream',
      size: attachment.size ?? attachment.content.length,
      contentId: attachment.cid ?? null,
      isInline: attachment.contentDisposition === 'inline',
    });
  }
  const text = typeof parsed.text === 'string' ? parsed.text : null;
  const html = typeof parsed.html === 'string' ? parsed.html : null;
  const bcc = parsed.bcc === undefined ? [] : Array.isArray(parsed.bcc) ? parsed.bcc : [parsed.bcc];
  return { text, html, snippet: snippetOf(text ?? parsed.textAsHtml ?? ''), attachments, bcc };
}

/** The decoded text of a bounded peek (headers and the start of the body), for the forward check. */
export async function readPeekText(peek: Buffer): Promise<string> {
  const parsed = await simpleParser(peek, { skipImageLinks: true, skipTextLinks: true });
  return [parsed.text ?? '', typeof parsed.html === 'string' ? parsed.html : ''].join('\n');
}

function snippetOf(text: string): string {
  return text.replace(/\s+/gu, ' ').trim().slice(0, snippetLength);
}

