import type { MailboxSummary, OutboxItemView } from '../shared/model.js';
import type { OutboxStateName } from '../shared/status.js';
import { installationOwner } from '../electron/core/api/caller.js';
import { prepareDataFolder } from '../electron/core/data-folder.js';
import { Engine, type EngineOptions } from '../electron/core/engine.js';
import { silentLogger } from '../electron/core/log/file-logger.js';
import { KeyFileSecretBox } from '../electron/core/secrets/key-file-secret-box.js';
import { value } from '../test/support/engine.js';
import { fastLiveSync, recordStatuses, type StatusLog } from '../test/support/live-sync.js';
import { deliverByLmtp, startDovecot, startSmtpServer, startTcpProxy, writeMaildirMessages, type Dovecot, type DovecotOptions, type SmtpServer, type TcpProxy } from '../test/support/mail-servers/index.js';
import { makeTempFolder } from '../test/support/temp-folder.js';
import { checkInvariants, type FaultWorld } from './invariants.js';
import type { FaultRunContext, FaultRunResult } from './types.js';
import { drawWorld, liveMail, owner, type DrawnWorld } from './world.js';

/**
 * The engine side of a fault run, shared by every harness: an in-process engine on a fresh
 * data folder with the fault timings, the workspace, one job and the drawn candidates, its
 * statuses recorded, and the check that the first `up-to-date` was true. `restart()` closes
 * the engine and opens it again on the same data folder (the app quit and started again).
 */
export interface FaultEngine {
  /** The engine now (a new one after `restart`). */
  readonly engine: Engine;
  /** The statuses of the engine now. */
  readonly statuses: StatusLog;
  dataFolder: string;
  ownerUserId: string;
  /** Candidate ids by address. */
  candidateIds: Map<string, string>;
  /**
   * The initial candidate mail not yet stored when the first `up-to-date` was pushed
   * (checked inside the event, on the engine's own store); null before it was pushed.
   */
  notYetStored(): string[] | null;
  /** Sends one mail to a drawn candidate through the outbox. */
  send(mailboxId: string, subject: string): Promise<OutboxItemView>;
  outboxItems(): Promise<OutboxItemView[]>;
  /** Waits until every outbox item is in one of `states`; false at the deadline. */
  outboxSettles(states: readonly OutboxStateName[], timeoutMs: number): Promise<boolean>;
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** Opens the engine of a fault run; `cleanups` closes it and removes its data folder. */
export async function openFaultEngine(context: FaultRunContext, drawn: DrawnWorld, options: { pageSize: number; engine?: Partial<EngineOptions>; dataFolder?: string }, cleanups: (() => Promise<unknown> | unknown)[]): Promise<FaultEngine> {
  let dataFolder: string;
  if (options.dataFolder === undefined) {
    const temp = makeTempFolder();
    cleanups.push(() => temp.remove());
    dataFolder = prepareDataFolder(temp.folder);
  } else dataFolder = prepareDataFolder(options.dataFolder);
  const open = () => Engine.open({ dataFolder, logger: silentLogger, version: '0.0.0-faults', secrets: KeyFileSecretBox.open(dataFolder), ...faultEngineTimings(options.pageSize), ...options.engine });
  let engine: Engine | null = open();
  let statuses = recordStatuses(engine);
  cleanups.push(async () => {
    statuses.stop();
    await engine?.close().catch(() => undefined);
  });
  const current = () => {
    if (engine === null) throw new Error('the fault run’s engine is closed');
    return engine;
  };
  const session = value(await current().call(installationOwner, 'setup:create', { workspaceName: 'Acme', domains: ['hirebox.test'], owner: { name: 'Alice Owner', email: owner.address } }));
  const job = value(await current().call(installationOwner, 'jobs:create', { title: 'Backend Engineer' }));
  const candidateIds = new Map<string, string>();
  for (const candidate of drawn.candidates) {
    const created = value(await current().call(installationOwner, 'candidates:create', { name: candidate.name, addresses: [candidate.address], applications: [{ jobId: job.id }] }));
    candidateIds.set(candidate.address, created.id);
  }
  // "Up to date" must mean it: when the first `up-to-date` is pushed, every candidate mail
  // the mailbox held before connecting is stored already.
  const initialMail = drawn.world.candidateMail.map((mail) => mail.messageId);
  let notYetStored: string[] | null = null;
  const watch = (opened: Engine) =>
    opened.subscribe(installationOwner, (event) => {
      if (notYetStored !== null || event.name !== 'mailbox:status' || event.payload.status.state !== 'up-to-date') return;
      notYetStored = initialMail.filter((messageId) => opened.store.messages.findByDedupeKey(`mid:${messageId}`) === null);
    });
  let unsubscribe = watch(engine);
  cleanups.push(() => unsubscribe());
  const outboxItems = async () => value(await current().call(installationOwner, 'outbox:list', { limit: 100 })).items;
  const { random } = context;
  return {
    get engine() {
      return current();
    },
    get statuses() {
      return statuses;
    },
    dataFolder,
    ownerUserId: session.user.id,
    candidateIds,
    notYetStored: () => notYetStored,
    async send(mailboxId, subject) {
      const candidate = drawn.candidates[Math.floor(random() * drawn.candidates.length)]!;
      return value(await current().call(installationOwner, 'outbox:send', { mailboxId, candidateId: candidateIds.get(candidate.address)!, to: [candidate.address], subject, body: `Hallo ${candidate.name}` }));
    },
    outboxItems,
    async outboxSettles(states, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const items = await outboxItems();
        if (items.every((item) => states.includes(item.state.state))) return true;
        if (Date.now() > deadline) return false;
        await pause(100);
      }
    },
    async restart() {
      unsubscribe();
      statuses.stop();
      // Also after `close()` (a run that reopens the data folder once it was closed).
      await engine?.close();
      engine = null;
      engine = open();
      statuses = recordStatuses(engine);
      unsubscribe = watch(engine);
    },
    async close() {
      unsubscribe();
      statuses.stop();
      await engine?.close();
      engine = null;
    },
  };
}

