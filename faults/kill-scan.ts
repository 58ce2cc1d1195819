import type { MailboxSummary } from '../shared/model.js';
import type { MailboxStatus } from '../shared/status.js';
import { startDovecot, startSmtpServer, writeMaildirMessages } from '../test/support/mail-servers/index.js';
import { checkInvariants } from './invariants.js';
import { MailDrawer, worldOf, type WorldMail } from './kill-mail.js';
import { connectInput, drawInt, drawOne, drawSecondKill, EngineOnFolder, engineTuning, mailUser, setUpCandidates, sleep, theMailbox, waitForStatuses } from './kill-support.js';
import type { FaultKind, FaultRunContext, FaultRunResult } from './types.js';

const syncing = (status: MailboxStatus) => status.state === 'syncing';
const settled = (status: MailboxStatus) => status.state !== 'syncing' && status.state !== 'connecting';

/**
 * `kill-during-scan`: a Dovecot mailbox of 60–200 messages (a third candidate mail, replies
 * both ways, some in Sent) scanned in small pages; the engine is killed with SIGKILL a drawn
 * time into the connect, a drawn time into the scan, or at the k-th `syncing` status it
 * pushes (one per page),
 * started again on the same data folder, asked to sync, stopped, and the store checked.
 */
export const killDuringScan: FaultKind = {
  name: 'kill-during-scan',
  description: 'SIGKILL of `hirebox serve` during the connect or the first scan (drawn delay or k-th page), restart, sync now',
  async run(context: FaultRunContext): Promise<FaultRunResult> {
    const { random, log, seed } = context;
    const messageCount = drawInt(random, 60, 200);
    const candidateCount = drawInt(random, 4, 12);
    const pageSize = drawInt(random, 4, 20);
    const drawer = new MailDrawer(random, seed, candidateCount);
    const now = Date.now();
    const mails: WorldMail[] = [];
    // Oldest first, all inside the initial window (R10: the last 24 h).
    const ages = Array.from({ length: messageCount }, () => drawInt(random, 60, 20 * 3600)).sort((a, b) => b - a);
    for (const age of ages) mails.push(drawer.draw(new Date(now - age * 1000)));
    const inbox = mails.filter((mail) => mail.folder === 'INBOX');
    const sent = mails.filter((mail) => mail.folder === 'Sent');
    const pages = Math.ceil(inbox.length / pageSize) + Math.ceil(sent.length / pageSize);
    // Where it dies: during the connect (its connection test, the folder list, the stored
    // mailbox), a drawn time into the scan, or at the k-th page of it.
    const mode = drawOne(random, ['connect', 'scan-delay', 'page'] as const);
    const killAtPage = drawInt(random, 1, pages);
    const killAfterMs = mode === 'connect' ? drawInt(random, 0, 600) : drawInt(random, 0, 800);
    const killAgainAfterMs = drawSecondKill(random);
    log(
      `${messageCount} messages (INBOX ${inbox.length}, Sent ${sent.length}; ${mails.filter((mail) => mail.candidate !== null).length} candidate mail), ` +
        `${candidateCount} candidates, page size ${pageSize} (~${pages} pages); kill ` +
        (mode === 'page' ? `at syncing status #${killAtPage}` : mode === 'connect' ? `${killAfterMs} ms into the connect` : `${killAfterMs} ms after the connect returned`) +
        (killAgainAfterMs === null ? '' : `, again ${killAgainAfterMs} ms after the restart`),
    );

    const dovecot = await startDovecot({ users: [{ name: mailUser, password: 'alice-password' }] });
    const smtp = await startSmtpServer(dovecot);
    const folder = new EngineOnFolder(engineTuning(pageSize));
    try {
      writeMaildirMessages(dovecot, mailUser, 'INBOX', inbox.map((mail) => ({ raw: mail.raw, internalDate: mail.date, flags: 'S' })));
      writeMaildirMessages(dovecot, mailUser, 'Sent', sent.map((mail) => ({ raw: mail.raw, internalDate: mail.date, flags: 'S' })));

      let engine = await folder.start();
      await setUpCandidates(engine, drawer.candidates);
      const connecting = engine.client.call('mailboxes:connect', connectInput(dovecot, smtp.port));
      if (mode === 'page') {
        const reached = await waitForStatuses(engine, syncing, killAtPage, settled, 60_000);
        log(reached.stoppedEarly ? `the scan ended after ${reached.seen} syncing statuses: killed after it` : `killed at syncing status #${reached.seen}`);
      } else {
        if (mode === 'scan-delay') await connecting;
        await sleep(killAfterMs);
        const statuses = engine.client.events.filter((event) => event.name === 'mailbox:status' && syncing(event.payload.status)).length;
        log(`killed ${killAfterMs} ms ${mode === 'connect' ? 'into the connect' : 'after the connect returned'} (${statuses} syncing statuses seen)`);
      }
      await folder.kill();
      const connected = await connecting;
      if (!connected.ok) log(`the connect call ended with ${connected.error.code} (the engine died under it)`);

      engine = await folder.restart(killAgainAfterMs, log);
      let mailbox = await theMailbox(engine);
      if (mailbox === null) {
        // The kill came before the connect was stored: the user connects again.
        log('no mailbox stored: connecting again');
        mailbox = await engine.call<MailboxSummary>('mailboxes:connect', connectInput(dovecot, smtp.port));
      }
      const summary = await engine.call<{ headersScanned: number; messagesStored: number }>('mailboxes:sync-now', { mailboxId: mailbox.id });
      const after = await theMailbox(engine);
      log(`after restart: sync now scanned ${summary.headersScanned} headers, stored ${summary.messagesStored}; status ${after?.status.state}`);
      await folder.stop();
      const result = checkInvariants(folder.dataFolder, worldOf(mails));
      if (after !== null && after.status.state !== 'up-to-date') result.details.push(`mailbox ended ${JSON.stringify(after.status)}`);
      return result;
    } finally {
      await folder.dispose();
      await smtp.close();
      await dovecot.stop();
    }
  },
};
