import { simpleParser, type AddressObject } from 'mailparser';
import { originalSenderInText, parseWrittenSender, type WrittenSender } from '../domain/forward-markers.js';

/**
 * Who a mail in the company inbox is really from (R13, "create candidate from this mail"):
 * a colleague forwards a CV, so the mail's own From is the colleague. In this order:
 * 1. the From of an attached message (`message/rfc822`, Outlook's "forward as attachment");
 * 2. the From line of a forwarded-header block in the text (or HTML) body;
 * 3. the mail's own From (an applicant who wrote to jobs@ directly).
 */
export interface OriginalSender extends WrittenSender {
  source: 'attached-message' | 'forwarded-block' | 'sender';
}

export async function readOriginalSender(source: Buffer): Promise<OriginalSender | null> {
  const parsed = await simpleParser(source, { skipImageLinks: true, skipTextLinks: true });
  for (const attachment of parsed.attachments) {
    if (attachment.contentType.toLowerCase() !== 'message/rfc822') continue;
    try {
      const attached = await simpleParser(attachment.content, { skipImageLinks: true, skipTextLinks: true });
      const from = firstAddress(attached.from);
      if (from !== null) return { ...from, source: 'attached-message' };
    } catch {
      // An attached message that cannot be read says nothing; the body may.
    }
  }
  const body = [parsed.text ?? '', typeof parsed.html === 'string' ? parsed.html : ''].join('\n');
  const written = originalSenderInText(body);
  if (written !== null) return { ...written, source: 'forwarded-block' };
  const own = firstAddress(parsed.from);
  return own === null ? null : { ...own, source: 'sender' };
}

function firstAddress(field: AddressObject | AddressObject[] | undefined): WrittenSender | null {
  if (field === undefined) return null;
  const entry = (Array.isArray(field) ? field : [field]).flatMap((object) => object.value).find((value) => value.address !== undefined && value.address !== '');
  if (entry === undefined) return null;
  const parsed = parseWrittenSender(entry.name === '' ? entry.address! : `${entry.name} <${entry.address}>`);
  return { name: parsed?.name ?? '', address: entry.address!.trim().toLowerCase() };
}

/** What the top of a message source says: an attachment (multipart/mixed, a part marked attachment) or an attached message. */
export function peekShape(peek: Buffer): { attachment: boolean; attachedMessage: boolean } {
  const text = peek.toString('latin1');
  const headerEnd = text.search(/\r?\n\r?\n/u);
  const top = headerEnd < 0 ? text : text.slice(0, headerEnd);
  const mixed = /^content-type:\s*multipart\/mixed/imu.test(top.replace(/\r?\n[ \t]+/gu, ' '));
  const attachment = mixed || /^content-disposition:\s*attachment/imu.test(text);
  const attachedMessage = /^content-type:\s*message\/rfc822/imu.test(text);
  return { attachment, attachedMessage };
}
