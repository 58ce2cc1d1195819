import { connectImap, type Dovecot } from '../test/support/mail-servers/index.js';
import type { OutboxStateName } from '../shared/status.js';
import { imapRun } from './harness.js';
import type { FaultKind } from './types.js';
import { drawInt, owner } from './world.js';

// Sending faults of the fault matrix (issue 9, R15): the SMTP stream cut at a drawn byte, and
// a Sent copy the server refuses over quota. Nothing may reach the server twice, and every
// item must end where a recruiter sees what happened.

const size = { min: 20, max: 50 };

/** Where an item may rest after a fault: done, or waiting for the user's decision (R15). */
const settledStates: readonly OutboxStateName[] = ['filed', 'outcome-unknown', 'failed-permanent', 'cancelled'];

const smtpCut: FaultKind = {
  name: 'smtp-cut',
  description: 'N mails sent through a proxy that cuts the SMTP stream at a drawn byte, before, during or after DATA, either direction',
  run: (context) =>
    imapRun(context, { size, finalOutboxStates: settledStates }, async (run) => {
      const { random } = context;
      await run.scanned();
      const count = drawInt(random, 1, 3);
      const direction = random() < 0.5 ? 'to-server' : 'to-client';
      // Measured: one mail's session costs about 490 bytes from the client (EHLO, AUTH, MAIL,
      // RCPT, DATA and the message) and 270 from the server; the cut is drawn over them all.
      const bytes = direction === 'to-server' ? drawInt(random, 0, count * 490) : drawInt(random, 0, count * 270);
      context.log(`send ${count}, cut ${direction} after ${bytes} bytes`);
      run.smtpProxy.setFault({ kind: 'cut-after', bytes, direction });
      for (let index = 0; index < count; index++) await run.send(`Einladung ${index}`);
      // The fault fires once at most; then retries go through.
      await run.outboxSettles(settledStates, 20_000);
      run.smtpProxy.setFault({ kind: 'pass' });
    }),
};

/** A tiny quota: the drawn mailbox is already over it (Maildir files bypass quota), so APPEND fails. */
const quotaConfig = `
mail_plugins = $mail_plugins quota
protocol imap {
  mail_plugins = $mail_plugins imap_quota
}
plugin {
  quota = maildir:User quota
  quota_rule = *:storage=1K
}
`;

const appendOverQuota: FaultKind = {
  name: 'append-over-quota',
  description: 'the Sent-copy APPEND is refused over quota: the mail goes out once, the item stays accepted (copy missing), nothing is resent',
  run: (context) =>
    imapRun(context, { size, dovecot: { extraConfig: quotaConfig }, finalOutboxStates: ['accepted'] }, async (run) => {
      const { random } = context;
      await run.scanned();
      const count = drawInt(random, 1, 2);
      context.log(`send ${count} over quota`);
      for (let index = 0; index < count; index++) await run.send(`Über dem Limit ${index}`);
      if (!(await run.outboxSettles(['accepted'], 15_000))) throw new Error('items did not reach accepted');
      // Several filing attempts (imapRetryMs 400 ms) fail meanwhile; none may send again.
      await new Promise((resolve) => setTimeout(resolve, drawInt(random, 1_000, 2_000)));
      const copies = await sentCopies(run.dovecot);
      if (copies > 0) throw new Error(`${copies} copies in Sent although the quota refuses APPEND`);
    }),
};

async function sentCopies(dovecot: Dovecot): Promise<number> {
  const client = await connectImap(dovecot, owner.address);
  try {
    const lock = await client.getMailboxLock('Sent');
    try {
      const uids = await client.search({ subject: 'Über dem Limit' }, { uid: true });
      return Array.isArray(uids) ? uids.length : 0;
    } finally {
      lock.release();
    }
  } finally {
    await client.logout().catch(() => undefined);
  }
}

export const sendFaultKinds: FaultKind[] = [smtpCut, appendOverQuota];