/**
 * The end of a fault run against a provider's API stand-in (Gmail, Graph): live sync must
 * get back to `up-to-date` by itself, the first `up-to-date` must have been true, two "sync
 * now" in a row must succeed, the outbox must settle; then every sent item counts as
 * candidate mail (what went out is in the Sent folder), the engine is closed and the
 * invariants are checked. `copiesOf(messageId)`: the copies the provider filed of one send
 * (Gmail's SENT label, Graph's Sent Items hold one per send that went through).
 */
export async function finishApiRun(
  context: FaultRunContext,
  fault: FaultEngine,
  drawn: DrawnWorld,
  options: { mailboxId: string; settleTimeoutMs?: number; finalOutboxStates?: readonly OutboxStateName[]; copiesOf(messageId: string): number; requests(): string; check?: () => Promise<string[]> | string[] },
): Promise<FaultRunResult> {
  const settleMs = options.settleTimeoutMs ?? 30_000;
  await recovers(fault.statuses, settleMs);
  const missing = fault.notYetStored() ?? [];
  if (missing.length > 0) throw new Error(`the mailbox was reported up-to-date while ${missing.length} of its candidate mails were not stored: ${missing.slice(0, 5).join(', ')}`);
  await settle(fault.engine, options.mailboxId, settleMs);
  if (options.finalOutboxStates !== undefined && !(await fault.outboxSettles(options.finalOutboxStates, settleMs))) {
    throw new Error(`outbox items did not settle: ${(await fault.outboxItems()).map((item) => item.state.state).join(', ')}`);
  }
  const items = await fault.outboxItems();
  const sends: NonNullable<FaultWorld['sends']> = items.map((item) => ({ messageId: item.messageId, dataTransactions: options.copiesOf(item.messageId) }));
  for (const send of sends) {
    const item = items.find((entry) => entry.messageId === send.messageId)!;
    // What went out is in Sent: candidate mail like any other, linked exactly once.
    if (send.dataTransactions > 0) drawn.world.candidateMail.push({ messageId: send.messageId, candidateAddress: [...fault.candidateIds].find(([, id]) => id === item.candidateId)![0] });
  }
  const states = fault.statuses.states.filter((state, index) => state !== fault.statuses.states[index - 1]);
  context.log(`${options.requests()}; statuses: ${states.join(' → ')}`);
  if (items.length > 0) context.log(`outbox: ${items.map((item) => item.state.state).join(', ')}; ${sends.map((entry) => entry.dataTransactions).join(', ')} Sent copies`);
  // What a kind checks beyond the invariants (the tokens the vault holds): a failure ends the run unfinished.
  const problems = (await options.check?.()) ?? [];
  if (problems.length > 0) throw new Error(problems.join('; '));
  await fault.close();
  return checkInvariants(fault.dataFolder, { ...drawn.world, sends });
}

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
    const fault = await openFaultEngine(context, drawn, { pageSize }, cleanups);
    const opened = fault.engine;
    const { statuses, candidateIds, dataFolder } = fault;
    const excused = new Set<string>();
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
    const outboxItems = () => fault.outboxItems();
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
      send: (subject) => fault.send(mailbox.id, subject),
      outboxItems,
      outboxSettles: (states, timeoutMs) => fault.outboxSettles(states, timeoutMs),
    };

    await act(run);
    // The fault is lifted: live sync must get back to up-to-date by itself (a loop that gave
    // up and waits for the user would lose every later mail), then "sync now" twice.
    await recovers(statuses, options.settleTimeoutMs ?? 30_000);
    const missing = (fault.notYetStored() ?? []).filter((messageId) => !excused.has(messageId));
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
    await fault.close();
    const result = checkInvariants(dataFolder, { ...drawn.world, sends });
    if (smtp.dataTransactions.length > items.length) {
      // A DATA transaction no item explains (a Message-ID rewritten on the way) is a double send too.
      result.details.push(`${smtp.dataTransactions.length} DATA transactions for ${items.length} items`);
    }
    return result;
  } finally {
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

/** "Try again" as the person presses it after signing in again: once the loop that hit the refusal has ended, the mailbox's sync starts. */
export async function resumeAfterSignIn(engine: Engine, statuses: StatusLog, mailboxId: string): Promise<void> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const from = statuses.statuses.length;
    value(await engine.call(installationOwner, 'mailboxes:resume', { mailboxId }));
    if (statuses.statuses.slice(from).some((status) => status.state === 'connecting')) return;
    await pause(100);
  }
  throw new Error(`resuming the mailbox after signing in again did not start its sync: ${statuses.states.slice(-6).join(' → ')}`);
}
