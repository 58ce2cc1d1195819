import type { MailboxSummary, OutboxItemView } from '../shared/model.js';
import type { OutboxStateName } from '../shared/status.js';
import { installationOwner } from '../electron/core/api/caller.js';
import { prepareDataFolder } from '../electron/core/data-folder.js';
import { Engine } from '../electron/core/engine.js';
import { silentLogger } from '../electron/core/log/file-logger.js';
import { KeyFileSecretBox } from '../electron/core/secrets/key-file-secret-box.js';
import { value } from '../test/support/engine.js';
import { fastLiveSync, recordStatuses, type StatusLog } from '../test/support/live-sync.js';
import { deliverByLmtp, startDovecot, startSmtpServer, startTcpProxy, writeMaildirMessages, type Dovecot, type DovecotOptions, type SmtpServer, type TcpProxy } from '../test/support/mail-servers/index.js';
import { makeTempFolder } from '../test/support/temp-folder.js';
import { checkInvariants } from './invariants.js';
import type { FaultRunContext, FaultRunResult } from './types.js';
import { drawWorld, liveMail, owner, type DrawnWorld } from './world.js';

/** Everything a network fault kind acts on during one run. */
export interface ImapRun {
  context: FaultRunContext;
  dovecot: Dovecot;
  /** In front of Dovecot's IMAP port: the engine reaches IMAP only through it. */
  imapProxy: TcpProxy;
  /** In front of `smtp`: the engine sends only through it. */
  smtpProxy: TcpProxy;
  smtp: SmtpServer;
  engine: Engine;
  mailbox: MailboxSummary;
  statuses: StatusLog;
  drawn: DrawnWorld;
  /** Candidate ids by address. */
  candidateIds: Map<string, string>;
  /** Delivers `count` drawn mails by LMTP (new mail while the engine runs). */
  deliverLive(count: number): Promise<void>;
  /**
   * Mail that left the server for a while (a folder deleted and rebuilt mid-scan): the first
   * `up-to-date` need not include it; the end of the run still must.
   */
  excuseFromFirstScan(messageIds: Iterable<string>): void;
  /** Resolves once the mailbox has finished a scan (status `up-to-date`). */
  scanned(timeoutMs?: number): Promise<void>;
  /** Sends one mail to a drawn candidate through the outbox; returns the item. */
  send(subject: string): Promise<OutboxItemView>;
  /** Waits until every outbox item is in one of `states`; false at the deadline. */
  outboxSettles(states: readonly OutboxStateName[], timeoutMs: number): Promise<boolean>;
  outboxItems(): Promise<OutboxItemView[]>;
}

export interface ImapRunOptions {
  /** How many messages the drawn mailbox holds. */
  size: { min: number; max: number };
  dovecot?: DovecotOptions;
  /** How long the engine gets to finish after the fault was lifted. */
  settleTimeoutMs?: number;
  /** States every outbox item must end in (runs that send); default: no item may be left waiting. */
  finalOutboxStates?: readonly OutboxStateName[];
}

/** Short engine timings: a dead link is noticed within seconds, retries come fast. */
export function faultEngineTimings(pageSize: number) {
  return {
    sync: { ...fastLiveSync, pageSize, timeoutMs: 2_000, livenessTimeoutMs: 1_000 },
    outbox: { timing: { retryDelaysMs: [200, 400, 800], sentCopyWaitMs: 3_000, sentCopyPollMs: 150, imapRetryMs: 400 } },
  };
}

/**
 * One run of an IMAP/SMTP fault: a fresh Dovecot filled with a drawn mailbox, proxies in
 * front of IMAP and SMTP, an in-process engine with live sync and short timings connected
 * through them. `act` injects the fault and lifts it; then the engine must finish by itself
 * and on "sync now", it is closed, and the invariants are checked on its data folder.
 * A run that does not finish in time throws (the runner counts it as failed to finish).
 */
