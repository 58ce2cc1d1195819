import type { OutboxItemView } from '../shared/model.js';
import type { OutboxStateName } from '../shared/status.js';
import { installationOwner } from '../electron/core/api/caller.js';
import type { Engine } from '../electron/core/engine.js';
import { value } from '../test/support/engine.js';
import { startGraphApi, type GraphApiServer } from '../test/support/graph-api/index.js';
import type { StatusLog } from '../test/support/live-sync.js';
import { carries, finishApiRun, openFaultEngine, resumeAfterSignIn, type FaultEngine } from './harness.js';
import type { FaultRunContext, FaultRunResult } from './types.js';
import { drawWorld, liveMail, owner, type DrawnWorld } from './world.js';

/** Everything a Microsoft fault kind acts on during one run. */
export interface MicrosoftRun {
  context: FaultRunContext;
  server: GraphApiServer;
  /** The engine now (a new one after `restartEngine`). */
  readonly engine: Engine;
  /** The statuses of the engine now. */
  readonly statuses: StatusLog;
  mailboxId: string;
  drawn: DrawnWorld;
  /**
   * About the Graph requests of the first scan: the two folders, a delta round and the newest
   * messages of each, and one `$value` per candidate mail. Fault points are drawn over them.
   */
  scanSize: number;
  /** Graph requests answered since the mailbox was connected. */
  graphRequests(): number;
  /** Delivers `count` drawn mails to the Inbox (new mail while the engine runs). */
  deliverLive(count: number): Promise<void>;
  /** Resolves once the stand-in has answered `count` Graph requests since the mailbox was connected. */
  afterRequests(count: number): Promise<void>;
  /** Resolves once the mailbox has finished a scan (status `up-to-date`), counting statuses from `from`. */
  scanned(options?: { from?: number; timeoutMs?: number }): Promise<void>;
  /** An admin revokes the account's sessions: the grant's refresh tokens are refused, its access tokens die. */
  revokeGrant(): void;
  /** "Sign in with Microsoft" again from the mailbox (the repair sign-in in the browser), then "Try again". */
  signInAgain(): Promise<void>;
  /** The app quits and starts again on the same data folder. */
  restartEngine(): Promise<void>;
  /** The refresh token sealed in the vault as the mailbox's credential now. */
  vaultRefreshToken(): string;
  send(subject: string): Promise<OutboxItemView>;
  outboxSettles(states: readonly OutboxStateName[], timeoutMs: number): Promise<boolean>;
}

export interface MicrosoftRunOptions {
  size: { min: number; max: number };
  settleTimeoutMs?: number;
  finalOutboxStates?: readonly OutboxStateName[];
  /** Checks beyond the invariants, once the engine finished (before it is closed): problems found. */
  check?: (run: MicrosoftRun) => string[];
}

/** What the browser does with an authorization address: Entra's page redirects to the loopback listener. */
async function signInInBrowser(authorizationUrl: string): Promise<void> {
  const authorize = await fetch(authorizationUrl, { redirect: 'manual' });
  const location = authorize.headers.get('location');
  if (authorize.status !== 302 || location === null) throw new Error(`the sign-in page answered ${authorize.status}`);
  await (await fetch(location)).text();
}

/** "Sign in with Microsoft" through the contract: start, the browser, finish; answers the mailbox id. */
async function signInWithMicrosoft(engine: Engine, input: { address: string } | { mailboxId: string }): Promise<string> {
  const started = value(await engine.call(installationOwner, 'mailboxes:oauth-start', { provider: 'microsoft', ...input }));
  const browser = signInInBrowser(started.authorizationUrl);
  for (;;) {
    const finished = value(await engine.call(installationOwner, 'mailboxes:oauth-finish', { attemptId: started.attemptId }));
    if (finished.state === 'connected') {
      await browser;
      return finished.mailbox.id;
    }
  }
}

/**
 * One run of a Microsoft fault: a fresh local Entra ID + Graph (`test/support/graph-api/`)
 * holding a drawn mailbox (Inbox and Sent Items), an in-process engine with live sync and
 * the fault timings, the mailbox connected by "Sign in with Microsoft" as a person does
 * (MSAL's loopback sign-in, the cache sealed in the data folder). `act` injects the fault
 * and lifts it; `finishApiRun` then holds the engine to the invariants. Sent twice = two
 * copies with the item's Message-ID in Sent Items: Graph files one per `sendMail` it took.
 */
