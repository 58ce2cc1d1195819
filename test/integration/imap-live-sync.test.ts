import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MailboxSummary } from '../../shared/model.js';
import { installationOwner } from '../../electron/core/api/caller.js';
import { connectDovecotMailbox, openTestEngine, value, type TestEngine } from '../support/engine.js';
import { fastLiveSync, recordStatuses, waitForThread, type StatusLog } from '../support/live-sync.js';
import { buildMessage, deliverByLmtp, startDovecot, writeMaildirMessages, type Dovecot } from '../support/mail-servers/index.js';
import { changePassword, imapProcessesOf, loginFailuresOf, startAgain, stopServer } from '../support/mail-servers/dovecot-faults.js';

// IMAP sync II (issue 7) through the contract against a real Dovecot: mail appears without
// "sync now", and the mailbox lives through a server that stops, freezes or changes the password.

const owner = 'alice@hirebox.test';

async function setUp(engine: TestEngine['engine']): Promise<void> {
  value(await engine.call(installationOwner, 'setup:create', { workspaceName: 'Acme', domains: ['hirebox.test'], owner: { name: 'Alice Owner', email: owner } }));
  const job = value(await engine.call(installationOwner, 'jobs:create', { title: 'Backend Engineer' }));
  value(await engine.call(installationOwner, 'candidates:create', { name: 'Anna Apfel', addresses: ['anna@example.org'], applications: [{ jobId: job.id }] }));
}

function fromAnna(subject: string, date = new Date()): string {
  return buildMessage({ from: 'Anna Apfel <anna@example.org>', to: owner, subject, date, body: `Body of ${subject}` });
}

async function deliver(dovecot: Dovecot, subject: string): Promise<void> {
  await deliverByLmtp(dovecot, { from: 'anna@example.org', to: [owner], raw: fromAnna(subject) });
}

