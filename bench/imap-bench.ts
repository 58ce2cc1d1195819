import type { MailboxSummary, SyncRunSummary } from '../shared/model.js';
import { headerFetchQuery } from '../electron/core/providers/imap/envelope-headers.js';
import { connectImap, startDovecot, writeMaildirMessages, type Dovecot } from '../test/support/mail-servers/index.js';
import { startEngineProcess } from './engine-process.js';
import { imapFixture } from './imap-fixture.js';

export interface ImapBenchOptions {
  messages: number;
  candidates: number;
  log: (line: string) => void;
}

const mailUser = 'alice@hirebox.test';
const mailPassword = 'alice-password';
// Every message inside the initial window (R10: 24 h), so the engine's first scan covers
// the whole mailbox on the same path a backfill takes.
const spreadSeconds = 23 * 3600;

/**
 * The IMAP benchmark of DESIGN.md: the engine's first scan of a big Dovecot mailbox
 * against a bare imapflow FETCH of the same header fields from the same mailbox in the
 * same run, the bodies it fetched, and the engine's peak memory.
 */
export async function imapBench(options: ImapBenchOptions): Promise<Record<string, unknown>> {
  const { log } = options;
  const fixture = imapFixture(options.messages, options.candidates, spreadSeconds, log);
  const dovecot = await startDovecot();
  try {
    const fillStarted = performance.now();
    const now = Date.now();
    let index = 0;
    const written = writeMaildirMessages(
      dovecot,
      mailUser,
      'INBOX',
      (function* () {
        for (const raw of fixture.messages()) yield { raw, internalDate: new Date(now - fixture.ageSeconds(index++) * 1000), flags: 'S' };
      })(),
    );
    log(`filled INBOX with ${written} messages in ${Math.round(performance.now() - fillStarted)} ms`);
    // Dovecot indexes new Maildir files on the first SELECT: do it once before either side
    // is timed, so neither pays for it.
    await selectOnce(dovecot);

    const baseline = await bareHeaderFetch(dovecot);
    log(`bare imapflow FETCH: ${baseline.messages} messages in ${baseline.ms} ms`);
    const engine = await engineFirstScan(dovecot, fixture.candidates, log);
    log(`engine scan: ${engine.summary.headersScanned} headers in ${engine.ms} ms`);

    const baselineRate = baseline.messages / (baseline.ms / 1000);
    const engineRate = engine.summary.headersScanned / (engine.ms / 1000);
    return {
      mailbox: { messages: written, candidates: fixture.candidates.length, candidateMessages: fixture.candidateMessages },
      baseline: { name: 'bare imapflow FETCH of the same header fields', messages: baseline.messages, ms: baseline.ms, messagesPerSecond: Math.round(baselineRate) },
      scan: {
        headersScanned: engine.summary.headersScanned,
        ms: engine.ms,
        messagesPerSecond: Math.round(engineRate),
        ratioToBaseline: round(engineRate / baselineRate, 3),
        goal: '>= 0.8',
      },
      bodies: {
        fetched: engine.summary.bodiesFetched,
        messagesStored: engine.summary.messagesStored,
        expectedMatches: fixture.candidateMessages,
        forwardPeeks: engine.summary.forwardPeeks,
        goal: 'fetched == matches; forward peeks counted apart',
      },
      engine: { peakRssMB: round(engine.peakRssBytes / 1024 / 1024, 1) },
    };
  } finally {
    await dovecot.stop();
  }
}

async function selectOnce(dovecot: Dovecot): Promise<void> {
  const client = await connectImap(dovecot, mailUser, mailPassword);
  try {
    await client.mailboxOpen('INBOX', { readOnly: true });
  } finally {
    await client.logout();
  }
}

async function bareHeaderFetch(dovecot: Dovecot): Promise<{ messages: number; ms: number }> {
  const client = await connectImap(dovecot, mailUser, mailPassword);
  try {
    const started = performance.now();
    await client.mailboxOpen('INBOX', { readOnly: true });
    let messages = 0;
    for await (const message of client.fetch('1:*', headerFetchQuery, { uid: true })) if (message.uid > 0) messages++;
    return { messages, ms: Math.round(performance.now() - started) };
  } finally {
    await client.logout();
  }
}

async function engineFirstScan(dovecot: Dovecot, candidates: { name: string; address: string }[], log: (line: string) => void): Promise<{ summary: SyncRunSummary; ms: number; peakRssBytes: number }> {
  const engine = await startEngineProcess();
  try {
    await engine.call('setup:create', { workspaceName: 'Bench GmbH', domains: ['hirebox.test'], owner: { name: 'Alice Recruiter', email: mailUser } });
    const job = await engine.call<{ id: string }>('jobs:create', { title: 'Benchmark job' });
    for (const candidate of candidates) {
      await engine.call('candidates:create', { name: candidate.name, addresses: [candidate.address], applications: [{ jobId: job.id }] });
    }
    log(`engine: ${candidates.length} candidates created`);
    const started = performance.now();
    const mailbox = await engine.call<MailboxSummary>('mailboxes:connect', {
      address: mailUser,
      userName: mailUser,
      password: mailPassword,
      imap: { host: dovecot.host, port: dovecot.imapPort, security: 'none' },
      smtp: { host: dovecot.host, port: 2525, security: 'none' },
    });
    // Joins the first sync the connect started (or starts it) and answers with its summary.
    const summary = await engine.call<SyncRunSummary>('mailboxes:sync-now', { mailboxId: mailbox.id });
    const ms = Math.round(performance.now() - started);
    return { summary, ms, peakRssBytes: engine.peakRssBytes() };
  } finally {
    await engine.stop();
  }
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
