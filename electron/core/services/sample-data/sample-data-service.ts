import { randomUUID } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { SampleDataStatus } from '../../../../shared/model.js';
import type { Viewer } from '../../domain/visibility.js';
import { AppError } from '../../errors.js';
import type { Logger } from '../../log/logger.js';
import { readSentMessage, recordSentMessage } from '../../outbox/record-sent-message.js';
import type { Store } from '../../store/store.js';
import { MailboxSync } from '../../sync/mailbox-sync.js';
import type { AddressGuard } from '../address-guard.js';
import type { CandidateDeletion } from '../candidate-deletion.js';
import type { CandidateService } from '../candidate-service.js';
import { sampleCandidates, sampleJobs, sampleThreads, type SampleMessage, type SampleParty } from './sample-conversations.js';
import { SampleMailProvider, type SampleSource } from './sample-mail-provider.js';

/** The sample mailbox's address: reserved (RFC 2606), never a real mailbox. */
export const sampleMailboxAddress = 'sample-mailbox@hirebox.example';

export interface SampleDataServiceOptions {
  store: Store;
  guard: AddressGuard;
  candidates: CandidateService;
  deletion: CandidateDeletion;
  dataFolder: string;
  logger: Logger;
  now?: () => Date;
}

/**
 * "Explore with sample data" (issue 25). Loading creates the sample jobs and candidates
 * (flagged `sample`, migration 13) through the candidate service's own checks, builds
 * the sample conversations as MIME messages and imports them with `MailboxSync` — the
 * sync's own matcher, forward peek, threading and storing — from an in-memory mailbox
 * (`SampleMailProvider`), matching only sample candidates. Mail "written in Hirebox"
 * goes through the outbox's `recordSentMessage`. Removing deletes every sample candidate
 * through R3's deletion (messages, search entries, attachment files, purge job), then
 * the sample jobs and the sample mailbox: the workspace is as it was before.
 */
export class SampleDataService {
  readonly #options: SampleDataServiceOptions;
  readonly #now: () => Date;
  #busy = false;

  constructor(options: SampleDataServiceOptions) {
    this.#options = options;
    this.#now = options.now ?? (() => new Date());
  }

  status(): SampleDataStatus {
    const { store } = this.#options;
    const rows = store.sampleData.rows();
    const loaded = rows.mailboxId !== null || rows.candidateIds.length > 0 || rows.jobIds.length > 0;
    const hasMailbox = store.mailboxes.all().length > 0;
    return {
      loaded,
      // Offered while nothing real is connected yet: sample mail beside real mail would confuse.
      offered: !loaded && !hasMailbox,
      jobs: rows.jobIds.length,
      candidates: rows.candidateIds.length,
      messages: rows.mailboxId === null ? 0 : store.sampleData.messagesOf(rows.mailboxId).length,
    };
  }

