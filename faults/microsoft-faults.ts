import type { OutboxStateName } from '../shared/status.js';
import { microsoftRun, type MicrosoftRun } from './microsoft-harness.js';
import type { FaultKind } from './types.js';
import { drawInt, owner } from './world.js';

// Microsoft 365 faults of the fault matrix: each run draws a mailbox in the local Entra ID +
// Graph and a point in the engine's Graph requests, makes Microsoft fail there as its
// documentation says it does (401 InvalidAuthenticationToken for an expired access token,
// invalid_grant for a revoked or spent refresh token, 429/503 with Retry-After, 410
// SyncStateNotFound for an expired delta token, a dropped connection), lifts the fault and
// lets the engine finish. microsoftRun checks the invariants: nothing lost, duplicated,
// stored without a candidate, or sent twice.

const size = { min: 30, max: 90 };
const delta = /GET \/v1\.0\/me\/mailFolders\/[^/]+\/messages\/delta$/u;
const listing = /GET \/v1\.0\/me\/mailFolders\/[^/]+\/messages$/u;
const headers = /GET \/v1\.0\/me\/messages\/[^/]+$/u;
const source = /GET \/v1\.0\/me\/messages\/[^/]+\/\$value$/u;
/** A JSON batch as a whole (a catch-up reads headers 20 to a batch); `headers` hits one request inside it. */
const batch = /POST \/v1\.0\/\$batch$/u;
/** Any Graph call: Outlook throttles the mailbox as a whole (MailboxConcurrency), whatever comes next. */
const anyGraph = /^[A-Z]+ \/v1\.0\//u;
/** What each scan asks: the first one lists the newest mail, a catch-up gets the new mail's headers in JSON batches. */
const routesOf = { first: [delta, listing, source], catchUp: [delta, batch, headers, source] } as const;
const sendMail = /POST \/v1\.0\/me\/sendMail$/u;
/** Where an item may rest after a fault: done, or waiting for the user's decision (R15). */
const settledStates: readonly OutboxStateName[] = ['accepted', 'filed', 'outcome-unknown', 'failed-permanent', 'cancelled'];

/** A drawn request of the first scan. */
function scanPoint(run: MicrosoftRun): number {
  return drawInt(run.context.random, 1, run.scanSize);
}

/**
 * Where a fault lands: at a drawn request of the first scan, or of a catch-up scan after it
 * (5–25 mails arrive at once: a delta round, one header GET per new message, the bodies of
 * the candidate mail); on any Graph call from there, or on a drawn kind of request that scan
 * makes. Resolves at that request with where and what.
 */
async function drawScanFault(run: MicrosoftRun): Promise<{ where: string; route: RegExp }> {
  const { random } = run.context;
  const first = random() < 0.5;
  const kinds = first ? routesOf.first : routesOf.catchUp;
  const route = random() < 0.4 ? anyGraph : kinds[drawInt(random, 0, kinds.length - 1)]!;
  if (first) {
    await run.afterRequests(scanPoint(run));
    return { where: 'the first scan', route };
  }
  await run.scanned();
  const arriving = drawInt(random, 5, 25);
  const at = run.graphRequests() + drawInt(random, 1, arriving + 2);
  await run.deliverLive(arriving);
  await run.afterRequests(at);
  return { where: `a catch-up scan of ${arriving} new mails`, route };
}

const tokenExpiry: FaultKind = {
  name: 'microsoft-token-expiry',
  description: 'every access token expires at a drawn request of the first scan (401 InvalidAuthenticationToken), and once more while new mail arrives: renewed by MSAL, the call repeated',
  run: (context) =>
    microsoftRun(context, { size }, async (run) => {
      const at = scanPoint(run);
      context.log(`tokens expire after ${at} requests`);
      await run.afterRequests(at);
      run.server.expireAccessTokens();
      await run.scanned();
      await run.deliverLive(drawInt(context.random, 1, 4));
      run.server.expireAccessTokens();
    }),
};

const refreshRotated: FaultKind = {
  name: 'microsoft-refresh-rotated',
  description: 'the refresh token rotates on every renewal (the old one refused afterwards): tokens expire mid-scan, again with a send and live sync renewing at once, then the app restarts and renews once more',
  run: (context) => {
    let firstRefreshToken = '';
    return microsoftRun(
      context,
      {
        size,
        finalOutboxStates: ['filed'],
        // The vault holds the grant's live refresh token, not a spent one: the next renewal
        // (another computer, a lost MSAL cache) would otherwise sign the mailbox out.
        check: (run) => {
          const vault = run.vaultRefreshToken();
          const live = run.server.currentRefreshToken(vault);
          const problems: string[] = [];
          if (live !== vault) problems.push('the vault holds a spent refresh token');
          if (run.server.currentRefreshToken(firstRefreshToken) === firstRefreshToken) problems.push('the refresh token never rotated');
          return problems;
        },
      },
      async (run) => {
        const { random } = context;
        firstRefreshToken = run.vaultRefreshToken();
        const at = scanPoint(run);
        context.log(`tokens expire after ${at} requests, then with a send, then after a restart`);
        await run.afterRequests(at);
        run.server.expireAccessTokens();
        await run.scanned();
        // The outbox and live sync both hit 401 at once: one renewal, or the second is refused.
        run.server.expireAccessTokens();
        await run.send('Einladung');
        await run.deliverLive(drawInt(random, 1, 3));
        await run.outboxSettles(['filed'], 20_000);
        await run.restartEngine();
        const from = run.statuses.statuses.length;
        run.server.expireAccessTokens();
        await run.deliverLive(drawInt(random, 1, 3));
        await run.scanned({ from });
      },
    );
  },
};

