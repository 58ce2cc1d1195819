import type { SyncRunSummary } from '../shared/model.js';
import { installationOwner } from '../electron/core/api/caller.js';
import type { Engine } from '../electron/core/engine.js';
import { extendedExpand, headerSelect } from '../electron/core/providers/microsoft/microsoft-headers.js';
import { openTestEngine, value } from '../test/support/engine.js';
import { startGraphApi } from '../test/support/graph-api/index.js';
import { imapFixture } from './imap-fixture.js';

export interface GraphBenchOptions {
  messages: number;
  candidates: number;
  log: (line: string) => void;
}

const address = 'alice@hirebox.test';
const spreadSeconds = 23 * 3600;
/** Requests in flight: the provider's bound (Outlook allows 4 per mailbox and app), so both sides run alike. */
const concurrency = 4;
/** Delta page size both sides ask for (`Prefer: odata.maxpagesize`), the provider's. */
const deltaPageSize = 200;
const folders = ['inbox', 'sentitems'] as const;
/** Graph's limit of requests in one JSON batch. */
const maxBatch = 20;

/**
 * The Microsoft Graph benchmark: a mailbox connected by "Sign in with Microsoft" (MSAL
 * against the local Entra ID + Graph, `test/support/graph-api/`) and synced once while
 * empty, so its delta links are stored; then `messages` messages arrive (Alice's own mail in
 * Sent Items, the rest in the Inbox) — a week away, a mailbox moved to Microsoft 365. The
 * engine's "sync now" from there to up to date follows the delta links (R10 caps a first
 * scan at the newest 100 a folder, so a catch-up is where 10,000 messages are read). The
 * baseline, in the same run with the same `fetch`: a bare delta loop from delta links taken
 * at the same point — the delta pages (ids), then one header GET per id with the provider's
 * `$select` and `$expand`, `concurrency` at once; no store, no matching, no bodies.
 * Reports the ratio, requests per 1,000 messages (each side), the most requests in flight,
 * and bodies fetched against the candidate mails.
 */
