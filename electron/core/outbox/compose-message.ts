import { randomUUID } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';
import { domainOf } from '../domain/addresses.js';
import { withoutBcc } from '../domain/header-fields.js';
import { stripReplyPrefixes } from '../domain/message-headers.js';

/** The message a mail Hirebox writes answers, as stored. */
export interface ReplyParent {
  /** Without angle brackets. */
  messageIdHeader: string;
  /** The parent's own References, oldest first. */
  references: string[];
  subject: string;
}

export interface ComposeInput {
  from: { address: string; name: string };
  to: string[];
  cc: string[];
  bcc: string[];
  subject: string;
  /** What the user wrote, plain text. */
  body: string;
  /** The mailbox's signature; added below the body after the RFC 3676 delimiter "-- ". */
  signature: string;
  attachments: { fileName: string; mimeType: string; content: Buffer }[];
  reply: ReplyParent | null;
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
 * Builds the message with nodemailer's MIME composer. A reply names its parent in
 * In-Reply-To and carries the parent's References plus the parent (RFC 5322 §3.6.4), so
 * every mail client threads it; a new mail has neither.
 */
export async function composeMessage(input: ComposeInput): Promise<ComposedMessage> {
  const text = input.signature.trim() === '' ? input.body : `${input.body.replace(/\s+$/u, '')}\n\n-- \n${input.signature}`;
  const subject = input.subject.trim() !== '' ? input.subject.trim() : input.reply !== null ? replySubject(input.reply.subject) : '';
  const references = input.reply === null ? [] : [...input.reply.references.filter((id) => id !== input.reply!.messageIdHeader), input.reply.messageIdHeader];
  const composer = new MailComposer({
    from: { name: input.from.name, address: input.from.address },
    to: input.to,
    cc: input.cc,
    bcc: input.bcc,
    subject,
    text,
    messageId: `<${input.messageId}>`,
    date: input.date,
    ...(input.reply === null ? {} : { inReplyTo: `<${input.reply.messageIdHeader}>`, references: references.map((id) => `<${id}>`) }),
    attachments: input.attachments.map((attachment) => ({ filename: attachment.fileName, contentType: attachment.mimeType, content: attachment.content })),
  });
  const node = composer.compile();
  node.keepBcc = true;
  const raw = await node.build();
  return { raw, wire: withoutBcc(raw), subject };
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
