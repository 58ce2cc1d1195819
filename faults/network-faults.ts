import fs from 'node:fs';
import path from 'node:path';
import { startAgain, stopServer } from '../test/support/mail-servers/dovecot-faults.js';
import { buildMessage, writeMaildirMessages } from '../test/support/mail-servers/index.js';
import { imapRun, pause, type ImapRun } from './harness.js';
import type { FaultKind } from './types.js';
import { drawInt, owner } from './world.js';

// Server and network faults of the fault matrix (issue 9): each run draws a mailbox and a
// fault point from its seed, breaks the link or the server there, lifts the fault, and lets
// the engine finish. The harness checks the invariants.

const size = { min: 30, max: 120 };
/**
 * What the initial scan sends the client per message, about (measured: 680–750 bytes with
 * header pages and the candidate mails' bodies): fault points are drawn over the scan's bytes.
 */
const bytesPerMessage = 700;

/** A drawn point in the initial scan, in bytes from the server. */
function scanPoint(run: ImapRun): number {
  return drawInt(run.context.random, 0, (run.drawn.inbox.length + run.drawn.sent.length) * bytesPerMessage);
}

const imapCut: FaultKind = {
  name: 'imap-cut',
  description: 'IMAP stream cut after N drawn bytes during the initial scan, and once more during live sync while new mail arrives by LMTP',
  run: (context) =>
    imapRun(context, { size }, async (run) => {
      const { random } = context;
      const bytes = scanPoint(run);
      context.log(`cut after ${bytes} bytes of the scan`);
      run.imapProxy.setFault({ kind: 'cut-after', bytes });
      await run.scanned();
      // Live: the next cut lands on IDLE or the periodic check, with mail arriving meanwhile.
      const liveBytes = drawInt(random, 0, 600);
      context.log(`cut after ${liveBytes} bytes while mail arrives`);
      run.imapProxy.setFault({ kind: 'cut-after', bytes: liveBytes });
      await run.deliverLive(drawInt(random, 1, 4));
      await pause(drawInt(random, 200, 1_500));
      run.imapProxy.setFault({ kind: 'pass' });
    }),
};

const imapStall: FaultKind = {
  name: 'imap-stall',
  description: 'the IMAP link freezes after N drawn bytes of the scan (never closes); the engine’s own deadline must replace the session',
  run: (context) =>
    imapRun(context, { size }, async (run) => {
      const { random } = context;
      const bytes = scanPoint(run);
      context.log(`stall after ${bytes} bytes of the scan`);
      run.imapProxy.setFault({ kind: 'stall', bytes });
      // Long enough for the engine's timeout (2 s) and liveness check (1 s) to give up on it.
      await pause(drawInt(random, 2_500, 4_000));
      if (random() < 0.5) await run.deliverLive(drawInt(random, 1, 3));
      // New connections pass again; the frozen ones stay frozen, as a dead NAT mapping does.
      run.imapProxy.setFault({ kind: 'pass' });
    }),
};

const imapUnavailable: FaultKind = {
  name: 'imap-unavailable',
  description: 'at a drawn moment every connection is dropped and new ones get NO [UNAVAILABLE] for a drawn while',
  run: (context) =>
    imapRun(context, { size }, async (run) => {
      const { random } = context;
      const after = scanPoint(run);
      const lasting = drawInt(random, 500, 3_000);
      context.log(`unavailable after ${after} bytes of the scan for ${lasting} ms`);
      await run.imapProxy.whenForwarded(after);
      run.imapProxy.setFault({ kind: 'imap-unavailable' });
      run.imapProxy.dropAll();
      await pause(lasting);
      if (random() < 0.5) await run.deliverLive(drawInt(random, 1, 3));
      run.imapProxy.setFault({ kind: 'pass' });
    }),
};

const dovecotRestart: FaultKind = {
  name: 'dovecot-restart',
  description: 'Dovecot stopped (sessions kicked) at a drawn moment of the scan or of IDLE, mail delivered to the Maildir meanwhile, started again',
  run: (context) =>
    imapRun(context, { size }, async (run) => {
      const { random } = context;
      const duringIdle = random() < 0.4;
      if (duringIdle) await run.scanned();
      const after = duringIdle ? drawInt(random, 0, 1_000) : scanPoint(run);
      context.log(`restart ${duringIdle ? `during IDLE after ${after} ms` : `during the scan after ${after} bytes`}`);
      if (duringIdle) await pause(after);
      else {
        // Held while the sessions are kicked, so the kick lands in the middle of the scan.
        await run.imapProxy.whenForwarded(after);
        run.imapProxy.setFault({ kind: 'hold' });
        await run.dovecot.doveadm(['kick', owner.address]).catch(() => '');
        run.imapProxy.setFault({ kind: 'pass' });
      }
      await stopServer(run.dovecot);
      // Mail that arrives while the server is down (written straight to the Maildir).
      const extra = drawInt(random, 0, 3);
      writeMaildirMessages(run.dovecot, owner.address, 'INBOX', Array.from({ length: extra }, (_, index) => {
        const candidate = run.drawn.candidates[index % run.drawn.candidates.length]!;
        const messageId = `down${index}.s${context.seed}@faults.example`;
        run.drawn.world.candidateMail.push({ messageId, candidateAddress: candidate.address });
        const date = new Date();
        return { internalDate: date, raw: buildMessage({ from: candidate.address, to: owner.address, subject: `Während der Pause ${index}`, messageId, date, body: 'Hallo' }) };
      }));
      await pause(drawInt(random, 0, 1_000));
      await startAgain(run.dovecot);
    }),
};