const revokedGrant: FaultKind = {
  name: 'microsoft-revoked',
  description: 'the grant is revoked at a drawn request of the scan (invalid_grant on renewal): the mailbox waits in auth-required, mail arrives, the person signs in with Microsoft again',
  run: (context) =>
    microsoftRun(context, { size }, async (run) => {
      const at = scanPoint(run);
      context.log(`grant revoked after ${at} requests`);
      await run.afterRequests(at);
      run.revokeGrant();
      await run.statuses.waitFor((status) => status.state === 'auth-required', { timeoutMs: 20_000 });
      await run.deliverLive(drawInt(context.random, 1, 3));
      await run.signInAgain();
    }),
};

/** 429 or 503 with Retry-After, a drawn number of times in a row on a drawn kind of request. */
function throttled(status: 429 | 503): FaultKind {
  return {
    name: `microsoft-${status}`,
    description: `${status} with a drawn Retry-After (1–3 s), 1–7 times in a row from a drawn request of the first scan or a catch-up scan, on any Graph call or a drawn kind (delta, listing, headers, $value); sometimes a send throttled too (not carried out)`,
    run: (context) =>
      microsoftRun(context, { size, settleTimeoutMs: 45_000, finalOutboxStates: settledStates }, async (run) => {
        const { random } = context;
        const times = drawInt(random, 1, 7);
        const retryAfterSeconds = drawInt(random, 1, 3);
        const { where, route } = await drawScanFault(run);
        context.log(`${status} ×${times} (Retry-After ${retryAfterSeconds} s) on ${route.source} in ${where}`);
        run.server.inject({ route, status, retryAfterSeconds, times });
        if (random() < 0.5) {
          await run.send('Einladung');
          run.server.inject({ route: sendMail, status, retryAfterSeconds: 1 });
          await run.send('Einladung 2');
        }
      }),
  };
}

const deltaExpired: FaultKind = {
  name: 'microsoft-delta-expired',
  description: 'Graph forgets the delta state of the Inbox (and sometimes Sent Items) between rounds (410 SyncStateNotFound), with mail arriving before and after: a re-scan of the newest mail, shown in the status',
  run: (context) =>
    microsoftRun(context, { size }, async (run) => {
      const { random } = context;
      await run.scanned();
      const from = run.statuses.statuses.length;
      await run.deliverLive(drawInt(random, 0, 3));
      run.server.expireDelta(owner.address, 'inbox');
      if (random() < 0.5) run.server.expireDelta(owner.address, 'sentitems');
      await run.deliverLive(drawInt(random, 1, 3));
      // The re-scan says so: the window is read again, not a silent gap.
      await run.statuses.waitFor((status) => status.state === 'syncing' && status.phase === 'rescan', { from, timeoutMs: 20_000 });
    }),
};

const connectionCut: FaultKind = {
  name: 'microsoft-cut',
  description: 'the stand-in closes the socket without an answer 1–6 times on a drawn kind of request in a scan, and on 1–2 sends before or after Graph took them (then Sent Items is asked: never sent twice)',
  run: (context) =>
    microsoftRun(context, { size, finalOutboxStates: settledStates }, async (run) => {
      const { random } = context;
      const times = drawInt(random, 1, 6);
      const { where, route } = await drawScanFault(run);
      context.log(`socket closed ×${times} on ${route.source} in ${where}`);
      run.server.inject({ route, status: 0, destroy: true, times });
      await run.scanned();
      const sends = drawInt(random, 1, 2);
      for (let index = 0; index < sends; index++) {
        const afterProcessing = random() < 0.6;
        context.log(`send ${index + 1} cut ${afterProcessing ? 'after Graph took it' : 'before'}`);
        run.server.inject({ route: sendMail, status: 0, destroy: true, afterProcessing });
        await run.send(`Einladung ${index + 1}`);
        await run.outboxSettles(settledStates, 20_000);
      }
      await run.deliverLive(drawInt(random, 0, 2));
    }),
};

export const microsoftFaultKinds: FaultKind[] = [tokenExpiry, refreshRotated, revokedGrant, throttled(429), throttled(503), deltaExpired, connectionCut];