describe('live updates with IDLE', () => {
  let dovecot: Dovecot;
  let subject: TestEngine;
  let mailbox: MailboxSummary;
  let statuses: StatusLog;

  beforeAll(async () => {
    dovecot = await startDovecot();
    subject = openTestEngine({ sync: { ...fastLiveSync, checkIntervalMs: 4_000 } });
    await setUp(subject.engine);
    statuses = recordStatuses(subject.engine);
    mailbox = await connectDovecotMailbox(subject.engine, dovecot, owner);
    await statuses.waitFor((status) => status.state === 'up-to-date');
  }, 60_000);

  afterAll(async () => {
    statuses?.stop();
    await subject?.dispose();
    await dovecot?.stop();
  });

  it('shows a mail delivered while connected without "sync now"', async () => {
    await deliver(dovecot, 'Live over LMTP');
    // IDLE brings it in about a second; the deadline only ends a broken run, it measures nothing.
    const thread = await waitForThread(subject.engine, 'Live over LMTP', 20_000);
    expect(thread.candidates.map((candidate) => candidate.name)).toEqual(['Anna Apfel']);
  });

  it('finds mail filed in Sent by the periodic check', async () => {
    writeMaildirMessages(dovecot, owner, 'Sent', [
      { internalDate: new Date(), raw: buildMessage({ from: owner, to: 'anna@example.org', subject: 'Sent from my phone', date: new Date(), body: 'Hi Anna' }) },
    ]);
    await waitForThread(subject.engine, 'Sent from my phone');
  });

  it('links a stranger’s reply to mail filed in Sent a moment before, though new mail is stored straight from the watch', async () => {
    // Issue 22: INBOX's new mail is matched before Sent is checked. A reply that links only
    // through Sent mail not seen yet must wait for the run that checks Sent, not be dropped.
    const sentAt = new Date();
    writeMaildirMessages(dovecot, owner, 'Sent', [
      { internalDate: sentAt, raw: buildMessage({ from: owner, to: 'anna@example.org', subject: 'Our offer', date: sentAt, messageId: 'offer-1@hirebox.test', body: 'Dear Anna' }) },
    ]);
    const reply = buildMessage({ from: 'Hans Hase <hans@elsewhere.example>', to: owner, subject: 'Re: Our offer', date: new Date(), inReplyTo: '<offer-1@hirebox.test>', references: '<offer-1@hirebox.test>', body: 'Anna asked me to answer for her.' });
    await deliverByLmtp(dovecot, { from: 'hans@elsewhere.example', to: [owner], raw: reply });
    // Both in one thread, Anna's: the reply linked through the Sent mail (reply-chain).
    const deadline = Date.now() + 20_000;
    let threads = value(await subject.engine.call(installationOwner, 'inbox:list', { limit: 100 })).items;
    while (!threads.some((thread) => thread.subject.endsWith('Our offer') && thread.messageCount === 2) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      threads = value(await subject.engine.call(installationOwner, 'inbox:list', { limit: 100 })).items;
    }
    const thread = threads.find((candidate) => candidate.subject.endsWith('Our offer'));
    expect(thread?.messageCount).toBe(2);
    expect(thread?.candidates.map((candidate) => candidate.name)).toEqual(['Anna Apfel']);
  });

  it('pauses and resumes as the user says, and keeps a paused mailbox paused', async () => {
    const paused = value(await subject.engine.call(installationOwner, 'mailboxes:pause', { mailboxId: mailbox.id }));
    expect(paused.status).toEqual({ state: 'paused' });
    const refused = await subject.engine.call(installationOwner, 'mailboxes:sync-now', { mailboxId: mailbox.id });
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict' } });
    await deliver(dovecot, 'While paused');
    const from = statuses.states.length;
    value(await subject.engine.call(installationOwner, 'mailboxes:resume', { mailboxId: mailbox.id }));
    await waitForThread(subject.engine, 'While paused');
    await statuses.waitFor((status) => status.state === 'up-to-date', { from });
  });

  it('says the mail server is unreachable — not that this computer is offline — when the server stops, and is up to date once it is back', async () => {
    const from = statuses.states.length;
    await stopServer(dovecot);
    // The port is closed now: every new connection is refused.
    const refusedAt = await statuses.waitFor((status) => status.state === 'server-unreachable' && status.cause === 'refused', { from });
    const refused = statuses.statuses[refusedAt]!;
    expect(statuses.states.slice(from)).not.toContain('offline');
    if (refused.state !== 'server-unreachable') throw new Error('unreachable');
    expect(Date.parse(refused.retryAt ?? '')).toBeGreaterThan(Date.now() - 5_000);
    // What the row shows for it is the renderer's (mailbox-status-text.test.ts): "Mail server unreachable: it refuses connections …".
    const [listed] = value(await subject.engine.call(installationOwner, 'mailboxes:list', {})).items;
    expect(['server-unreachable', 'connecting']).toContain(listed?.status.state);
    await startAgain(dovecot);
    const syncingAt = await statuses.waitFor((status) => status.state === 'syncing', { from: refusedAt });
    await statuses.waitFor((status) => status.state === 'up-to-date', { from: syncingAt });
    await deliver(dovecot, 'After the restart');
    await waitForThread(subject.engine, 'After the restart');
  });

  it('replaces a connection the server stopped answering on (kill -STOP) and carries on', async () => {
    const frozen = await imapProcessesOf(dovecot, owner);
    expect(frozen.length).toBeGreaterThan(0);
    for (const pid of frozen) process.kill(pid, 'SIGSTOP');
    try {
      await deliver(dovecot, 'Delivered while frozen');
      // Only a new session (a new imap process) can see it: the frozen ones never answer.
      await waitForThread(subject.engine, 'Delivered while frozen');
    } finally {
      for (const pid of frozen) process.kill(pid, 'SIGCONT');
    }
    await deliver(dovecot, 'After the thaw');
    await waitForThread(subject.engine, 'After the thaw');
  });

  it('asks for the password once it changed on the server, without retrying it over and over', async () => {
    const from = statuses.states.length;
    changePassword(dovecot, owner, 'changed-on-the-server');
    await dovecot.doveadm(['kick', owner]).catch(() => {});
    await statuses.waitFor((status) => status.state === 'auth-required', { from });
    // Dovecot's log process writes the refused login a moment after the client heard NO.
    const logDeadline = Date.now() + 10_000;
    while (loginFailuresOf(dovecot, owner) === 0 && Date.now() < logDeadline) await new Promise((resolve) => setTimeout(resolve, 50));
    const failures = loginFailuresOf(dovecot, owner);
    expect(failures).toBeGreaterThan(0);
    // Several backoff steps and check intervals pass; a retrying loop would log in again meanwhile.
    await new Promise((resolve) => setTimeout(resolve, 3 * fastLiveSync.checkIntervalMs));
    expect(loginFailuresOf(dovecot, owner)).toBe(failures);
    const [listed] = value(await subject.engine.call(installationOwner, 'mailboxes:list', {})).items;
    expect(listed?.status).toEqual({ state: 'auth-required', kind: 'password-rejected' });

    changePassword(dovecot, owner, 'alice-password');
    const resumedFrom = statuses.states.length;
    value(await subject.engine.call(installationOwner, 'mailboxes:resume', { mailboxId: mailbox.id }));
    await statuses.waitFor((status) => status.state === 'up-to-date', { from: resumedFrom });
  });

  it('logs out of every session when the engine closes', async () => {
    expect((await imapProcessesOf(dovecot, owner)).length).toBeGreaterThan(0);
    await subject.engine.close();
    const deadline = Date.now() + 10_000;
    while ((await imapProcessesOf(dovecot, owner)).length > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await imapProcessesOf(dovecot, owner)).toEqual([]);
  });
});

describe('live updates without IDLE and CONDSTORE', () => {
  let dovecot: Dovecot;
  let subject: TestEngine;

  beforeAll(async () => {
    dovecot = await startDovecot({ removeCapabilities: ['IDLE', 'CONDSTORE', 'QRESYNC'] });
    subject = openTestEngine({ sync: fastLiveSync });
    await setUp(subject.engine);
    const statuses = recordStatuses(subject.engine);
    await connectDovecotMailbox(subject.engine, dovecot, owner);
    await statuses.waitFor((status) => status.state === 'up-to-date');
    statuses.stop();
  }, 60_000);

  afterAll(async () => {
    await subject?.dispose();
    await dovecot?.stop();
  });

  it('polls and shows a mail delivered while connected', async () => {
    await deliver(dovecot, 'Polled in');
    await waitForThread(subject.engine, 'Polled in');
  });
});
