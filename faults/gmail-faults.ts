import type { OutboxStateName } from '../shared/status.js';
import { gmailRun, type GmailRun } from './gmail-harness.js';
import type { FaultKind } from './types.js';
import { drawInt, owner } from './world.js';

// Gmail faults of the fault matrix: each run draws a mailbox in the local Gmail API and a
// point in the engine's requests, makes Gmail fail there as Google documents it (401 for an
// expired token, invalid_grant, 429 with Retry-After, 5xx, 404 for an old history id, a
// dropped connection), lifts the fault, and lets the engine finish. gmailRun checks the
// invariants: nothing lost, duplicated, stored without a candidate, or sent twice.

const size = { min: 30, max: 100 };
const routes = [/GET \/gmail\/v1\/users\/me\/messages$/u, /GET \/gmail\/v1\/users\/me\/messages\/[0-9a-f]+$/u, /GET \/gmail\/v1\/users\/me\/(history|profile)$/u];
/** Where an item may rest after a fault: done, or waiting for the user's decision (R15). */
const settledStates: readonly OutboxStateName[] = ['accepted', 'filed', 'outcome-unknown', 'failed-permanent', 'cancelled'];

/** A drawn request of the initial sync: one list page and one metadata get per message, about. */
function scanPoint(run: GmailRun): number {
  return drawInt(run.context.random, 1, run.scanSize + 4);
}

const tokenExpiry: FaultKind = {
  name: 'gmail-token-expiry',
  description: 'every access token expires at a drawn request of the initial scan (401), and once more while new mail arrives: renewed at the token endpoint, the call repeated',
  run: (context) =>
    gmailRun(context, { size }, async (run) => {
      const at = scanPoint(run);
      context.log(`tokens expire after ${at} requests`);
      await run.afterRequests(at);
      run.server.expireAccessTokens();
      await run.scanned();
      await run.deliverLive(drawInt(context.random, 1, 4));
      run.server.expireAccessTokens();
    }),
};

const revokedGrant: FaultKind = {
  name: 'gmail-revoked',
  description: 'the grant is revoked at a drawn request of the scan (invalid_grant on renewal): the mailbox waits in auth-required, mail arrives, the person signs in again',
  run: (context) =>
    gmailRun(context, { size }, async (run) => {
      const at = scanPoint(run);
      context.log(`grant revoked after ${at} requests`);
      await run.afterRequests(at);
      run.revokeGrant();
      await run.statuses.waitFor((status) => status.state === 'auth-required', { timeoutMs: 20_000 });
      await run.deliverLive(drawInt(context.random, 1, 3));
      run.server.expireAccessTokens();
      await run.signInAgain();
    }),
};

const rateLimited: FaultKind = {
  name: 'gmail-429',
  description: '429 with a drawn Retry-After (1–3 s) on a drawn kind of request, a drawn number of times in a row (some beyond the retries in place), during the scan or while mail arrives',
  run: (context) =>
    gmailRun(context, { size, settleTimeoutMs: 45_000 }, async (run) => {
      const { random } = context;
      const live = random() < 0.3;
      const route = routes[drawInt(random, 0, routes.length - 1)]!;
      const times = drawInt(random, 1, 7);
      const retryAfterSeconds = drawInt(random, 1, 3);
      if (live) await run.scanned();
      else await run.afterRequests(scanPoint(run));
      context.log(`429 ×${times} (Retry-After ${retryAfterSeconds} s) on ${route.source} ${live ? 'in live sync' : 'during the scan'}`);
      run.server.inject({ route, status: 429, retryAfterSeconds, times });
      if (live) await run.deliverLive(drawInt(random, 1, 3));
      if (random() < 0.5) {
        await run.send('Einladung');
        run.server.inject({ route: /POST \/gmail\/v1\/users\/me\/messages\/send$/u, status: 429, retryAfterSeconds: 1 });
        await run.send('Einladung 2');
      }
    }),
};

const serverErrors: FaultKind = {
  name: 'gmail-5xx',
  description: '500 or 503 (backendError) a drawn number of times on a drawn kind of request during the scan or live sync; a send answered 500 after Gmail took it (or before)',
  run: (context) =>
    gmailRun(context, { size, finalOutboxStates: settledStates }, async (run) => {
      const { random } = context;
      const live = random() < 0.3;
      const route = routes[drawInt(random, 0, routes.length - 1)]!;
      const times = drawInt(random, 1, 8);
      const status = random() < 0.5 ? 500 : 503;
      if (live) await run.scanned();
      else await run.afterRequests(scanPoint(run));
      context.log(`${status} ×${times} on ${route.source} ${live ? 'in live sync' : 'during the scan'}`);
      run.server.inject({ route, status, times });
      if (live) await run.deliverLive(drawInt(random, 1, 3));
      const afterProcessing = random() < 0.5;
      context.log(`a send answered ${status} ${afterProcessing ? 'after it went out' : 'before'}`);
      run.server.inject({ route: /POST \/gmail\/v1\/users\/me\/messages\/send$/u, status, afterProcessing });
      await run.send('Einladung');
      await run.outboxSettles(settledStates, 20_000);
    }),
};

const historyExpired: FaultKind = {
  name: 'gmail-history-expired',
  description: 'Gmail forgets the history (404 for the stored history id) after the scan, with mail arriving before and after: a bounded re-scan of the window, shown in the status',
  run: (context) =>
    gmailRun(context, { size }, async (run) => {
      const { random } = context;
      await run.scanned();
      const from = run.statuses.statuses.length;
      await run.deliverLive(drawInt(random, 0, 3));
      run.server.expireHistory(owner.address);
      await run.deliverLive(drawInt(random, 1, 3));
      // The re-scan says so: the window is read again, not a silent gap.
      await run.statuses.waitFor((status) => status.state === 'syncing' && status.phase === 'rescan', { from, timeoutMs: 20_000 });
    }),
};

const connectionCut: FaultKind = {
  name: 'gmail-cut',
  description: 'the stand-in closes the socket without an answer a drawn number of times on a drawn kind of request, and on a send before or after Gmail took it',
  run: (context) =>
    gmailRun(context, { size, finalOutboxStates: settledStates }, async (run) => {
      const { random } = context;
      const route = routes[drawInt(random, 0, routes.length - 1)]!;
      const times = drawInt(random, 1, 6);
      await run.afterRequests(scanPoint(run));
      context.log(`socket closed ×${times} on ${route.source}`);
      run.server.inject({ route, status: 0, destroy: true, times });
      await run.scanned();
      const afterProcessing = random() < 0.5;
      context.log(`a send cut ${afterProcessing ? 'after it went out' : 'before'}`);
      run.server.inject({ route: /POST \/gmail\/v1\/users\/me\/messages\/send$/u, status: 0, destroy: true, afterProcessing });
      await run.send('Einladung');
      await run.deliverLive(drawInt(random, 0, 2));
      await run.outboxSettles(settledStates, 20_000);
    }),
};

export const gmailFaultKinds: FaultKind[] = [tokenExpiry, revokedGrant, rateLimited, serverErrors, historyExpired, connectionCut];