  /**
   * @throws AppError `conflict` when sample data is loaded already or being loaded;
   *   `not-found` before first run.
   */
  async load(viewer: Viewer): Promise<SampleDataStatus> {
    const { store, guard, logger } = this.#options;
    if (this.#busy) throw new AppError('conflict', 'The sample data is being loaded or removed already.');
    if (this.status().loaded) throw new AppError('conflict', 'The sample data is loaded already. Remove it first to load it again.');
    const workspace = store.workspace.get();
    const owner = store.users.get(viewer.userId) ?? store.users.owner();
    if (workspace === null || owner === null) throw new AppError('not-found', 'Set up the workspace first.');
    this.#busy = true;
    try {
      const now = this.#now();
      const createdAt = now.toISOString();
      const mailboxId = randomUUID();
      const jobIds = new Map<string, string>();
      const candidateIds = new Map<string, { id: string; name: string; address: string }>();
      store.transaction(() => {
        store.sampleData.insertMailbox({ id: mailboxId, address: sampleMailboxAddress, displayName: owner.name, ownerUserId: owner.id, createdAt });
        store.folders.upsert(mailboxId, { path: 'INBOX', name: 'INBOX', role: 'inbox', roleSource: 'name', scanned: true });
        store.folders.upsert(mailboxId, { path: 'Sent', name: 'Sent', role: 'sent', roleSource: 'special-use', scanned: true });
        for (const job of sampleJobs) {
          const id = randomUUID();
          store.jobs.insert({ id, title: job.title, status: 'open', createdAt });
          store.sampleData.markJob(id);
          jobIds.set(job.key, id);
        }
        const domain = workspace.domains[0]!;
        for (const candidate of sampleCandidates) {
          const address = candidate.internal === true ? `${candidate.address}@${domain}` : candidate.address;
          const applications = candidate.applications.map((application) => ({ jobId: jobIds.get(application.job)!, stage: application.stage }));
          let id: string;
          try {
            id = this.#options.candidates.insert({ name: candidate.name, addresses: [address], applications });
          } catch (error) {
            // The internal applicant's address may be taken in this workspace (R4): left out.
            if (error instanceof AppError && candidate.internal === true) continue;
            throw error;
          }
          store.sampleData.markCandidate(id);
          candidateIds.set(candidate.key, { id, name: candidate.name, address });
        }
      });

      const party = (who: SampleParty) =>
        who === 'owner' ? { name: owner.name, address: owner.email } : 'candidate' in who ? (candidateIds.get(who.candidate) ?? null) : who;
      const sources: SampleSource[] = [];
      const tag = randomUUID().slice(0, 8);
      let counter = 0;
      // Each thread's sources, for a forward that quotes a message of the thread before it.
      const raws: Buffer[][] = [];
      for (const thread of sampleThreads) {
        const threadRaws: Buffer[] = [];
        raws.push(threadRaws);
        const parties = thread.messages.map((message) => [party(message.from), party(message.to)] as const);
        if (parties.some(([from, to]) => from === null || to === null)) continue;
        const chain: string[] = [];
        for (const [index, message] of thread.messages.entries()) {
          counter += 1;
          const messageId = `sample-${counter}.${tag}@hirebox.example`;
          const [from, to] = parties[index]!;
          const date = new Date(now.getTime() - message.daysAgo * 86_400_000);
          const forwarded = message.forwards === undefined ? null : (raws[raws.length - 2]?.[message.forwards] ?? null);
          const raw = await compose(message, { from: from!, to: to!, messageId, date, chain, forwarded });
          if (message.writtenInHirebox === true) {
            const sent = await readSentMessage(raw, messageId);
            const candidate = message.to !== 'owner' && typeof message.to === 'object' && 'candidate' in message.to ? candidateIds.get(message.to.candidate)! : null;
            store.transaction(() =>
              recordSentMessage(sent, { store, mailboxId, candidateId: candidate?.id ?? null, ownAddresses: guard.ownAddresses(), now: date, authorUserId: owner.id, candidatePool: 'sample' }),
            );
          }
          threadRaws.push(raw);
          sources.push({ folder: message.from === 'owner' ? 'Sent' : 'INBOX', raw, receivedAt: date });
          if (message.forwards === undefined) chain.push(messageId);
        }
      }

      const sync = new MailboxSync({
        store,
        provider: new SampleMailProvider(sources),
        mailboxId,
        dataFolder: this.#options.dataFolder,
        logger,
        ownAddresses: () => guard.ownAddresses(),
        onStatus: () => {},
        candidatePool: 'sample',
        now: () => now,
      });
      const summary = await sync.run();
      store.transaction(() => {
        // R7: the archived job's candidate stops syncing; the mail stored while it was open stays.
        for (const job of sampleJobs) if (job.archived === true) store.jobs.setStatus(jobIds.get(job.key)!, 'archived', createdAt);
        store.mailboxes.setStatus(mailboxId, { status: { state: 'up-to-date' }, lastSyncedAt: createdAt });
      });
      logger.info('sample data loaded', { messages: summary.messagesStored, candidates: candidateIds.size, jobs: jobIds.size });
      return this.status();
    } catch (error) {
      logger.error('sample data could not be loaded; removing what was added', { error: error instanceof Error ? error.name : 'unknown' });
      this.#removeAll();
      throw error;
    } finally {
      this.#busy = false;
    }
  }

  /** Removes every trace of the sample data (R3 deletion for its candidates); idempotent. */
  remove(): SampleDataStatus {
    if (this.#busy) throw new AppError('conflict', 'The sample data is being loaded or removed already.');
    this.#busy = true;
    try {
      this.#removeAll();
    } finally {
      this.#busy = false;
    }
    return this.status();
  }

  #removeAll(): void {
    const { store, deletion, logger } = this.#options;
    const rows = store.sampleData.rows();
    for (const candidateId of rows.candidateIds) deletion.deleteSampleCandidate(candidateId);
    if (rows.mailboxId !== null) {
      // Sample mail a user linked by hand to a real candidate goes too: it came from no mailbox.
      const left = store.sampleData.messagesOf(rows.mailboxId);
      if (left.length > 0) {
        store.sampleData.unlinkAll(left);
        deletion.deleteUnlinkedMessages(left);
      }
    }
    store.transaction(() => {
      for (const jobId of rows.jobIds) store.sampleData.removeJob(jobId);
      if (rows.mailboxId !== null) store.sampleData.removeMailbox(rows.mailboxId);
      store.sampleData.compactEmptySearchIndex();
    });
    store.checkpoint();
    logger.info('sample data removed', { candidates: rows.candidateIds.length, jobs: rows.jobIds.length });
  }
}

interface ComposeContext {
  from: { name: string; address: string };
  to: { name: string; address: string };
  messageId: string;
  date: Date;
  /** The Message-IDs of the mail this one answers, oldest first. */
  chain: readonly string[];
  /** The source of the message a forward quotes. */
  forwarded: Buffer | null;
}

async function compose(message: SampleMessage, context: ComposeContext): Promise<Buffer> {
  const { from, to, messageId, date, chain, forwarded } = context;
  let text = message.text;
  let references: string[] = chain.map((id) => `<${id}>`);
  let inReplyTo = chain.length === 0 ? undefined : `<${chain[chain.length - 1]}>`;
  if (forwarded !== null) {
    const { simpleParser } = await import('mailparser');
    const original = await simpleParser(forwarded);
    text += `\n\n---------- Weitergeleitete Nachricht ----------\nVon: ${original.from?.text ?? ''}\nDatum: ${original.date?.toUTCString() ?? ''}\nBetreff: ${original.subject ?? ''}\nAn: ${Array.isArray(original.to) ? original.to.map((entry) => entry.text).join(', ') : (original.to?.text ?? '')}\n\n${original.text ?? ''}`;
    references = original.messageId === undefined ? [] : [original.messageId];
    inReplyTo = undefined;
  }
  const attachments = message.attachment === undefined ? [] : [attachmentOf(message.attachment)];
  const composer = new MailComposer({
    from,
    to,
    subject: message.subject,
    text,
    messageId: `<${messageId}>`,
    date,
    ...(inReplyTo === undefined ? {} : { inReplyTo }),
    ...(references.length === 0 ? {} : { references }),
    attachments,
  });
  return composer.compile().build();
}

function attachmentOf(attachment: NonNullable<SampleMessage['attachment']>): { filename: string; contentType: string; content: Buffer } {
  if (attachment.kind === 'text') {
    return { filename: attachment.fileName, contentType: 'text/plain', content: Buffer.from('Build a small service that reads a CSV of orders and prints the revenue per day.\n') };
  }
  return { filename: attachment.fileName, contentType: 'application/pdf', content: samplePdf(attachment.fileName.replace(/\.pdf$/u, '').replaceAll('_', ' ')) };
}

/** A one-page PDF with one line of text: small, valid, and opens in any viewer. */
function samplePdf(title: string): Buffer {
  const line = title.replace(/[()\\]/gu, '');
  const stream = `BT /F1 18 Tf 72 720 Td (${line}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  for (const [index, object] of objects.entries()) {
    offsets.push(body.length);
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  }
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}
