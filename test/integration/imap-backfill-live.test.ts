import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MailboxSummary } from '../../shared/model.js';
import { installationOwner } from '../../electron/core/api/caller.js';
import { connectDovecotMailbox, openTestEngine, value, type TestEngine } from '../support/engine.js';
import { fastLiveSync, recordStatuses, waitForThread, type StatusLog } from '../support/live-sync.js';
import { buildMessage, deliverByLmtp, startDovecot, writeMaildirMessages, type Dovecot } from '../support/mail-servers/index.js';

// Issue 23, defect 1: after a backfill for a newly added candidate, live mail must still
// arrive by IDLE. The periodic check is set far beyond the test's deadline (as the default
// of 60 s is), so only the live watch can bring the mail in: a backfill that takes the live
// loop's session (or makes the loop skip its run) leaves the mail unseen until that check.

const owner = 'alice@hirebox.test';
const day = 24 * 60 * 60 * 1000;
/** Far beyond every wait below: a mail that shows came through IDLE, not the periodic check. */
const checkIntervalMs = 120_000;
/** The deadline only ends a broken run; IDLE brings the mail in about a second. */
const arrivalDeadlineMs = 15_000;

let dovecot: Dovecot;
let subject: TestEngine;
let mailbox: MailboxSummary;
let statuses: StatusLog;
let jobId: string;

beforeAll(async () => {
  dovecot = await startDovecot();
  // The provider's timeouts as shipped: a short socket timeout would recycle the IDLE
  // session every few seconds, and the run after each reconnect would hide the defect.
  subject = openTestEngine({ sync: { ...fastLiveSync, checkIntervalMs, timeoutMs: 30_000, livenessTimeoutMs: 20_000 } });
  value(await subject.engine.call(installationOwner, 'setup:create', { workspaceName: 'Acme', domains: ['hirebox.test'], owner: { name: 'Alice Owner', email: owner } }));
  jobId = value(await subject.engine.call(installationOwner, 'jobs:create', { title: 'Backend Engineer' })).id;
  statuses = recordStatuses(subject.engine);
  mailbox = await connectDovecotMailbox(subject.engine, dovecot, owner);
  await statuses.waitFor((status) => status.state === 'up-to-date');
}, 60_000);

afterAll(async () => {
  statuses?.stop();
  await subject?.dispose();
  await dovecot?.stop();
});

/** A candidate added now, with a mail of theirs from a week ago that only a backfill finds. */
async function newCandidate(index: number): Promise<{ id: string; address: string; name: string }> {
  const address = `neu${index}@example.org`;
  const name = `Neu Kandidat ${index}`;
  const date = new Date(Date.now() - 7 * day);
  writeMaildirMessages(dovecot, owner, 'INBOX', [{ internalDate: date, raw: buildMessage({ from: `${name} <${address}>`, to: owner, subject: `Old mail of ${index}`, date, body: 'Earlier' }) }]);
  const candidate = value(await subject.engine.call(installationOwner, 'candidates:create', { name, addresses: [address], applications: [{ jobId }] }));
  return { id: candidate.id, address, name };
}

async function deliverFrom(candidate: { address: string; name: string }, subjectLine: string): Promise<void> {
  await deliverByLmtp(dovecot, { from: candidate.address, to: [owner], raw: buildMessage({ from: `${candidate.name} <${candidate.address}>`, to: owner, subject: subjectLine, date: new Date(), body: subjectLine }) });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('live mail around a backfill (issue 23, defect 1)', () => {
  // Delivered while the backfill runs, right as it ends, and a while after it: each must show.
  for (const [index, delayMs] of [0, 150, 600, 1_500, 3_000].entries()) {
    it(`shows a mail delivered ${delayMs} ms after a backfill for a new candidate started, without "sync now"`, async () => {
      const candidate = await newCandidate(index);
      const backfill = subject.engine.call(installationOwner, 'backfill:candidates', { candidateIds: [candidate.id] });
      await sleep(delayMs);
      await deliverFrom(candidate, `Live mail ${index}`);
      // The older mail is new to the folder too (a new UID), so the live run may store it first.
      expect(value(await backfill)).toMatchObject({ cancelled: false });
      await waitForThread(subject.engine, `Old mail of ${index}`, arrivalDeadlineMs);
      const thread = await waitForThread(subject.engine, `Live mail ${index}`, arrivalDeadlineMs);
      expect(thread.candidates.map((linked) => linked.name)).toEqual([candidate.name]);
    }, 40_000);
  }

  it('shows live mail while a long backfill (an import of many candidates) still runs', async () => {
    // 400 candidates: the server search goes 10 addresses at a time with a pause between
    // (imap-scan.ts), so their backfill takes many seconds — far longer than IDLE needs.
    const imported: string[] = [];
    for (let index = 0; index < 400; index++) {
      imported.push(value(await subject.engine.call(installationOwner, 'candidates:create', { name: `Import ${index}`, addresses: [`import${index}@example.net`], applications: [{ jobId }] })).id);
    }
    const known = await newCandidate(99);
    const from = statuses.states.length;
    let backfillDone = false;
    const backfill = subject.engine.call(installationOwner, 'backfill:candidates', { candidateIds: imported }).finally(() => {
      backfillDone = true;
    });
    await statuses.waitFor((status) => status.state === 'syncing' && status.phase === 'backfill', { from });
    await deliverFrom(known, 'Live during an import backfill');
    await waitForThread(subject.engine, 'Live during an import backfill', 60_000);
    // The live loop brought it in by itself, not the backfill's end.
    expect(backfillDone).toBe(false);
    expect(value(await backfill)).toMatchObject({ cancelled: false });
  }, 120_000);

  it('keeps the mailbox up to date and live after the backfills', async () => {
    const [listed] = value(await subject.engine.call(installationOwner, 'mailboxes:list', {})).items;
    expect(listed?.id).toBe(mailbox.id);
    expect(listed?.status).toEqual({ state: 'up-to-date' });
    await deliverFrom({ address: 'neu0@example.org', name: 'Neu Kandidat 0' }, 'After all backfills');
    await waitForThread(subject.engine, 'After all backfills', arrivalDeadlineMs);
  }, 30_000);
});
