import { gmail, type gmail_v1 } from '@googleapis/gmail';
import type { SyncRunSummary } from '../shared/model.js';
import { installationOwner } from '../electron/core/api/caller.js';
import { gmailInitialWindow } from '../electron/core/domain/initial-window.js';
import { gmailMethodUnits, gmailUnitsPerUserMinute, quotaOf } from '../electron/core/providers/gmail/gmail-quota.js';
import { metadataHeaders } from '../electron/core/providers/gmail/gmail-headers.js';
import { openTestEngine, value } from '../test/support/engine.js';
import { startGmailApi } from '../test/support/gmail-api/index.js';
import { addGmailMailbox } from '../test/support/gmail-mailbox.js';
import { imapFixture } from './imap-fixture.js';

export interface GmailBenchOptions {
  messages: number;
  candidates: number;
  log: (line: string) => void;
}

const address = 'alice@hirebox.test';
// Every message inside the initial window (R10: the last 24 h), so the first sync reads all of them.
const spreadSeconds = 23 * 3600;
/** `messages.get` calls in flight: the provider's default, so both sides run alike. */
const concurrency = 4;

/**
 * The Gmail benchmark (issue 17): the local Gmail API holds a mailbox of `messages`
 * messages, all inside the initial window (Alice's own mail labelled SENT, the rest
 * INBOX). The engine (in this process: a Gmail mailbox cannot be connected over the
 * contract yet) syncs it once, from nothing to up to date; the baseline is a bare loop with
 * the same client in the same run — `messages.list` of each label with the same query,
 * then `messages.get` (format=metadata, the same headers) of every id, `concurrency` at
 * once. Reports the ratio, quota units per 1,000 messages scanned (each side), what the
 * units mean at Google's per-user limit, and bodies fetched against the candidate mails.
 * The stand-in has no quota of its own: the engine's budget is lifted for the run (its
 * units are still counted), or the run would take the minutes Google's limit imposes.
 */
