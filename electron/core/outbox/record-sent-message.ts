import { createHash, randomUUID } from 'node:crypto';
import { simpleParser, type AddressObject } from 'mailparser';
import { matchMessage, type MatchContext } from '../domain/matching.js';
import { normalizeEnvelopeAddresses, normalizeMessageId, parseMessageIdList, subjectKey } from '../domain/message-headers.js';
import type { OwnAddressBook } from '../domain/own-addresses.js';
import { assignThread } from '../domain/threading.js';
import type { CandidatePool } from '../store/repositories/candidates-repository.js';
import type { MailAddress } from '../store/repositories/messages-repository.js';
import type { Store } from '../store/store.js';
import { readMessageContent, type MessageContent } from '../mime/message-content.js';

/** A sent message read back from its frozen MIME, ready to be stored. */
export interface SentMessage {
  messageIdHeader: string;
  inReplyTo: string[];
  references: string[];
  subject: string;
  date: Date;
  from: MailAddress[];
  to: MailAddress[];
  cc: MailAddress[];
  bcc: MailAddress[];
  content: MessageContent;
  contentHash: string;
  size: number;
}

/** Reads the frozen message (Bcc included) the way sync reads mail: same parser, same normalising. */
export async function readSentMessage(raw: Buffer, messageIdHeader: string): Promise<SentMessage> {
  const parsed = await simpleParser(raw, { skipImageLinks: true, skipTextLinks: true, keepCidLinks: true });
  const header = (name: string) => {
    const value = parsed.headers.get(name);
    return typeof value === 'string' ? value : Array.isArray(value) ? value.join(' ') : null;
  };
  return {
    messageIdHeader,
    inReplyTo: parseMessageIdList(header('in-reply-to')),
    references: parseMessageIdList(header('references')),
    subject: parsed.subject ?? '',
    date: parsed.date ?? new Date(),
    from: addressesOf(parsed.from),
    to: addressesOf(parsed.to),
    cc: addressesOf(parsed.cc),
    bcc: addressesOf(parsed.bcc),
    content: await readMessageContent(raw),
    contentHash: createHash('sha256').update(raw).digest('hex'),
    size: raw.length,
  };
}

export interface RecordContext {
  store: Store;
  mailboxId: string;
  /** The candidate the user wrote to (or from whose page); linked whatever the matcher says. */
  candidateId: string | null;
  ownAddresses: OwnAddressBook;
  now: Date;
  /** Who wrote it: replying reads the thread, so it is marked read for them. */
  authorUserId: string;
  /** Issue 25: `sample` only for the sample-data import; sent mail links real candidates. */
  candidatePool?: CandidatePool;
}

/**
 * Stores a mail Hirebox sent as a message of its thread and its candidates at once (R1):
 * threaded like synced mail, linked by the matcher as the owner's own sent mail (Bcc
 * counts), and to the chosen candidate in any case. Marked `generated_by_hirebox` (R5
 * "hirebox-thread"). Run inside the transaction that records the acceptance. When sync
 * later sees the copy in Sent, it only adds that location (same Message-ID, same subject).
 * Returns the stored message's id and thread, or the existing ones when it is stored already.
 */
export function recordSentMessage(message: SentMessage, context: RecordContext): { messageId: string; threadId: string } {
  const { store, mailboxId, now } = context;
  const dedupeKey = `mid:${message.messageIdHeader}`;
  const existing = store.messages.findByDedupeKey(dedupeKey);
  if (existing !== null) return { messageId: existing.id, threadId: existing.threadId };
  const addresses = (list: MailAddress[]) => list.map((entry) => entry.address);
  const matchContext: MatchContext = {
    ownAddresses: context.ownAddresses,
    candidatesByAddress: (address) => store.candidates.matchFacts(address, context.candidatePool ?? 'real'),
    candidatesLinkedTo: (id) => store.candidates.matchFactsOf(store.links.candidatesLinkedTo(id), context.candidatePool ?? 'real'),
    isInHireboxThread: (id) => store.threadNodes.isHireboxThread(id),
  };
  const decision = matchMessage(
    {
      messageId: message.messageIdHeader,
      from: addresses(message.from),
      to: addresses(message.to),
      cc: addresses(message.cc),
      bcc: addresses(message.bcc),
      isOwnSentMail: true,
      references: message.references,
      inReplyTo: message.inReplyTo,
      subject: message.subject,
      forwardPeek: null,
    },
    matchContext,
  );
  const links = new Map(decision.links.map((link) => [link.candidateId, link.reason as 'address' | 'reply-chain' | 'forward' | 'manual']));
  // The user chose this candidate when writing: the mail belongs on their profile even
  // where no header evidence holds (e.g. a reply in a thread whose first mail was not stored).
  if (context.candidateId !== null && !links.has(context.candidateId)) links.set(context.candidateId, 'manual');
  const createdAt = now.toISOString();
  const id = randomUUID();
  const assignment = assignThread(
        {
          messageId: message.messageIdHeader,
          references: message.references,
          inReplyTo: message.inReplyTo,
          subject: message.subject,
          date: message.date,
          // A forward written in Hirebox starts its own thread, as a synced one does (R6).
          isForward: decision.isForward,
          candidateIds: [...links.keys()],
        },
        store.threadNodes,
      );
  const threadId = store.threadNodes.apply(assignment, { mailboxId, messageId: id, messageIdHeader: message.messageIdHeader, createdAt }, (threadId) => {
    store.messages.insert({
      id,
      threadId,
      dedupeKey,
      messageIdHeader: message.messageIdHeader,
      contentHash: message.contentHash,
      inReplyTo: message.inReplyTo[0] ?? null,
      references: message.references,
      subject: message.subject,
      subjectKey: subjectKey(message.subject),
      from: message.from,
      to: message.to,
      cc: message.cc,
      bcc: message.bcc,
      date: message.date.toISOString(),
      internalDate: createdAt,
      snippet: message.content.snippet,
      hasAttachments: message.content.attachments.some((attachment) => !attachment.isInline),
      body: { state: 'full', text: message.content.text, html: message.content.html },
      size: message.size,
      generatedByHirebox: true,
      createdAt,
    });
  });
  for (const { content: _content, ...attachment } of message.content.attachments) store.attachments.insert({ id: randomUUID(), messageId: id, ...attachment });
  for (const [candidateId, reason] of links) store.links.insert({ messageId: id, candidateId, reason, createdAt });
  store.threads.setRead(threadId, context.authorUserId, true, createdAt);
  return { messageId: id, threadId };
}

function addressesOf(field: AddressObject | AddressObject[] | undefined): MailAddress[] {
  const list = field === undefined ? [] : Array.isArray(field) ? field : [field];
  const entries = list.flatMap((object) => object.value.flatMap((entry) => (entry.group ? entry.group : [entry])));
  const normalized = normalizeEnvelopeAddresses(entries.map((entry) => ({ name: entry.name ?? '', address: entry.address ?? '' })));
  const names = new Map(entries.map((entry) => [(entry.address ?? '').trim().toLowerCase(), entry.name ?? '']));
  return normalized.addresses.map((address) => {
    const name = names.get(address);
    return name ? { name, address } : { address };
  });
}

export { normalizeMessageId };
