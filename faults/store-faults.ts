import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { MailboxSummary } from '../shared/model.js';
import type { OutboxStateName } from '../shared/status.js';
import { installationOwner } from '../electron/core/api/caller.js';
import { Engine } from '../electron/core/engine.js';
import { AppError } from '../electron/core/errors.js';
import { silentLogger } from '../electron/core/log/file-logger.js';
import { KeyFileSecretBox } from '../electron/core/secrets/key-file-secret-box.js';
import { shiftWallClock } from '../test/support/wall-clock.js';
import { value } from '../test/support/engine.js';
import { deliverByLmtp, startDovecot, startSmtpServer, writeMaildirMessages, type Dovecot, type SmtpServer } from '../test/support/mail-servers/index.js';
import { carries, faultEngineTimings, openFaultEngine, pause, recovers, settle, stopsInBackground, type FaultEngine } from './harness.js';
import { checkInvariants } from './invariants.js';
import type { FaultKind, FaultRunContext, FaultRunResult } from './types.js';
import { drawInt, drawWorld, liveMail, owner, type DrawnWorld } from './world.js';

// Faults of the machine rather than the network (issue 23): a damaged database file at
// start, the wall clock jumping an hour back and forth during sync and send, a 50 MB
// attachment. Each run ends like every other: live sync back at up-to-date by itself, two
// "sync now", the outbox settled, then every candidate mail linked once, nothing else
// stored, nothing sent twice.

export interface StoreRun {
  context: FaultRunContext;
  dovecot: Dovecot;
  smtp: SmtpServer;
  fault: FaultEngine;
  mailbox: MailboxSummary;
  drawn: DrawnWorld;
  deliverLive(count: number): Promise<void>;
  scanned(timeoutMs?: number): Promise<void>;
}

const settledStates: readonly OutboxStateName[] = ['filed'];

/** One run: Dovecot with a drawn mailbox, the engine connected to it directly, `act`, then the checks. */
export async function storeRun(
  context: FaultRunContext,
  options: {
    size: { min: number; max: number };
    settleTimeoutMs?: number;
    dataFolder?: string;
    /** Runs once the engine is open and before the mailbox connects: more mail and candidates of the kind's own (long-thread). */
    beforeConnect?: (dovecot: Dovecot, fault: FaultEngine) => Promise<void>;
  },
  act: (run: StoreRun) => Promise<void>): Promise<FaultRunResult> {
  const { random, seed } = context;
  const cleanups: (() => Promise<unknown> | unknown)[] = [];
  let dovecot: Dovecot | null = null;
  try {
    dovecot = await startDovecot();
    const server = dovecot;
    const drawn = drawWorld(random, seed, options.size);
    writeMaildirMessages(dovecot, owner.address, 'INBOX', drawn.inbox);
    writeMaildirMessages(dovecot, owner.address, 'Sent', drawn.sent);
    const smtp = await startSmtpServer(dovecot);
    cleanups.push(() => smtp.close());
    const pageSize = 7 + Math.floor(random() * 19);
    const fault = await openFaultEngine(context, drawn, { pageSize, ...(options.dataFolder === undefined ? {} : { dataFolder: options.dataFolder }) }, cleanups);
    context.log(`world: ${drawn.inbox.length} in INBOX, ${drawn.sent.length} in Sent, ${drawn.world.candidateMail.length} candidate mails; page size ${pageSize}`);
    await options.beforeConnect?.(server, fault);
    const mailbox = value(
      await fault.engine.call(installationOwner, 'mailboxes:connect', {
        address: owner.address,
        userName: owner.address,
        password: owner.password,
        imap: { host: '127.0.0.1', port: dovecot.imapPort, security: 'none' },
        smtp: { host: '127.0.0.1', port: smtp.port, security: 'none' },
      }),
    );
    let delivered = 0;
    await act({
      context,
      dovecot: server,
      smtp,
      fault,
      mailbox,
      drawn,
      async deliverLive(count) {
        for (let index = 0; index < count; index++) {
          const mail = liveMail(random, seed, drawn, delivered++);
          await deliverByLmtp(server, { from: mail.from, to: [owner.address], raw: mail.raw });
        }
      },
      async scanned(timeoutMs = 30_000) {
        await fault.statuses.waitFor((status) => status.state === 'up-to-date', { timeoutMs });
      },
    });
    const settleMs = options.settleTimeoutMs ?? 30_000;
    await recovers(fault.statuses, settleMs);
    const missing = fault.notYetStored() ?? [];
    if (missing.length > 0) throw new Error(`the mailbox was reported up-to-date while ${missing.length} of its candidate mails were not stored: ${missing.slice(0, 5).join(', ')}`);
    await settle(fault.engine, mailbox.id, settleMs);
    if (!(await fault.outboxSettles(settledStates, settleMs))) throw new Error(`outbox items did not settle: ${(await fault.outboxItems()).map((item) => item.state.state).join(', ')}`);
    const items = await fault.outboxItems();
    const sends = items.map((item) => ({ messageId: item.messageId, dataTransactions: smtp.dataTransactions.filter((transaction) => carries(transaction.raw, item.messageId)).length }));
    for (const item of items) drawn.world.candidateMail.push({ messageId: item.messageId, candidateAddress: [...fault.candidateIds].find(([, id]) => id === item.candidateId)![0] });
    const states = fault.statuses.states.filter((state, index) => state !== fault.statuses.states[index - 1]);
    context.log(`statuses: ${states.join(' → ')}`);
    if (items.length > 0) context.log(`outbox: ${items.map((item) => item.state.state).join(', ')}; ${smtp.dataTransactions.length} DATA transactions`);
    await fault.close();
    const result = checkInvariants(fault.dataFolder, { ...drawn.world, sends });
    if (smtp.dataTransactions.length > items.length) result.details.push(`${smtp.dataTransactions.length} DATA transactions for ${items.length} items`);
    return result;
  } finally {
    for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch(() => undefined);
    await stopsInBackground();
    if (dovecot !== null) await dovecot.stop().catch(() => undefined);
  }
}

