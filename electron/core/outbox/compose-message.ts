import { randomUUID } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';
import { domainOf, type NamedAddress } from '../domain/addresses.js';
import { withoutBcc } from '../domain/header-fields.js';
import { findForwardMarker } from '../domain/forward-markers.js';
import { stripReplyPrefixes } from '../domain/message-headers.js';
import { holdsSignature } from '../../../shared/templates.js';
import { composedHtmlDocument } from '../mime/composed-html.js';

/** The message a mail Hirebox writes answers, as stored. */
export interface ReplyParent {
  /** Without angle brackets. */
  messageIdHeader: string;
  /** The parent's own References, oldest first. */
  references: string[];
  subject: string;
  /** The parent's text, quoted below the answer with its attribution line; absent: nothing quoted. */
  quote?: { intro: string; text: string };
}

/** The stored message a forward carries on (R6: the forward starts a thread of its own). */
export interface ForwardOriginal {
  /** Without angle brackets; null when the original had none (nothing to reference then). */
  messageIdHeader: string | null;
  /** The original's own References, oldest first. */
  references: string[];
  subject: string;
  from: string;
  to: string;
  cc: string;
  /** RFC 5322 date of the original, as the forwarded block shows it. */
  date: string;
  /** The original's text; null when only its headers are stored. */
  text: string | null;
}

export interface ComposeInput {
  from: { address: string; name: string };
  /** Bare addresses, or with the display name as the user wrote it. */
  to: (string | NamedAddress)[];
  cc: (string | NamedAddress)[];
  bcc: (string | NamedAddress)[];
  subject: string;
  /** What the user wrote, plain text (for a rich-text mail: made from `html`, shared/rich-text.ts). */
  body: string;
  /**
   * What the user wrote as HTML, already sanitised (mime/composed-html.ts): the mail then
   * goes as multipart/alternative, `body` its text/plain part, this its text/html part.
   */
  html?: string | undefined;
  /** The mailbox's signature; added below the body after the RFC 3676 delimiter "-- ". */
  signature: string;
  attachments: { fileName: string; mimeType: string; content: Buffer }[];
  reply: ReplyParent | null;
  /** Set for a forward (never together with `reply`). */
  forward?: ForwardOriginal | null;
  /** Chosen before anything is sent (R15); see `newMessageId`. */
  messageId: string;
  date: Date;
}

export interface ComposedMessage {
  /** The whole message, Bcc header included: the Sent copy keeps it (R1). */
  raw: Buffer;
  /** What goes over SMTP: the same bytes without the Bcc header. */
  wire: Buffer;
  subject: string;
}

/** A new Message-ID (without angle brackets) in the sender's domain (RFC 5322 §3.6.4). */
export function newMessageId(fromAddress: string): string {
  return `${randomUUID()}.hirebox@${domainOf(fromAddress)}`;
}

/** The subject of a reply: `Re: ` before the parent's subject without its reply prefixes (any language). */
export function replySubject(parentSubject: string): string {
  const stripped = stripReplyPrefixes(parentSubject).trim();
  return `Re: ${stripped}`;
}

/**
 * The subject of a forward: as the user wrote it when it already opens with a forward
 * marker (`Fwd:`, `WG:`, forward-markers.ts), otherwise `Fwd: ` before it, so the engine's
 * own threader and matcher — and every other client — see a forward (R6).
 */
export function forwardSubject(subject: string): string {
  const trimmed = subject.trim();
  const marker = findForwardMarker(trimmed);
  return marker !== null && !marker.ambiguous ? trimmed : `Fwd: ${trimmed}`;
}

/**
 * The forwarded-header block and the original's text, as Gmail and Thunderbird write it;
 * `readForwardedHeaders` (forward-markers.ts) recognises it, so the Sent copy links to
 * the candidate named in it even without the References.
 */
export function forwardedBlock(original: ForwardOriginal): string {
  const lines = ['---------- Forwarded message ---------', `From: ${original.from}`, `Date: ${original.date}`, `Subject: ${original.subject}`, `To: ${original.to}`];
  if (original.cc !== '') lines.push(`Cc: ${original.cc}`);
  return `${lines.join('\n')}\n\n${original.text ?? ''}`.replace(/\s+$/u, '');
}

/** Each line of `text` quoted once more (RFC 3676 §4.5: `>` and, for unquoted lines, a space). */
export function quoteLines(text: string): string {
  return text
    .replace(/\s+$/u, '')
    .split(/\r\n|\r|\n/u)
    .map((line) => (line.startsWith('>') ? `>${line}` : line === '' ? '>' : `> ${line}`))
    .join('\n');
}

/**
 * The body with the mailbox's signature below the RFC 3676 delimiter — unless there is no
 * signature, or the body already holds it (a template's `{signature}`): never signed twice.
 */