export async function graphBench(options: GraphBenchOptions): Promise<Record<string, unknown>> {
  const { log } = options;
  const runStarted = performance.now();
  const fixture = imapFixture(options.messages, options.candidates, spreadSeconds, log);
  const server = await startGraphApi();
  server.addAccount(address, 'Alice Recruiter');
  const authorityUrl = server.graphUrl.replace(/v1\.0\/$/u, '');
  const subject = openTestEngine({
    signIn: { finishWaitMs: 300 },
    oauthClients: { microsoft: { clientId: server.clientId, tenant: 'organizations', endpoints: { authorityHost: server.msal.authorityHost, authorityUrl, graphUrl: server.graphUrl } } },
  });
  try {
    value(await subject.engine.call(installationOwner, 'setup:create', { workspaceName: 'Bench', domains: ['hirebox.test'], owner: { name: 'Alice Recruiter', email: address } }));
    const job = value(await subject.engine.call(installationOwner, 'jobs:create', { title: 'Bench Engineer' }));
    for (const candidate of fixture.candidates) value(await subject.engine.call(installationOwner, 'candidates:create', { name: candidate.name, addresses: [candidate.address], applications: [{ jobId: job.id }] }));
    const mailboxId = await signIn(subject.engine);
    value(await subject.engine.call(installationOwner, 'mailboxes:sync-now', { mailboxId }));
    const grant = server.grant(address);
    const links = new Map<string, string>();
    for (const folder of folders) links.set(folder, (await deltaIds(new URL(`me/mailFolders/${folder}/messages/delta?$select=id`, server.graphUrl), grant.accessToken)).deltaLink);

    const now = Date.now();
    let index = 0;
    let sent = 0;
    for (const raw of fixture.messages()) {
      const fromAlice = /^From: Alice Recruiter </mu.test(raw.subarray(0, 2_000).toString('latin1'));
      if (fromAlice) sent += 1;
      server.deliver(address, raw, { folder: fromAlice ? 'sentitems' : 'inbox', receivedAt: new Date(now - fixture.ageSeconds(index++) * 1000), isRead: true });
    }
    log(`stand-in mailbox: ${index} new messages (${sent} in Sent Items), ${fixture.candidateMessages} with a candidate`);

    // Baseline first, then the engine: the same server, warm for both.
    server.maxInFlight(true);
    const baseline = await bareDeltaLoop(links, grant.accessToken, 1, log);
    const baselinePeak = server.maxInFlight(true);
    log(`bare delta loop: ${baseline.messages} messages in ${baseline.ms} ms, ${baseline.requests} requests`);
    const batched = await bareDeltaLoop(links, grant.accessToken, maxBatch, log);
    const batchedPeak = server.maxInFlight(true);
    log(`bare delta loop, batched: ${batched.messages} messages in ${batched.ms} ms, ${batched.requests} requests`);

    const requestsBefore = server.requests.length;
    const started = performance.now();
    const summary: SyncRunSummary = value(await subject.engine.call(installationOwner, 'mailboxes:sync-now', { mailboxId }));
    const engineMs = Math.round(performance.now() - started);
    const enginePeak = server.maxInFlight(true);
    const engineRequests = server.requests.slice(requestsBefore).filter((request) => request.includes(' /v1.0/'));
    log(`engine: ${summary.headersScanned} headers, ${summary.messagesStored} stored, ${summary.bodiesFetched} bodies in ${engineMs} ms, ${engineRequests.length} requests`);
    if (summary.headersScanned !== index) throw new Error(`the engine scanned ${summary.headersScanned} of ${index} messages`);

    // Connecting the full mailbox afresh (another installation): the first scan takes the
    // newest 100 a folder (R10), after an ids-only delta round through the whole folder.
    const second = openTestEngine({
      signIn: { finishWaitMs: 300 },
      oauthClients: { microsoft: { clientId: server.clientId, tenant: 'organizations', endpoints: { authorityHost: server.msal.authorityHost, authorityUrl, graphUrl: server.graphUrl } } },
    });
    let firstConnect: Record<string, unknown>;
    try {
      value(await second.engine.call(installationOwner, 'setup:create', { workspaceName: 'Bench 2', domains: ['hirebox.test'], owner: { name: 'Alice Recruiter', email: address } }));
      const job2 = value(await second.engine.call(installationOwner, 'jobs:create', { title: 'Bench Engineer' }));
      for (const candidate of fixture.candidates) value(await second.engine.call(installationOwner, 'candidates:create', { name: candidate.name, addresses: [candidate.address], applications: [{ jobId: job2.id }] }));
      const connectStarted = performance.now();
      const secondMailbox = await signIn(second.engine);
      const connectRequestsBefore = server.requests.length;
      const firstStarted = performance.now();
      const first: SyncRunSummary = value(await second.engine.call(installationOwner, 'mailboxes:sync-now', { mailboxId: secondMailbox }));
      const firstMs = Math.round(performance.now() - firstStarted);
      const firstRequests = server.requests.slice(connectRequestsBefore).filter((request) => request.includes(' /v1.0/'));
      log(`first scan of the full mailbox: ${first.headersScanned} headers, ${first.messagesStored} stored in ${firstMs} ms, ${firstRequests.length} requests`);
      firstConnect = { what: 'a second installation signs in to the full mailbox and syncs once: the newest 100 a folder (R10)', signInMs: Math.round(firstStarted - connectStarted), msToUpToDate: firstMs, headersScanned: first.headersScanned, messagesStored: first.messagesStored, bodiesFetched: first.bodiesFetched, requests: countBy(firstRequests.map(shape)) };
    } finally {
      await second.dispose();
    }

    const perThousand = (requests: number, messages: number) => Math.round((requests / messages) * 1000);
    return {
      mailbox: { messages: index, sent, candidates: fixture.candidates.length, candidateMessages: fixture.candidateMessages },
      baseline: { what: `delta pages (ids) + GET /me/messages/{id} ($select, $expand as the provider), ${concurrency} in flight`, ms: baseline.ms, messages: baseline.messages, requests: baseline.requests, requestsPer1000Messages: perThousand(baseline.requests, baseline.messages), maxInFlight: baselinePeak },
      baselineBatched: { what: `delta pages (ids) + the same GETs ${maxBatch} to a POST $batch, one batch in flight`, ms: batched.ms, messages: batched.messages, requests: batched.requests, requestsPer1000Messages: perThousand(batched.requests, batched.messages), maxInFlight: batchedPeak },
      engine: {
        msToUpToDate: engineMs,
        ratioToBaseline: Number((engineMs / Math.max(1, baseline.ms)).toFixed(2)),
        ratioToBatchedBaseline: Number((engineMs / Math.max(1, batched.ms)).toFixed(2)),
        headersScanned: summary.headersScanned,
        messagesStored: summary.messagesStored,
        bodiesFetched: summary.bodiesFetched,
        bodiesFetchedEqualsMatches: summary.bodiesFetched === fixture.candidateMessages && summary.messagesStored === fixture.candidateMessages,
        requests: countBy(engineRequests.map(shape)),
        requestsPer1000Messages: perThousand(engineRequests.length, summary.headersScanned),
        maxInFlight: enginePeak,
      },
      firstConnect,
      runMs: Math.round(performance.now() - runStarted),
    };
  } finally {
    await subject.dispose();
    await server.close();
  }
}