export async function gmailBench(options: GmailBenchOptions): Promise<Record<string, unknown>> {
  const { log } = options;
  const runStarted = performance.now();
  const fixture = imapFixture(options.messages, options.candidates, spreadSeconds, log);
  const server = await startGmailApi();
  const subject = openTestEngine();
  try {
    server.addAccount(address);
    const now = Date.now();
    let index = 0;
    let sent = 0;
    for (const raw of fixture.messages()) {
      const fromAlice = /^From: Alice Recruiter </mu.test(raw.subarray(0, 2_000).toString('latin1'));
      if (fromAlice) sent += 1;
      server.deliver(address, raw, { internalDate: new Date(now - fixture.ageSeconds(index++) * 1000), labelIds: fromAlice ? ['SENT'] : ['INBOX'] });
    }
    log(`stand-in mailbox: ${index} messages (${sent} SENT), ${fixture.candidateMessages} with a candidate`);

    // Baseline first, then the engine: the same server, warm for both.
    const grant = server.grant(address);
    const baseline = await bareListAndGet(server.rootUrl, grant.accessToken, new Date(), log);
    log(`bare list + get: ${baseline.messages} messages in ${baseline.ms} ms`);

    const quota = quotaOf(address, { unitsPerMinute: Number.MAX_SAFE_INTEGER / 2 });
    const session = value(await subject.engine.call(installationOwner, 'setup:create', { workspaceName: 'Bench', domains: ['hirebox.test'], owner: { name: 'Alice Recruiter', email: address } }));
    const job = value(await subject.engine.call(installationOwner, 'jobs:create', { title: 'Bench Engineer' }));
    for (const candidate of fixture.candidates) value(await subject.engine.call(installationOwner, 'candidates:create', { name: candidate.name, addresses: [candidate.address], applications: [{ jobId: job.id }] }));
    const { mailboxId } = addGmailMailbox(subject.engine, server, { address, ownerUserId: session.user.id });
    const requestsBefore = server.requests.length;
    const unitsBefore = quota.spent;
    const started = performance.now();
    const summary: SyncRunSummary = value(await subject.engine.call(installationOwner, 'mailboxes:sync-now', { mailboxId }));
    const engineMs = Math.round(performance.now() - started);
    const engineUnits = quota.spent - unitsBefore;
    const engineRequests = server.requests.slice(requestsBefore);
    log(`engine: ${summary.headersScanned} headers, ${summary.messagesStored} stored, ${summary.bodiesFetched} bodies in ${engineMs} ms`);
    if (summary.headersScanned !== index) throw new Error(`the engine scanned ${summary.headersScanned} of ${index} messages`);

    const perThousand = (units: number, messages: number) => Math.round((units / messages) * 1000);
    return {
      mailbox: { messages: index, sent, candidates: fixture.candidates.length, candidateMessages: fixture.candidateMessages },
      baseline: { what: `messages.list + messages.get(format=metadata), ${concurrency} in flight`, ms: baseline.ms, messages: baseline.messages, requests: baseline.requests, unitsPer1000Messages: perThousand(baseline.units, baseline.messages) },
      engine: {
        msToUpToDate: engineMs,
        ratioToBaseline: Number((engineMs / Math.max(1, baseline.ms)).toFixed(2)),
        headersScanned: summary.headersScanned,
        messagesStored: summary.messagesStored,
        bodiesFetched: summary.bodiesFetched,
        bodiesFetchedEqualsMatches: summary.bodiesFetched === fixture.candidateMessages && summary.messagesStored === fixture.candidateMessages,
        requests: countBy(engineRequests.map((request) => request.replace(/messages\/[0-9a-f]+$/u, 'messages/{id}'))),
        quotaUnits: engineUnits,
        unitsPer1000Messages: perThousand(engineUnits, summary.headersScanned),
        // What the same scan needs at Google's limit (15,000 units per user per minute): the real floor.
        minutesAtGoogleUserLimit: Number((engineUnits / gmailUnitsPerUserMinute).toFixed(2)),
      },
      runMs: Math.round(performance.now() - runStarted),
    };
  } finally {
    await subject.dispose();
    await server.close();
  }
}

/** The floor: list both labels with the window's query, then get every id's metadata, nothing else. */
async function bareListAndGet(rootUrl: string, accessToken: string, at: Date, log: (line: string) => void): Promise<{ ms: number; messages: number; requests: number; units: number }> {
  const api = gmail({ version: 'v1', rootUrl });
  const request = { headers: { Authorization: `Bearer ${accessToken}` }, retry: false } as const;
  const query = gmailInitialWindow(at).query;
  const started = performance.now();
  let requests = 0;
  let units = 0;
  let messages = 0;
  for (const label of ['INBOX', 'SENT']) {
    const ids: string[] = [];
    let pageToken: string | undefined;
    do {
      const page: gmail_v1.Schema$ListMessagesResponse = (await api.users.messages.list({ userId: 'me', labelIds: [label], q: query, maxResults: 500, ...(pageToken === undefined ? {} : { pageToken }) }, request)).data;
      requests += 1;
      units += gmailMethodUnits['users.messages.list'];
      for (const message of page.messages ?? []) if (message.id) ids.push(message.id);
      pageToken = page.nextPageToken ?? undefined;
    } while (pageToken !== undefined);
    let next = 0;
    const worker = async () => {
      while (next < ids.length) {
        const id = ids[next++] as string;
        await api.users.messages.get({ userId: 'me', id, format: 'metadata', metadataHeaders: [...metadataHeaders] }, request);
        requests += 1;
        units += gmailMethodUnits['users.messages.get'];
        messages += 1;
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    log(`bare loop: ${label} done (${ids.length})`);
  }
  return { ms: Math.round(performance.now() - started), messages, requests, units };
}

function countBy(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const entry of values) counts[entry] = (counts[entry] ?? 0) + 1;
  return counts;
}
