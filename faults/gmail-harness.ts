import type { MailboxSummary, OutboxItemView } from '../shared/model.js';
import type { OutboxStateName } from '../shared/status.js';
import { installationOwner } from '../electron/core/api/caller.js';
import { prepareDataFolder } from '../electron/core/data-folder.js';
import { Engine } from '../electron/core/engine.js';
import { silentLogger } from '../electron/core/log/file-logger.js';
import { KeyFileSecretBox } from '../electron/core/secrets/key-file-secret-box.js';
import { value } from '../test/support/engine.js';
import { startGmailApi, type GmailApiServer } from '../test/support/gmail-api/index.js';
import { addGmailMailbox } from '../test/support/gmail-mailbox.js';
import { recordStatuses, type StatusLog } from '../test/support/live-sync.js';
import { makeTempFolder } from '../test/support/temp-folder.js';
import { carries, faultEngineTimings, pause, recovers, settle } from './harness.js';
import { checkInvariants } from './invariants.js';
import type { FaultRunContext, FaultRunResult } from './types.js';
import { drawWorld, liveMail, owner, type DrawnWorld } from './world.js';

/** Everything a Gmail fault kind acts on during one run. */
export interface GmailRun {
  context: FaultRunContext;
  server: GmailApiServer;
  engine: Engine;
  mailbox: Pick<MailboxSummary, 'id'>;
  statuses: StatusLog;
  drawn: DrawnWorld;
  /** Messages the initial sync reads (INBOX and SENT together): fault points are drawn over them. */
  scanSize: number;
  /** Delivers `count` drawn mails to INBOX (new mail while the engine runs). */
  deliverLive(count: number): Promise<void>;
  /** Resolves once the stand-in has answered `count` API requests since the run began. */
  afterRequests(count: number): Promise<void>;
  /** Resolves once the mailbox has finished a scan (status `up-to-date`). */
  scanned(timeoutMs?: number): Promise<void>;
  /** The person removes Hirebox from their Google account: the grant is revoked, its access tokens die. */
  revokeGrant(): void;
  /** "Sign in with Google" again after a revoked grant: fresh tokens sealed, the mailbox resumed. */
  signInAgain(): Promise<void>;
  send(subject: string): Promise<OutboxItemView>;
  outboxSettles(states: readonly OutboxStateName[], timeoutMs: number): Promise<boolean>;
}

export interface GmailRunOptions {
  size: { min: number; max: number };
  settleTimeoutMs?: number;
  finalOutboxStates?: readonly OutboxStateName[];
}

/**
 * One run of a Gmail fault: a fresh local Gmail API holding a drawn mailbox (INBOX and
 * SENT), an in-process engine with live sync and short timings with a Gmail mailbox signed
 * in. `act` injects the fault and lifts it; then the engine must get back to up to date by
 * itself and on "sync now", and the invariants are checked as for IMAP: every candidate
 * mail linked exactly once, nothing else stored, nothing sent twice (Gmail's SENT label
 * holds one copy per `messages.send` that went through).
 */