export async function imapRun(context: FaultRunContext, options: ImapRunOptions, act: (run: ImapRun) => Promise<void>): Promise<FaultRunResult> {
  const { random, seed } = context;
  const cleanups: (() => Promise<unknown> | unknown)[] = [];
  let engine: Engine | null = null;
  let dovecot: Dovecot | null = null;
  try {
    dovecot = await startDovecot(options.dovecot);
    const server = dovecot;
    const drawn = drawWorld(random, seed, options.size);
    writeMaildirMessages(dovecot, owner.address, 'INBOX', drawn.inbox);
    writeMaildirMessages(dovecot, owner.address, 'Sent', drawn.sent);
    const smtp = await startSmtpServer(dovecot);
    cleanups.push(() => smtp.close());
    const [imapProxy, smtpProxy] = await Promise.all([startTcpProxy(dovecot.imapPort), startTcpProxy(smtp.port)]);
    cleanups.push(() => imapProxy.close(), () => smtpProxy.close());

    const pageSize = 7 + Math.floor(random() * 19);
    const temp = makeTempFolder();
    cleanups.push(() => temp.remove());
    const dataFolder = prepareDataFolder(temp.folder);
    engine = Engine.open({ dataFolder, logger: silentLogger, version: '0.0.0-faults', secrets: KeyFileSecretBox.open(dataFolder), ...faultEngineTimings(pageSize) });
    const opened = engine;
    value(await opened.call(installationOwner, 'setup:create', { workspaceName: 'Acme', domains: ['hirebox.test'], owner: { name: 'Alice Owner', email: owner.address } }));
    const job = value(await opened.call(installationOwner, 'jobs:create', { title: 'Backend Engineer' }));
    const candidateIds = new Map<string, string>();
    for (const candidate of drawn.candidates) {
      const created = value(await opened.call(installationOwner, 'candidates:create', { name: candidate.name, addresses: [candidate.address], applications: [{ jobId: job.id }] }));
      candidateIds.set(candidate.address, created.id);
    }
    const statuses = recordStatuses(opened);
    cleanups.push(() => statuses.stop());
    // "Up to date" must mean it: when the first `up-to-date` is pushed, every candidate mail
    // the mailbox held before connecting is stored already (checked in the event, on the
    // engine's own store, before anything can catch up later).
    const initialMail = drawn.world.candidateMail.map((mail) => mail.messageId);
    let notYetStored: string[] | null = null;
    const excused = new Set<string>();
    const unsubscribe = opened.subscribe(installationOwner, (event) => {
      if (notYetStored !== null || event.name !== 'mailbox:status' || event.payload.status.state !== 'up-to-date') return;
      notYetStored = initialMail.filter((messageId) => opened.store.messages.findByDedupeKey(`mid:${messageId}`) === null);
    });
    cleanups.push(unsubscribe);
    context.log(`world: ${drawn.inbox.length} in INBOX, ${drawn.sent.length} in Sent, ${drawn.world.candidateMail.length} candidate mails; page size ${pageSize}`);
    const mailbox = value(
      await opened.call(installationOwner, 'mailboxes:connect', {
        address: owner.address,
        userName: owner.address,
        password: owner.password,
        imap: { host: '127.0.0.1', port: imapProxy.port, security: 'none' },
        smtp: { host: '127.0.0.1', port: smtpProxy.port, security: 'none' },
      }),
    );
    let delivered = 0;
    const outboxItems = async () => value(await opened.call(installationOwner, 'outbox:list', { limit: 100 })).items;
    const run: ImapRun = {
      context,
      dovecot: server,
      imapProxy,
      smtpProxy,
      smtp,
      engine: opened,
      mailbox,
      statuses,
      drawn,
      candidateIds,
      async deliverLive(count) {
        for (let index = 0; index < count; index++) {
          const mail = liveMail(random, seed, drawn, delivered++);
          await deliverByLmtp(server, { from: mail.from, to: [owner.address], raw: mail.raw });
        }
      },
      excuseFromFirstScan(messageIds) {
        for (const messageId of messageIds) excused.add(messageId);
      },
      async scanned(timeoutMs = 20_000) {
        await statuses.waitFor((status) => status.state === 'up-to-date', { timeoutMs });
      },
      async send(subject) {
        const candidate = drawn.candidates[Math.floor(random() * drawn.candidates.length)]!;
        return value(await opened.call(installationOwner, 'outbox:send', { mailboxId: mailbox.id, candidateId: candidateIds.get(candidate.address)!, to: [candidate.address], subject, body: `Hallo ${candidate.name}` }));
      },
      outboxItems,
      async outboxSettles(states, timeoutMs) {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          const items = await outboxItems();
          if (items.every((item) => states.includes(item.state.state))) return true;
          if (Date.now() > deadline) return false;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      },
    };

    await act(run);
    // The fault is lifted: live sync must get back to up-to-date by itself (a loop that gave
    // up and waits for the user would lose every later mail), then "sync now" twice.
    await recovers(statuses, options.settleTimeoutMs ?? 30_000);
    const missing = (notYetStored ?? ([] as string[])).filter((messageId) => !excused.has(messageId));
    if (missing.length > 0) {
      throw new Error(`the mailbox was reported up-to-date while ${missing.length} of its candidate mails were not stored: ${missing.slice(0, 5).join(', ')}`);
    }
    await settle(opened, mailbox.id, options.settleTimeoutMs ?? 30_000);
    if (options.finalOutboxStates !== undefined && !(await run.outboxSettles(options.finalOutboxStates, options.settleTimeoutMs ?? 30_000))) {
      const left = (await outboxItems()).map((item) => item.state.state).join(', ');
      throw new Error(`outbox items did not settle: ${left}`);
    }

    // What was sent: every item by Message-ID, with the DATA transactions carrying it. An
    // accepted item went out (the engine records it in its candidate's thread at once), a
    // filed one has its copy in Sent too: candidate mail like any other, linked exactly once.
    const items = await outboxItems();
    const sends = items.map((item) => ({ messageId: item.messageId, dataTransactions: smtp.dataTransactions.filter((transaction) => carries(transaction.raw, item.messageId)).length }));
    for (const item of items) {
      if (item.state.state === 'filed' || item.state.state === 'accepted') drawn.world.candidateMail.push({ messageId: item.messageId, candidateAddress: [...candidateIds].find(([, id]) => id === item.candidateId)![0] });
    }
    const states = statuses.states.filter((state, index) => state !== statuses.states[index - 1]);
    context.log(`imap proxy: ${imapProxy.cuts} cut(s), ${imapProxy.accepted} connections; smtp proxy: ${smtpProxy.cuts} cut(s), ${smtpProxy.accepted} connections`);
    context.log(`statuses: ${states.join(' → ')}`);
    if (items.length > 0) context.log(`outbox: ${items.map((item) => item.state.state).join(', ')}; ${smtp.dataTransactions.length} DATA transactions (replies ${smtp.dataTransactions.map((transaction) => transaction.reply).join(', ')})`);
    await opened.close();
    engine = null;
    const result = checkInvariants(dataFolder, { ...drawn.world, sends });
    if (smtp.dataTransactions.length > items.length) {
      // A DATA transaction no item explains (a Message-ID rewritten on the way) is a double send too.
      result.details.push(`${smtp.dataTransactions.length} DATA transactions for ${items.length} items`);
    }
    return result;
  } finally {
    await engine?.close().catch(() => undefined);
    for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch(() => undefined);
    // Stopping Dovecot takes about 3 s (kick, stop, wait for the master): it overlaps with
    // the next run; at most two instances live at once.
    await stopsInBackground();
    if (dovecot !== null) stopping.add(dovecot.stop().catch(() => undefined));
  }
}

