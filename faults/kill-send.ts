import type { OutboxItemView } from '../shared/model.js';
import type { OutboxStateName } from '../shared/status.js';
import type { EngineProcess } from '../bench/engine-process.js';
import { startDovecot, startSmtpServer } from '../test/support/mail-servers/index.js';
import { checkInvariants, type FaultWorld } from './invariants.js';
import { proxyStages, startStageProxy, type ProxyStage } from './kill-smtp-stage.js';
import { candidateAddress, connectInput, drawInt, drawOne, drawSecondKill, EngineOnFolder, engineTuning, mailUser, messageIdOf, setUpCandidates, sleep, theMailbox } from './kill-support.js';
import type { FaultKind, FaultRunContext, FaultRunResult } from './types.js';

/** States an item may end in after a crash without the user's help (R15): sent and filed, or waiting for the user's choice. */
const finalStates: readonly OutboxStateName[] = ['filed', 'outcome-unknown'];
const settleTimeoutMs = 20_000;

type KillPoint = { kind: 'delay'; ms: number } | { kind: 'stage'; stage: ProxyStage | 'after-250'; occurrence: number; fraction: number };

/**
 * `kill-during-send`: 2–6 mails to candidates written through `outbox:send`, sent through
 * an SMTP server that either files the Sent copy itself or leaves that to Hirebox (drawn);
 * the engine is killed with SIGKILL after a drawn delay, or at a drawn stage of the k-th
 * SMTP transaction (before MAIL FROM, RCPT TO or DATA, mid-message, with the final dot sent
 * but the answer withheld, or right after the server's 250). Started again on the same
 * data folder, the outbox recovers. Checked: no Message-ID accepted in more than one DATA
 * transaction; every item the engine took ends `filed` or `outcome-unknown` (anything
 * else, after the bounded wait, counts as lost); every filed mail stored and linked once.
 */
