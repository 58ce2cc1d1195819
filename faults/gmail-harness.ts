import type { MailboxSummary, OutboxItemView } from '../shared/model.js';
import type { OutboxStateName } from '../shared/status.js';
import { installationOwner } from '../electron/core/api/caller.js';
import type { Engine } from '../electron/core/engine.js';
import { value } from '../test/support/engine.js';
import { startGmailApi, type GmailApiServer } from '../test/support/gmail-api/index.js';
import { addGmailMailbox } from '../test/support/gmail-mailbox.js';
import type { StatusLog } from '../test/support/live-sync.js';
import { carries, finishApiRun, openFaultEngine, pause, resumeAfterSignIn } from './harness.js';
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
  try {
    const server = await startGmailApi();
    cleanups.push(() => server.close());
    server.addAccount(owner.address);
    const drawn = drawWorld(random, seed, options.size);
    for (const message of drawn.inbox) server.deliver(owner.address, message.raw, { internalDate: message.internalDate, labelIds: ['INBOX'] });
    for (const message of drawn.sent) server.deliver(owner.address, message.raw, { internalDate: message.internalDate, labelIds: ['SENT'] });

    const pageSize = 7 + Math.floor(random() * 19);
    const fault = await openFaultEngine(context, drawn, { pageSize }, cleanups);
    const opened = fault.engine;
    context.log(`world: ${drawn.inbox.length} in INBOX, ${drawn.sent.length} in SENT, ${drawn.world.candidateMail.length} candidate mails; page size ${pageSize}`);
    const requestsAtStart = server.requests.length;
    const signedIn = addGmailMailbox(opened, server, { address: owner.address, ownerUserId: fault.ownerUserId, displayName: 'Alice Owner' });
    const { mailboxId } = signedIn;
    let { refreshToken } = signedIn;
    // What connecting does once the mailbox is written: its live loop starts.
    value(await opened.call(installationOwner, 'mailboxes:resume', { mailboxId }));
    let delivered = 0;
    const run: GmailRun = {
      context,
      server,
      engine: opened,
      mailbox: { id: mailboxId },
      statuses: fault.statuses,
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
        await fault.statuses.waitFor((status) => status.state === 'up-to-date', { timeoutMs });
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
        await resumeAfterSignIn(opened, fault.statuses, mailboxId);
      },
      send: (subject) => fault.send(mailboxId, subject),
      outboxSettles: (states, timeoutMs) => fault.outboxSettles(states, timeoutMs),
    };

    await act(run);
    // Sent twice = two SENT copies with the item's Message-ID: Gmail files one per send.
    return await finishApiRun(context, fault, drawn, {
      mailboxId,
      ...(options.settleTimeoutMs === undefined ? {} : { settleTimeoutMs: options.settleTimeoutMs }),
      ...(options.finalOutboxStates === undefined ? {} : { finalOutboxStates: options.finalOutboxStates }),
      copiesOf: (messageId) => server.messages(owner.address).filter((message) => message.labelIds.includes('SENT') && carries(message.raw, messageId)).length,
      requests: () => `requests: ${server.requests.length - requestsAtStart}`,
    });
  } finally {
    for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch(() => undefined);
  }
}