const stopping = new Set<Promise<unknown>>();

/** Waits for the Dovecots of earlier runs to be gone; call it once the last run ended. */
export async function stopsInBackground(): Promise<void> {
  const pending = [...stopping];
  stopping.clear();
  await Promise.all(pending);
}

/** Whether a raw message carries `messageId` (with or without its angle brackets). */
export function carries(raw: Buffer, messageId: string): boolean {
  const bare = messageId.replace(/^<|>$/gu, '');
  return raw.toString('latin1').includes(`<${bare}>`);
}

/** Waits until live sync is back at `up-to-date` by itself; throws with the last states at `timeoutMs`. */
export async function recovers(statuses: StatusLog, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (statuses.states.at(-1) !== 'up-to-date') {
    if (Date.now() > deadline) {
      const states = statuses.states.filter((state, index) => state !== statuses.states[index - 1]);
      throw new Error(`live sync did not get back to up-to-date by itself within ${timeoutMs} ms: ${states.slice(-8).join(' → ')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * The engine finished: two "sync now" in a row succeed (the second starts after the first
 * ended, so it saw everything delivered before), retried while the server or the link is
 * still recovering, until `timeoutMs`.
 */
export async function settle(engine: Engine, mailboxId: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let successes = 0;
  let lastError = '';
  while (successes < 2) {
    if (Date.now() > deadline) throw new Error(`the engine did not finish within ${timeoutMs} ms: ${lastError}`);
    const result = await Promise.race([
      engine.call(installationOwner, 'mailboxes:sync-now', { mailboxId }),
      new Promise<null>((resolve) => setTimeout(() => resolve(null), Math.max(1, deadline - Date.now()))),
    ]);
    if (result !== null && result.ok) {
      successes += 1;
      continue;
    }
    successes = 0;
    lastError = result === null ? 'sync-now hung' : `${result.error.code}: ${result.error.message}`;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Waits `ms`. */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