/** "Sign in with Microsoft" through the contract; the browser is a plain HTTP client following Entra's redirect. */
async function signIn(engine: Engine): Promise<string> {
  const started = value(await engine.call(installationOwner, 'mailboxes:oauth-start', { provider: 'microsoft', address }));
  const browser = (async () => {
    const authorize = await fetch(started.authorizationUrl, { redirect: 'manual' });
    await (await fetch(authorize.headers.get('location')!)).text();
  })();
  for (;;) {
    const finished = value(await engine.call(installationOwner, 'mailboxes:oauth-finish', { attemptId: started.attemptId }));
    if (finished.state === 'connected') {
      await browser;
      return finished.mailbox.id;
    }
  }
}

/** One delta round: every page from `first`, the ids added, the next delta link. */
async function deltaIds(first: URL, accessToken: string): Promise<{ ids: string[]; deltaLink: string; requests: number }> {
  const ids: string[] = [];
  let url = first.toString();
  let requests = 0;
  for (;;) {
    const page = (await getJson(url, accessToken, { Prefer: `odata.maxpagesize=${deltaPageSize}` })) as { value?: { id?: string; '@removed'?: unknown }[]; '@odata.nextLink'?: string; '@odata.deltaLink'?: string };
    requests += 1;
    for (const entry of page.value ?? []) if (entry.id && entry['@removed'] === undefined) ids.push(entry.id);
    if (page['@odata.deltaLink'] !== undefined) return { ids, deltaLink: page['@odata.deltaLink'], requests };
    if (page['@odata.nextLink'] === undefined) throw new Error('a delta page without a next or delta link');
    url = page['@odata.nextLink'];
  }
}

/**
 * The floor: follow each folder's delta link, then get every id's headers, nothing else —
 * one GET per id `concurrency` at once (`batch` 1), or `batch` GETs to a `POST $batch`, one batch at a time.
 */
async function bareDeltaLoop(links: Map<string, string>, accessToken: string, batch: number, log: (line: string) => void): Promise<{ ms: number; messages: number; requests: number }> {
  const started = performance.now();
  let requests = 0;
  let messages = 0;
  for (const [folder, link] of links) {
    const round = await deltaIds(new URL(link), accessToken);
    requests += round.requests;
    const query = new URLSearchParams({ $select: headerSelect, $expand: extendedExpand }).toString();
    if (batch > 1) {
      for (let start = 0; start < round.ids.length; start += batch) {
        const chunk = round.ids.slice(start, start + batch);
        const response = await fetch(new URL('$batch', `${new URL(link).origin}/v1.0/`), {
          method: 'POST',
          headers: { Authorization: `Bearer ${accessToken}`, Accept: 'application/json', 'Content-Type': 'application/json' },
          body: JSON.stringify({ requests: chunk.map((id, index) => ({ id: String(index + 1), method: 'GET', url: `/me/messages/${encodeURIComponent(id)}?${query}` })) }),
        });
        const answer = (await response.json()) as { responses: { status: number }[] };
        if (!response.ok || answer.responses.some((entry) => entry.status !== 200)) throw new Error('a batch failed');
        requests += 1;
        messages += chunk.length;
      }
      log(`bare loop (batched): ${folder} done (${round.ids.length})`);
      continue;
    }
    let next = 0;
    const worker = async () => {
      while (next < round.ids.length) {
        const id = round.ids[next++]!;
        await getJson(`${new URL(link).origin}/v1.0/me/messages/${encodeURIComponent(id)}?${query}`, accessToken);
        requests += 1;
        messages += 1;
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    log(`bare loop: ${folder} done (${round.ids.length})`);
  }
  return { ms: Math.round(performance.now() - started), messages, requests };
}

async function getJson(url: string, accessToken: string, headers: Record<string, string> = {}): Promise<unknown> {
  const response = await fetch(url, { headers: { Authorization: `Bearer ${accessToken}`, Accept: 'application/json', ...headers } });
  if (!response.ok) throw new Error(`Graph answered ${response.status} for ${url}`);
  return response.json();
}

/** A request by its route: ids become `{id}`. */
function shape(request: string): string {
  return request.replace(/\/mailFolders\/[^/]+\//u, '/mailFolders/{folder}/').replace(/\/me\/messages\/[^/]+(\/\$value)?$/u, (_, value: string | undefined) => `/me/messages/{id}${value ?? ''}`);
}

function countBy(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const entry of values) counts[entry] = (counts[entry] ?? 0) + 1;
  return counts;
}