export function signedBody(body: string, signature: string): string {
  if (signature.trim() === '' || holdsSignature(body, signature)) return body;
  return `${body.replace(/\s+$/u, '')}\n\n-- \n${signature}`;
}

/**
 * Builds the message with nodemailer's MIME composer. A reply names its parent in
 * In-Reply-To and carries the parent's References plus the parent (RFC 5322 §3.6.4), so
 * every mail client threads it; a new mail has neither.
 */
export async function composeMessage(input: ComposeInput): Promise<ComposedMessage> {
  const forward = input.forward ?? null;
  const written = signedBody(input.body, input.signature);
  const quote = input.reply?.quote;
  const answered = quote === undefined ? written : `${written.replace(/\s+$/u, '')}\n\n${quote.intro}\n${quoteLines(quote.text)}\n`;
  const text = forward === null ? answered : `${written.replace(/\s+$/u, '')}\n\n${forwardedBlock(forward)}\n`;
  // The HTML part says the same as the text part: signature (once), quoted history or forwarded mail below.
  const signed = input.signature.trim() !== '' && !holdsSignature(input.body, input.signature);
  const html =
    input.html === undefined
      ? undefined
      : composedHtmlDocument(input.html, {
          ...(signed ? { signature: input.signature } : {}),
          ...(forward === null && quote !== undefined ? { quote } : {}),
          ...(forward === null ? {} : { forwarded: forwardedBlock(forward) }),
        });
  const subject = forward !== null ? forwardSubject(input.subject.trim() !== '' ? input.subject : forward.subject) : input.subject.trim() !== '' ? input.subject.trim() : input.reply !== null ? replySubject(input.reply.subject) : '';
  // A forward names the original in References (no In-Reply-To): clients thread it apart by
  // its marker, and the matcher links it to the original's candidate as a forward.
  const forwardReferences = forward === null || forward.messageIdHeader === null ? [] : [...forward.references.filter((id) => id !== forward.messageIdHeader), forward.messageIdHeader];
  const references = input.reply === null ? forwardReferences : [...input.reply.references.filter((id) => id !== input.reply!.messageIdHeader), input.reply.messageIdHeader];
  const composer = new MailComposer({
    from: { name: input.from.name, address: input.from.address },
    to: input.to.map(asRecipient),
    cc: input.cc.map(asRecipient),
    bcc: input.bcc.map(asRecipient),
    subject,
    text,
    ...(html === undefined ? {} : { html }),
    messageId: `<${input.messageId}>`,
    date: input.date,
    ...(input.reply === null ? {} : { inReplyTo: `<${input.reply.messageIdHeader}>` }),
    ...(references.length === 0 ? {} : { references: references.map((id) => `<${id}>`) }),
    attachments: input.attachments.map((attachment) => ({ filename: attachment.fileName, contentType: attachment.mimeType, content: attachment.content })),
  });
  const node = composer.compile();
  node.keepBcc = true;
  const raw = await node.build();
  return { raw, wire: withoutBcc(raw), subject };
}

/** nodemailer encodes a display name (RFC 2047) only when it is given one; a bare address stays bare. */
function asRecipient(recipient: string | NamedAddress): string | { name: string; address: string } {
  return typeof recipient === 'string' || recipient.name === '' ? (typeof recipient === 'string' ? recipient : recipient.address) : { name: recipient.name, address: recipient.address };
}

/**
 * The message with another sender (R12: a queued mail moves to another mailbox). Only the
 * From field changes; the Message-ID stays, so the item is still recognised in Sent.
 */
export function withSender(raw: Buffer, from: { address: string; name: string }): Buffer {
  const end = raw.indexOf('\r\n\r\n');
  const headerEnd = end === -1 ? raw.length : end + 2;
  const lines = raw.subarray(0, headerEnd).toString('latin1').split('\r\n');
  const kept: string[] = [];
  let skipping = false;
  let replaced = false;
  const composedFrom = formatFrom(from);
  for (const line of lines) {
    if (/^[ \t]/u.test(line) && skipping) continue;
    skipping = /^from:/iu.test(line);
    if (skipping) {
      if (!replaced) kept.push(composedFrom);
      replaced = true;
    } else {
      kept.push(line);
    }
  }
  return Buffer.concat([Buffer.from(kept.join('\r\n'), 'latin1'), raw.subarray(headerEnd)]);
}

function formatFrom(from: { address: string; name: string }): string {
  // An encoded word (RFC 2047) keeps any name safe in a header; ASCII names stay readable.
  const name = /^[\x20-\x7e]*$/u.test(from.name) ? `"${from.name.replace(/["\\]/gu, '\\$&')}"` : `=?UTF-8?B?${Buffer.from(from.name, 'utf8').toString('base64')}?=`;
  return from.name.trim() === '' ? `From: ${from.address}` : `From: ${name} <${from.address}>`;
}