/** How a database file is damaged: the drawn way, at a drawn place and length. */
function damage(file: string, random: () => number): string {
  const bytes = fs.readFileSync(file);
  const way = drawInt(random, 0, 2);
  if (way === 0) {
    // The header (the first 100 bytes: magic string, page size, counts) overwritten with noise.
    const length = drawInt(random, 16, 100);
    for (let index = 0; index < length; index++) bytes[index] = Math.floor(random() * 256);
    fs.writeFileSync(file, bytes);
    return `header overwritten (${length} bytes)`;
  }
  if (way === 1) {
    // Cut below one page: what a copy that stopped early leaves.
    const length = drawInt(random, 1, Math.min(4095, bytes.length - 1));
    fs.writeFileSync(file, bytes.subarray(0, length));
    return `cut to ${length} bytes`;
  }
  // Not a database at all: a file of another program saved under its name.
  fs.writeFileSync(file, Buffer.from(`%PDF-1.4\n${'x'.repeat(drawInt(random, 10, 5000))}`));
  return 'replaced by another kind of file';
}

const corruptDatabase: FaultKind = {
  name: 'corrupt-db-at-start',
  description: 'the database file is damaged while the app is closed (noise over the header, cut short, another file): start refuses with a clear message and leaves the file as it was; put back, it syncs on',
  run: (context) =>
    storeRun(context, { size: { min: 20, max: 40 } }, async (run) => {
      const { fault } = run;
      const { random } = context;
      await run.scanned();
      await fault.close();
      const file = path.join(fault.dataFolder, 'hirebox.db');
      const kept = path.join(fault.dataFolder, 'hirebox.db.recovered-copy');
      fs.copyFileSync(file, kept);
      const how = damage(file, random);
      context.log(`damaged: ${how}`);
      const damaged = fs.readFileSync(file);
      const others = fs.readdirSync(fault.dataFolder).sort();
      for (let attempt = 0; attempt < 2; attempt++) {
        let refused: unknown = null;
        try {
          const engine = Engine.open({ dataFolder: fault.dataFolder, logger: silentLogger, version: '0.0.0-faults', secrets: KeyFileSecretBox.open(fault.dataFolder), ...faultEngineTimings(10) });
          await engine.close();
        } catch (error) {
          refused = error;
        }
        if (!(refused instanceof AppError)) throw new Error(`a damaged database (${how}) was ${refused === null ? 'opened' : `refused without a clear error: ${String(refused)}`}`);
        if (refused.code !== 'storage-unavailable' || !/damaged/i.test(refused.message) || !refused.message.includes(file)) throw new Error(`unclear refusal of a damaged database: ${refused.code}: ${refused.message}`);
        if (attempt === 0) context.log(`refused: ${refused.message}`);
        // The file stays for recovery: not one byte changed, nothing written beside it.
        if (!fs.readFileSync(file).equals(damaged)) throw new Error('the damaged database file was changed by the start attempt');
        if (fs.readdirSync(fault.dataFolder).sort().join() !== others.join()) throw new Error(`the start attempt left files beside it: ${fs.readdirSync(fault.dataFolder).join(', ')}`);
      }
      // The user puts the good copy back: the engine starts and the mailbox syncs on.
      fs.copyFileSync(kept, file);
      fs.rmSync(kept);
      await fault.restart();
      await run.deliverLive(drawInt(random, 1, 3));
    }),
};

const hour = 60 * 60 * 1000;