const uidValidityChange: FaultKind = {
  name: 'uidvalidity-change',
  description: 'the Sent folder (or INBOX) rebuilt on the server with a new UIDVALIDITY, during the scan or between syncs, with new mail added',
  run: (context) =>
    imapRun(context, { size }, async (run) => {
      const { random } = context;
      const between = random() < 0.5;
      const after = scanPoint(run);
      const folder = random() < 0.5 ? 'Sent' : 'INBOX';
      if (between) await run.scanned();
      else {
        await run.imapProxy.whenForwarded(after);
        // The scan takes a few hundred milliseconds: the link is held while the server
        // rebuilds the folder, so the change lands in the middle of the engine's session.
        run.imapProxy.setFault({ kind: 'hold' });
        // A command already at the server sees the folder gone: the scan may end without its
        // mail, and the next check of the folder (new UIDVALIDITY) must bring it back.
        run.excuseFromFirstScan(folder === 'Sent' ? run.drawn.inSent : run.drawn.world.candidateMail.map((mail) => mail.messageId).filter((id) => !run.drawn.inSent.has(id)));
      }
      const before = await uidValidityOf(run, folder);
      await rebuildFolder(run.dovecot, folder);
      run.imapProxy.setFault({ kind: 'pass' });
      context.log(`rebuilt ${folder} ${between ? 'between syncs' : `during the scan after ${after} bytes`}: UIDVALIDITY ${before} → ${await uidValidityOf(run, folder)}`);
      const extra = drawInt(random, 1, 3);
      writeMaildirMessages(run.dovecot, owner.address, folder, Array.from({ length: extra }, (_, index) => {
        const candidate = run.drawn.candidates[index % run.drawn.candidates.length]!;
        const messageId = `rebuilt${index}.s${context.seed}@faults.example`;
        run.drawn.world.candidateMail.push({ messageId, candidateAddress: candidate.address });
        const date = new Date();
        const raw = folder === 'Sent'
          ? buildMessage({ from: owner.address, to: candidate.address, subject: `Nach dem Umbau ${index}`, messageId, date, body: 'Hallo' })
          : buildMessage({ from: candidate.address, to: owner.address, subject: `Nach dem Umbau ${index}`, messageId, date, body: 'Hallo' });
        return { internalDate: date, raw };
      }));
    }),
};

async function uidValidityOf(run: ImapRun, folder: string): Promise<string> {
  const output = await run.dovecot.doveadm(['-f', 'flow', 'mailbox', 'status', '-u', owner.address, 'uidvalidity', folder]);
  return output.match(/uidvalidity=(\d+)/u)?.[1] ?? '?';
}

/**
 * Rebuilds a folder as a server migration does: same mail, new UIDs, new UIDVALIDITY.
 * Sent: deleted and created again by doveadm, its files put back. INBOX (which cannot be
 * deleted): Dovecot's uidlist and indexes removed while the server is stopped, so it numbers
 * the files anew.
 */
async function rebuildFolder(dovecot: import('../test/support/mail-servers/index.js').Dovecot, folder: 'Sent' | 'INBOX'): Promise<void> {
  const root = dovecot.maildirOf(owner.address);
  if (folder === 'Sent') {
    const sent = path.join(root, '.Sent');
    const keep = fs.mkdtempSync(path.join(dovecot.folder, 'keep-'));
    for (const sub of ['cur', 'new']) if (fs.existsSync(path.join(sent, sub))) fs.cpSync(path.join(sent, sub), path.join(keep, sub), { recursive: true, preserveTimestamps: true });
    await dovecot.doveadm(['mailbox', 'delete', '-u', owner.address, 'Sent']);
    fs.rmSync(sent, { recursive: true, force: true });
    await dovecot.doveadm(['mailbox', 'create', '-u', owner.address, 'Sent']);
    for (const sub of ['cur', 'new']) {
      if (!fs.existsSync(path.join(keep, sub))) continue;
      for (const name of fs.readdirSync(path.join(keep, sub))) {
        fs.renameSync(path.join(keep, sub, name), path.join(sent, 'cur', name));
        fs.chownSync(path.join(sent, 'cur', name), dovecot.mailOwner.uid, dovecot.mailOwner.gid);
      }
    }
    fs.rmSync(keep, { recursive: true, force: true });
    return;
  }
  await stopServer(dovecot);
  for (const name of fs.readdirSync(root)) {
    if (name === 'dovecot-uidlist' || name.startsWith('dovecot.index')) fs.rmSync(path.join(root, name), { force: true });
  }
  await startAgain(dovecot);
}

export const networkFaultKinds: FaultKind[] = [imapCut, imapStall, imapUnavailable, dovecotRestart, uidValidityChange];