export async function gmailRun(context: FaultRunContext, options: GmailRunOptions, act: (run: GmailRun) => Promise<void>): Promise<FaultRunResult> {
  const { random, seed } = context;
  const cleanups: (() => Promise<unknown> | unknown)[] = [];
  let engine: Engine | null = null;
  try {
    const server = await startGmailApi();
    cleanups.push(() => server.close());
    server.addAccount(owner.address);
    const drawn = drawWorld(random, seed, options.size);
    for (const message of drawn.inbox) server.deliver(owner.address, message.raw, { internalDate: message.internalDate, labelIds: ['INBOX'] });
    for (const message of drawn.sent) server.deliver(owner.address, message.raw, { internalDate: message.internalDate, labelIds: ['SENT'] });

    const pageSize = 7 + Math.floor(random() * 19);
    const temp = makeTempFolder();
    cleanups.push(() => temp.remove());
    const dataFolder = prepareDataFolder(temp.folder);
    engine = Engine.open({ dataFolder, logger: silentLogger, version: '0.0.0-faults', secrets: KeyFileSecretBox.open(dataFolder), ...faultEngineTimings(pageSize) });
    const opened = engine;
    const session = value(await opened.call(installationOwner, 'setup:create', { workspaceName: 'Acme', domains: ['hirebox.test'], owner: { name: 'Alice Owner', email: owner.address } }));
    const job = value(await opened.call(installationOwner, 'jobs:create', { title: 'Backend Engineer' }));
    const candidateIds = new Map<string, string>();
    for (const candidate of drawn.candidates) {
      const created = value(await opened.call(installationOwner, 'candidates:create', { name: candidate.name, addresses: [candidate.address], applications: [{ jobId: job.id }] }));
      candidateIds.set(candidate.address, created.id);
    }
    const statuses = recordStatuses(opened);
    cleanups.push(() => statuses.stop());
    const initialMail = drawn.world.candidateMail.map((mail) => mail.messageId);
    let notYetStored: string[] | null = null;
    const unsubscribe = opened.subscribe(installationOwner, (event) => {
      if (notYetStored !== null || event.name !== 'mailbox:status' || event.payload.status.state !== 'up-to-date') return;
      notYetStored = initialMail.filter((messageId) => opened.store.messages.findByDedupeKey(`mid:${messageId}`) === null);
    });
    cleanups.push(unsubscribe);
    context.log(`world: ${drawn.inbox.length} in INBOX, ${drawn.sent.length} in SENT, ${drawn.world.candidateMail.length} candidate mails; page size ${pageSize}`);
    const requestsAtStart = server.requests.length;
    const signedIn = addGmailMailbox(opened, server, { address: owner.address, ownerUserId: session.user.id, displayName: 'Alice Owner' });
    const { mailboxId } = signedIn;
    let { refreshToken } = signedIn;
    // What connecting does once the mailbox is written: its live loop starts.
    value(await opened.call(installationOwner, 'mailboxes:resume', { mailboxId }));
    let delivered = 0;
    const outboxItems = async () => value(await opened.call(installationOwner, 'outbox:list', { limit: 100 })).items;
    const run: GmailRun = {
      context,
      server,
      engine: opened,
      mailbox: { id: mailboxId },
      statuses,
      drawn,
      scanSize: drawn.inbox.length + drawn.sent.length,
      async deliverLive(count) {
        for (let index = 0; index < count; index++) {
          const mail = liveMail(random, seed, drawn, delivered++);
          server.deliver(owner.address, mail.raw, { labelIds: ['INBOX', 'UNREAD'] });
        }
      },
      async afterRequests(count) {
        const deadline = Date.now() + 20_000;
        while (server.requests.length - requestsAtStart < count) {
          if (Date.now() > deadline) return;
          await pause(5);
        }
      },
      async scanned(timeoutMs = 20_000) {
        await statuses.waitFor((status) => status.state === 'up-to-date', { timeoutMs });
      },
      revokeGrant() {
        server.revoke(refreshToken);
        server.expireAccessTokens();
      },
      async signInAgain() {
        const grant = server.grant(owner.address);
        refreshToken = grant.refreshToken;
        const credential = { kind: 'oauth', accessToken: grant.accessToken, refreshToken: grant.refreshToken, expiresAt: grant.expiresAt.toISOString() };
        opened.store.mailboxes.saveCredentials(mailboxId, opened.secrets!.seal(JSON.stringify(credential)));
        // "Try again" as the person presses it: once the loop that hit the refusal has ended.
        for (let attempt = 0; attempt < 20; attempt++) {
          const from = statuses.statuses.length;
          value(await opened.call(installationOwner, 'mailboxes:resume', { mailboxId }));
          if (statuses.statuses.slice(from).some((status) => status.state === 'connecting')) return;
          await pause(100);
        }
        throw new Error('resuming the mailbox after signing in again did not start its sync');
      },
      async send(subject) {
        const candidate = drawn.candidates[Math.floor(random() * drawn.candidates.length)]!;
        return value(await opened.call(installationOwner, 'outbox:send', { mailboxId, candidateId: candidateIds.get(candidate.address)!, to: [candidate.address], subject, body: `Hallo ${candidate.name}` }));
      },
      async outboxSettles(states, timeoutMs) {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          const items = await outboxItems();
          if (items.every((item) => states.includes(item.state.state))) return true;
          if (Date.now() > deadline) return false;
          await pause(100);
        }
      },
    };

    await act(run);
    const settleMs = options.settleTimeoutMs ?? 30_000;
    await recovers(statuses, settleMs);
    if ((notYetStored ?? []).length > 0) {
      const missing = notYetStored ?? [];
      throw new Error(`the mailbox was reported up-to-date while ${missing.length} of its candidate mails were not stored: ${missing.slice(0, 5).join(', ')}`);
    }
    await settle(opened, mailboxId, settleMs);
    if (options.finalOutboxStates !== undefined && !(await run.outboxSettles(options.finalOutboxStates, settleMs))) {
      throw new Error(`outbox items did not settle: ${(await outboxItems()).map((item) => item.state.state).join(', ')}`);
    }
    // Sent twice = two SENT copies with the item's Message-ID: Gmail files one per send.
    const items = await outboxItems();
    const sentMail = server.messages(owner.address).filter((message) => message.labelIds.includes('SENT'));
    const sends = items.map((item) => ({ messageId: item.messageId, dataTransactions: sentMail.filter((message) => carries(message.raw, item.messageId)).length }));
    for (const item of items) {
      const copies = sends.find((entry) => entry.messageId === item.messageId)?.dataTransactions ?? 0;
      // What went out is in SENT: candidate mail like any other, linked exactly once.
      if (copies > 0) drawn.world.candidateMail.push({ messageId: item.messageId, candidateAddress: [...candidateIds].find(([, id]) => id === item.candidateId)![0] });
    }
    const states = statuses.states.filter((state, index) => state !== statuses.states[index - 1]);
    context.log(`requests: ${server.requests.length - requestsAtStart}; statuses: ${states.join(' → ')}`);
    if (items.length > 0) context.log(`outbox: ${items.map((item) => item.state.state).join(', ')}; ${sends.map((entry) => entry.dataTransactions).join(', ')} SENT copies`);
    await opened.close();
    engine = null;
    return checkInvariants(dataFolder, { ...drawn.world, sends });
  } finally {
    await engine?.close().catch(() => undefined);
    for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch(() => undefined);
  }
}