export async function microsoftRun(context: FaultRunContext, options: MicrosoftRunOptions, act: (run: MicrosoftRun) => Promise<void>): Promise<FaultRunResult> {
  const { random, seed } = context;
  const cleanups: (() => Promise<unknown> | unknown)[] = [];
  try {
    const server = await startGraphApi();
    cleanups.push(() => server.close());
    server.addAccount(owner.address, 'Alice Owner');
    const drawn = drawWorld(random, seed, options.size);
    for (const message of drawn.inbox) server.deliver(owner.address, message.raw, { folder: 'inbox', receivedAt: message.internalDate, isRead: true });
    for (const message of drawn.sent) server.deliver(owner.address, message.raw, { folder: 'sentitems', receivedAt: message.internalDate, isRead: true });

    const pageSize = 7 + Math.floor(random() * 19);
    const authorityUrl = server.graphUrl.replace(/v1\.0\/$/u, '');
    const fault: FaultEngine = await openFaultEngine(
      context,
      drawn,
      {
        pageSize,
        engine: {
          oauthClients: { microsoft: { clientId: server.clientId, tenant: 'organizations', endpoints: { authorityHost: server.msal.authorityHost, authorityUrl, graphUrl: server.graphUrl } } },
          signIn: { finishWaitMs: 300 },
        },
      },
      cleanups,
    );
    context.log(`world: ${drawn.inbox.length} in Inbox, ${drawn.sent.length} in Sent Items, ${drawn.world.candidateMail.length} candidate mails; page size ${pageSize}`);
    const isGraph = (request: string) => request.includes(' /v1.0/');
    let counted = 0;
    let graphCount = 0;
    const graphRequests = () => {
      for (; counted < server.requests.length; counted++) if (isGraph(server.requests[counted]!)) graphCount += 1;
      return graphCount;
    };
    graphRequests();
    const requestsAtStart = graphCount;
    const mailboxId = await signInWithMicrosoft(fault.engine, { address: owner.address });
    let delivered = 0;
    const vaultCredential = () => JSON.parse(fault.engine.secrets!.open(fault.engine.store.mailboxes.connectionOf(mailboxId)!.credentials!)) as { refreshToken: string };
    const run: MicrosoftRun = {
      context,
      server,
      get engine() {
        return fault.engine;
      },
      get statuses() {
        return fault.statuses;
      },
      mailboxId,
      drawn,
      scanSize: 6 + drawn.world.candidateMail.length,
      graphRequests: () => graphRequests() - requestsAtStart,
      async deliverLive(count) {
        for (let index = 0; index < count; index++) {
          const mail = liveMail(random, seed, drawn, delivered++);
          server.deliver(owner.address, mail.raw, { folder: 'inbox' });
        }
      },
      async afterRequests(count) {
        // At the exact request: the stand-in calls back as it arrives, before answering it.
        if (graphRequests() - requestsAtStart >= count) return;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(done, 20_000);
          const stop = server.onRequest(() => {
            if (graphRequests() - requestsAtStart >= count) done();
          });
          function done() {
            clearTimeout(timer);
            stop();
            resolve();
          }
        });
      },
      async scanned({ from = 0, timeoutMs = 20_000 } = {}) {
        await fault.statuses.waitFor((status) => status.state === 'up-to-date', { from, timeoutMs });
      },
      revokeGrant() {
        server.revoke(vaultCredential().refreshToken);
        server.expireAccessTokens();
      },
      async signInAgain() {
        const from = fault.statuses.statuses.length;
        const repaired = await signInWithMicrosoft(fault.engine, { mailboxId });
        if (repaired !== mailboxId) throw new Error(`signing in again connected another mailbox (${repaired})`);
        // The repair sign-in resumes the mailbox itself; else "Try again" does.
        if (!fault.statuses.statuses.slice(from).some((status) => status.state !== 'auth-required')) await resumeAfterSignIn(fault.engine, fault.statuses, mailboxId);
      },
      restartEngine: () => fault.restart(),
      vaultRefreshToken: () => vaultCredential().refreshToken,
      async send(subject) {
        // "Send now": the undo window is not what these runs test, and it would add 10 s a send.
        const item = await fault.send(mailboxId, subject);
        value(await fault.engine.call(installationOwner, 'outbox:send-now', { itemId: item.id }));
        return item;
      },
      outboxSettles: (states, timeoutMs) => fault.outboxSettles(states, timeoutMs),
    };

    await act(run);
    return await finishApiRun(context, fault, drawn, {
      mailboxId,
      ...(options.settleTimeoutMs === undefined ? {} : { settleTimeoutMs: options.settleTimeoutMs }),
      ...(options.finalOutboxStates === undefined ? {} : { finalOutboxStates: options.finalOutboxStates }),
      copiesOf: (messageId) => server.messagesIn(owner.address, 'sentitems').filter((id) => carries(server.message(owner.address, id)!.raw, messageId)).length,
      requests: () => {
        const left = server.pendingFaults();
        return `Graph requests: ${run.graphRequests()}; token requests: ${server.requests.filter((request) => request.endsWith('/oauth2/v2.0/token')).length}; injected faults never answered: ${left.length === 0 ? 'none' : left.map((fault) => `${fault.route.source} ×${fault.times ?? 1}`).join(', ')}`;
      },
      ...(options.check === undefined ? {} : { check: () => options.check!(run) }),
    });
  } finally {
    for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch(() => undefined);
  }
}