export const killDuringSend: FaultKind = {
  name: 'kill-during-send',
  description: 'SIGKILL of `hirebox serve` while the outbox sends (drawn delay or SMTP stage), restart, recovery',
  async run(context: FaultRunContext): Promise<FaultRunResult> {
    const { random, log, seed } = context;
    const itemCount = drawInt(random, 2, 6);
    const candidateCount = drawInt(random, 1, itemCount);
    const serverFilesCopy = random() < 0.5;
    const copyDelayMs = drawInt(random, 50, 800);
    const killPoint: KillPoint =
      random() < 0.3
        ? { kind: 'delay', ms: drawInt(random, 0, 1_200) }
        : { kind: 'stage', stage: drawOne<ProxyStage | 'after-250'>(random, [...proxyStages, 'after-250']), occurrence: drawInt(random, 1, itemCount), fraction: random() };
    const recipients = Array.from({ length: itemCount }, () => drawInt(random, 0, candidateCount - 1));
    const killAgainAfterMs = drawSecondKill(random);
    log(
      `${itemCount} mails to ${candidateCount} candidates; Sent copy filed by ${serverFilesCopy ? `the server after ${copyDelayMs} ms` : 'Hirebox'}; kill ` +
        (killPoint.kind === 'delay' ? `${killPoint.ms} ms after the first send` : `at ${killPoint.stage} of transaction #${killPoint.occurrence}${killPoint.stage === 'mid-data' ? ` (${Math.round(killPoint.fraction * 100)}% of the first chunk)` : ''}`) +
        (killAgainAfterMs === null ? '' : `, again ${killAgainAfterMs} ms after the restart`),
    );

    const dovecot = await startDovecot({ users: [{ name: mailUser, password: 'alice-password' }] });
    const folder = new EngineOnFolder(engineTuning());
    let killing: Promise<void> | null = null;
    const kill = (why: string) => {
      killing ??= folder.kill().then(() => log(`killed ${why}`));
    };
    let accepted = 0;
    const smtp = await startSmtpServer(dovecot, {
      ...(serverFilesCopy ? { fileSentCopy: { delayMs: copyDelayMs } } : {}),
      afterAccept: () => {
        accepted++;
        if (killPoint.kind === 'stage' && killPoint.stage === 'after-250' && accepted === killPoint.occurrence) kill(`right after the server's 250 #${accepted}`);
      },
    });
    const stage = killPoint.kind === 'stage' && killPoint.stage !== 'after-250' ? { ...killPoint, stage: killPoint.stage } : null;
    const proxy = await startStageProxy(smtp.port, stage?.stage ?? 'mail-from', stage?.occurrence ?? Number.POSITIVE_INFINITY, stage?.fraction ?? 0, () =>
      kill(`at ${stage!.stage} of transaction #${stage!.occurrence}`),
    );
    try {
      let engine: EngineProcess = await folder.start();
      const candidateIds = await setUpCandidates(engine, Array.from({ length: candidateCount }, (_, index) => candidateAddress(seed, index)));
      const mailbox = await engine.call<{ id: string }>('mailboxes:connect', connectInput(dovecot, proxy.port));
      await engine.call('mailboxes:set-sent-copy', { mailboxId: mailbox.id, sentCopy: serverFilesCopy ? 'server' : 'append' });

      if (killPoint.kind === 'delay') setTimeout(() => kill(`${killPoint.ms} ms after the first send`), killPoint.ms);
      const confirmed: string[] = [];
      for (const [index, recipient] of recipients.entries()) {
        if (killing !== null) break;
        const result = await engine.client.call('outbox:send', {
          mailboxId: mailbox.id,
          candidateId: candidateIds[recipient]!,
          to: [candidateAddress(seed, recipient)],
          subject: `Einladung ${index}`,
          body: `Hallo, Nachricht ${index} von Lauf ${seed}.`,
        });
        if (result.ok) confirmed.push((result.value as OutboxItemView).id);
        else log(`outbox:send #${index} ended with ${result.error.code} (the engine died under it)`);
      }
      // Not killed by now (a late delay, or a stage never reached): kill at once.
      const waitUntil = Date.now() + 15_000;
      while (killing === null && Date.now() < waitUntil && !everyItemFinal(engine)) await sleep(5);
      if (killing === null) kill('after every item had settled (the drawn point was not reached)');
      await killing;

      engine = await folder.restart(killAgainAfterMs, log);
      const deadline = Date.now() + settleTimeoutMs;
      let items = await outbox(engine);
      while (items.some((item) => !finalStates.includes(item.state.state)) && Date.now() < deadline) {
        await sleep(200);
        items = await outbox(engine);
      }
      log(`after restart: ${items.map((item) => item.state.state).join(', ')}; ${smtp.dataTransactions.length} DATA transactions`);
      const status = (await theMailbox(engine))?.status;
      await folder.stop();

      const acceptedBy = new Map<string, number>();
      for (const transaction of smtp.dataTransactions) {
        const id = messageIdOf(transaction.raw);
        if (transaction.reply === 250 && id !== null) acceptedBy.set(id, (acceptedBy.get(id) ?? 0) + 1);
      }
      const world: FaultWorld = {
        // A filed mail is stored and on its candidate's profile; one whose outcome is unknown is not.
        candidateMail: items.filter((item) => item.state.state === 'filed').map((item) => ({ messageId: item.messageId, candidateAddress: item.to[0]! })),
        otherMail: [],
        sends: items.map((item) => ({ messageId: item.messageId, dataTransactions: acceptedBy.get(item.messageId) ?? 0 })),
      };
      const result = checkInvariants(folder.dataFolder, world);
      for (const item of items) {
        if (finalStates.includes(item.state.state)) continue;
        result.lost += 1;
        result.details.push(`outbox item ${item.messageId} stayed ${JSON.stringify(item.state)} (mailbox ${JSON.stringify(status)})`);
      }
      for (const id of confirmed) {
        if (items.some((item) => item.id === id)) continue;
        result.lost += 1;
        result.details.push(`outbox item ${id} was confirmed to the user and is gone`);
      }
      return result;
    } finally {
      await folder.dispose();
      await proxy.close();
      await smtp.close();
      await dovecot.stop();
    }
  },
};

async function outbox(engine: EngineProcess): Promise<OutboxItemView[]> {
  return (await engine.call<{ items: OutboxItemView[] }>('outbox:list', { limit: 100 })).items;
}

/** From the pushed `outbox:changed` events: whether every item the engine announced has reached a final state. */
function everyItemFinal(engine: EngineProcess): boolean {
  const last = new Map<string, OutboxStateName>();
  for (const event of engine.client.events) if (event.name === 'outbox:changed') last.set(event.payload.itemId, event.payload.state.state);
  return last.size > 0 && [...last.values()].every((state) => finalStates.includes(state) || state === 'accepted');
}