const clockJumps: FaultKind = {
  name: 'clock-jumps',
  description: 'the wall clock jumps an hour back and forth (drawn moments) while mail arrives, a scan runs and mails are sent',
  run: async (context) => {
    let offset = 0;
    const restore = shiftWallClock(() => offset);
    try {
      return await storeRun(context, { size: { min: 20, max: 50 } }, async (run) => {
        const { random } = context;
        const jump = (to: number) => {
          offset = to;
          context.log(`clock ${to === 0 ? 'right' : to > 0 ? '+1 h' : '−1 h'}`);
        };
        // The first jump lands during the first scan.
        await pause(drawInt(random, 0, 300));
        jump(random() < 0.5 ? hour : -hour);
        await run.scanned();
        const sends = drawInt(random, 1, 3);
        for (let index = 0; index < sends; index++) {
          jump(random() < 0.5 ? hour : -hour);
          await run.fault.send(run.mailbox.id, `Einladung ${index}`);
          await run.deliverLive(drawInt(random, 0, 2));
          await pause(drawInt(random, 50, 400));
          jump([0, hour, -hour][drawInt(random, 0, 2)]!);
        }
        if (!(await run.fault.outboxSettles(settledStates, 20_000))) throw new Error(`sends did not settle while the clock jumped: ${(await run.fault.outboxItems()).map((item) => item.state.state).join(', ')}`);
        jump(0);
        await run.deliverLive(1);
      });
    } finally {
      restore();
    }
  },
};

const megabyte = 1024 * 1024;

const bigAttachment: FaultKind = {
  name: 'attachment-50mb',
  description: 'a candidate sends a 50 MB attachment while live sync runs: linked by its headers (over the 40 MB fetch limit), nothing half stored, the mail around it not held up',
  run: (context) =>
    storeRun(context, { size: { min: 10, max: 20 }, settleTimeoutMs: 90_000 }, async (run) => {
      const { random, seed } = context;
      await run.scanned();
      const candidate = run.drawn.candidates[drawInt(random, 0, run.drawn.candidates.length - 1)]!;
      const content = Buffer.alloc(50 * megabyte);
      // Drawn bytes (a PRNG stream), so the file cannot be stored as anything but itself.
      for (let index = 0; index < content.length; index += 4) content.writeUInt32LE(Math.floor(random() * 0x100000000), index);
      const messageId = `big.s${seed}@faults.example`;
      const raw = Buffer.concat([
        Buffer.from(
          [
            `From: ${candidate.name} <${candidate.address}>`,
            `To: ${owner.address}`,
            'Subject: Mein Portfolio (50 MB)',
            `Date: ${new Date().toUTCString()}`,
            `Message-ID: <${messageId}>`,
            'MIME-Version: 1.0',
            'Content-Type: multipart/mixed; boundary="b"',
            '',
            '--b',
            'Content-Type: text/plain; charset=utf-8',
            '',
            'Anbei mein Portfolio.',
            '--b',
            'Content-Type: application/pdf; name="portfolio.pdf"',
            'Content-Disposition: attachment; filename="portfolio.pdf"',
            'Content-Transfer-Encoding: base64',
            '',
            '',
          ].join('\r\n'),
        ),
        Buffer.from(content.toString('base64').replace(/.{76}/g, '$&\r\n')),
        Buffer.from('\r\n--b--\r\n'),
      ]);
      run.drawn.world.candidateMail.push({ messageId, candidateAddress: candidate.address });
      await deliverByLmtp(run.dovecot, { from: candidate.address, to: [owner.address], raw: raw.toString('latin1') });
      await run.deliverLive(drawInt(random, 1, 3));
      // A mail over `maxMessageBytes` (40 MB; this one is ~68 MB in base64) is linked and listed
      // by its headers, its body not fetched (electron/core/sync/mailbox-sync.ts): it must be
      // there, with nothing half stored, and the mail after it must not be held up.
      const expected = createHash('sha256').update(content).digest('hex');
      const deadline = Date.now() + 90_000;
      for (;;) {
        const stored = run.fault.engine.store.messages.findByDedupeKey(`mid:${messageId}`);
        if (stored !== null) {
          const attachments = run.fault.engine.store.attachments.listFor(stored.id);
          const kept = attachments.filter((attachment) => attachment.contentHash !== null);
          for (const attachment of kept) {
            const onDisk = createHash('sha256').update(fs.readFileSync(path.join(run.fault.dataFolder, 'attachments', attachment.contentHash!))).digest('hex');
            if (onDisk !== expected) throw new Error('a stored attachment differs from the one sent (half written?)');
          }
          context.log(`the big mail is linked; ${attachments.length} attachment rows, ${kept.length} stored`);
          break;
        }
        if (Date.now() > deadline) throw new Error('the mail with the 50 MB attachment was not listed within 90 s');
        await pause(250);
      }
    }),
};

export const storeFaultKinds: FaultKind[] = [corruptDatabase, clockJumps, bigAttachment];
