import type { ImapFlow } from 'imapflow';
import { connectImap, deliverByLmtp, startDovecot, startSmtpServer, writeMaildirMessages, type Dovecot } from '../test/support/mail-servers/index.js';
import { checkInvariants, type FaultWorld } from './invariants.js';
import { MailDrawer, worldOf, type WorldMail } from './kill-mail.js';
import { connectInput, drawInt, drawSecondKill, EngineOnFolder, engineTuning, mailUser, setUpCandidates, sleep, theMailbox } from './kill-support.js';
import type { FaultKind, FaultRunContext, FaultRunResult } from './types.js';

/** How long a run waits, after the last mail, for every candidate mail to be linked. */
const settleTimeoutMs = 20_000;

/**
 * `kill-during-live-sync`: a mailbox synced and kept live (IDLE on INBOX, Sent checked
 * every 1.5 s); a seeded stream of mail arrives — over LMTP into INBOX, by APPEND into
 * Sent — and the engine is killed with SIGKILL a drawn time after a drawn delivery. Mail
 * goes on arriving while it is down, it is started again on the same data folder, the rest
 * arrives, and the run waits (bounded) until every candidate mail is linked.
 */
export const killDuringLiveSync: FaultKind = {
  name: 'kill-during-live-sync',
  description: 'SIGKILL of `hirebox serve` while mail arrives on a live (IDLE) mailbox, mail arriving while down, restart',
  async run(context: FaultRunContext): Promise<FaultRunResult> {
    const { random, log, seed } = context;
    const candidateCount = drawInt(random, 3, 8);
    const drawer = new MailDrawer(random, seed, candidateCount);
    const now = Date.now();
    const initial = Array.from({ length: drawInt(random, 3, 15) }, () => drawer.draw(new Date(now - drawInt(random, 600, 20 * 3600) * 1000)));
    const stream = Array.from({ length: drawInt(random, 20, 50) }, () => drawer.draw(new Date(now)));
    const gapsMs = stream.map(() => drawInt(random, 0, 120));
    const killAfter = drawInt(random, 0, stream.length - 1);
    const killDelayMs = drawInt(random, 0, 800);
    const whileDown = drawInt(random, 0, stream.length - 1 - killAfter);
    const killAgainAfterMs = drawSecondKill(random);
    log(
      `${initial.length} messages before connect, a stream of ${stream.length} (${stream.filter((mail) => mail.candidate !== null).length} candidate mail, ` +
        `${stream.filter((mail) => mail.folder === 'Sent').length} into Sent); kill ${killDelayMs} ms after delivery #${killAfter}, up to ${whileDown} delivered while down` +
        (killAgainAfterMs === null ? '' : `, again ${killAgainAfterMs} ms after the restart`),
    );

    const dovecot = await startDovecot({ users: [{ name: mailUser, password: 'alice-password' }] });
    const smtp = await startSmtpServer(dovecot);
    const folder = new EngineOnFolder(engineTuning());
    let imap: ImapFlow | null = null;
    try {
      writeMaildirMessages(dovecot, mailUser, 'INBOX', initial.filter((mail) => mail.folder === 'INBOX').map((mail) => ({ raw: mail.raw, internalDate: mail.date, flags: 'S' })));
      writeMaildirMessages(dovecot, mailUser, 'Sent', initial.filter((mail) => mail.folder === 'Sent').map((mail) => ({ raw: mail.raw, internalDate: mail.date, flags: 'S' })));
      imap = await connectImap(dovecot, mailUser);

      const engine = await folder.start();
      await setUpCandidates(engine, drawer.candidates);
      const mailbox = await engine.call<{ id: string }>('mailboxes:connect', connectInput(dovecot, smtp.port));
      // The first sync done, the mailbox is live.
      await engine.waitForEvent('mailbox:status', (event) => event.mailboxId === mailbox.id && event.status.state === 'up-to-date', 30_000);

      let killing: Promise<void> | null = null;
      let down = false;
      let deliveredWhileDown = 0;
      let restarted = false;
      for (const [index, mail] of stream.entries()) {
        if (down && !restarted && deliveredWhileDown >= whileDown) {
          await folder.restart(killAgainAfterMs, log);
          restarted = true;
          log(`restarted after ${deliveredWhileDown} deliveries while down`);
        }
        await arrive(dovecot, imap, mail);
        if (down && !restarted) deliveredWhileDown++;
        if (index === killAfter) {
          killing = sleep(killDelayMs)
            .then(() => folder.kill())
            .then(() => {
              down = true;
              log(`killed after delivery #${index} + ${killDelayMs} ms`);
            });
        }
        await sleep(gapsMs[index]!);
      }
      await killing;
      if (!restarted) {
        await folder.restart(killAgainAfterMs, log);
        log(`restarted after the stream (${deliveredWhileDown} deliveries while down)`);
      }

      const world: FaultWorld = worldOf([...initial, ...stream]);
      const deadline = Date.now() + settleTimeoutMs;
      let waited = checkInvariants(folder.dataFolder, world);
      while (waited.lost > 0 && Date.now() < deadline) {
        await sleep(250);
        waited = checkInvariants(folder.dataFolder, world);
      }
      const after = await theMailbox(folder.engine);
      log(waited.lost === 0 ? `every candidate mail linked; status ${after?.status.state}` : `after ${settleTimeoutMs} ms still ${waited.lost} not linked; status ${JSON.stringify(after?.status)}`);
      await folder.stop();
      return checkInvariants(folder.dataFolder, world);
    } finally {
      await imap?.logout().catch(() => undefined);
      await folder.dispose();
      await smtp.close();
      await dovecot.stop();
    }
  },
};

/** INBOX mail over LMTP as an MTA delivers it; Sent mail by APPEND, as another client of alice files it. */
async function arrive(dovecot: Dovecot, imap: ImapFlow, mail: WorldMail): Promise<void> {
  if (mail.folder === 'INBOX') await deliverByLmtp(dovecot, { from: mail.envelopeFrom, to: [mailUser], raw: mail.raw });
  else await imap.append('Sent', mail.raw, ['\\Seen'], mail.date);
}
