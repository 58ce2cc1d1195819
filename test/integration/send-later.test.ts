import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CandidateProfile, MailboxSummary, OutboxItemView } from '../../shared/model.js';
import type { OutboxStateName } from '../../shared/status.js';
import { installationOwner } from '../../electron/core/api/caller.js';
import { openTestEngine, setUpWorkspace, value, type TestEngine } from '../support/engine.js';
import { startDovecot, startSmtpServer, type Dovecot, type SmtpServer } from '../support/mail-servers/index.js';
import { makeTempFolder } from '../support/temp-folder.js';
import { shiftWallClock } from '../support/wall-clock.js';

// Mail that waits on purpose (R15): the grace period in which "Undo" takes a mail back
// before anything reaches the SMTP server, "Send later" kept across a restart of the
// engine, "Send now", and the reason a waiting item gives. Real Dovecot and smtp-server,
// counting DATA transactions.

const users = ['uma', 'vera', 'walt', 'xena', 'yara'].map((name) => ({ name: `${name}@hirebox.test`, password: `${name}-password` }));
let dovecot: Dovecot;
const servers: SmtpServer[] = [];
const engines: TestEngine[] = [];

beforeAll(async () => {
  dovecot = await startDovecot({ users });
}, 60_000);

afterAll(async () => {
  for (const running of engines) await running.engine.close().catch(() => undefined);
  await Promise.all(servers.map((server) => server.close()));
  await dovecot?.stop();
});

async function smtpServer(): Promise<SmtpServer> {
  const server = await startSmtpServer(dovecot);
  servers.push(server);
  return server;
}

async function freshEngine(dataFolder?: string): Promise<TestEngine> {
  const running = openTestEngine(dataFolder === undefined ? {} : { dataFolder });
  engines.push(running);
  return running;
}

async function workspace(running: TestEngine, user: string, smtpPort: number): Promise<{ mailbox: MailboxSummary; candidate: CandidateProfile }> {
  const { engine } = running;
  await setUpWorkspace(engine);
  const job = value(await engine.call(installationOwner, 'jobs:create', { title: 'Backend Engineer' }));
  const candidate = value(await engine.call(installationOwner, 'candidates:create', { name: 'Bob Bewerber', addresses: ['bob@example.org'], applications: [{ jobId: job.id }] }));
  const mailbox = value(
    await engine.call(installationOwner, 'mailboxes:connect', {
      address: user,
      displayName: 'Olivia Owner',
      userName: user,
      password: users.find((known) => known.name === user)!.password,
      imap: { host: '127.0.0.1', port: dovecot.imapPort, security: 'none' },
      smtp: { host: '127.0.0.1', port: smtpPort, security: 'none' },
    }),
  );
  return { mailbox, candidate };
}

async function item(running: TestEngine, itemId: string): Promise<OutboxItemView> {
  const page = value(await running.engine.call(installationOwner, 'outbox:list', { limit: 100 }));
  return page.items.find((entry) => entry.id === itemId)!;
}

async function until(running: TestEngine, itemId: string, states: OutboxStateName[], timeoutMs = 15_000): Promise<OutboxItemView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const current = await item(running, itemId);
    if (states.includes(current.state.state)) return current;
    if (Date.now() > deadline) throw new Error(`item stayed ${JSON.stringify(current.state)}, expected ${states.join(' or ')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the grace period to undo a send', () => {
  it('holds the mail for the user’s seconds: undone, nothing reaches the server; not undone, it goes once', async () => {
    const server = await smtpServer();
    const running = await freshEngine();
    const { engine } = running;
    const { mailbox, candidate } = await workspace(running, 'uma@hirebox.test', server.port);
    expect(value(await engine.call(installationOwner, 'preferences:get', {})).undoSendSeconds).toBe(10);
    value(await engine.call(installationOwner, 'preferences:update', { undoSendSeconds: 2 }));
    const send = (subject: string) => engine.call(installationOwner, 'outbox:send', { mailboxId: mailbox.id, candidateId: candidate.id, to: ['bob@example.org'], subject, body: 'Hello Bob' });

    const undone = value(await send('Undone'));
    expect(undone.state.state).toBe('queued');
    expect(undone.waiting).toMatchObject({ reason: 'scheduled' });
    expect(Date.parse(undone.sendAfter!) - Date.parse(undone.createdAt)).toBeGreaterThanOrEqual(1_900);
    await pause(1_000);
    expect(server.dataTransactions).toHaveLength(0);
    expect(value(await engine.call(installationOwner, 'outbox:cancel', { itemId: undone.id })).state).toEqual({ state: 'cancelled' });
    await pause(2_000);
    expect(server.dataTransactions).toHaveLength(0);

    const kept = value(await send('Kept'));
    await pause(1_000);
    expect(server.dataTransactions).toHaveLength(0);
    await until(running, kept.id, ['accepted', 'filed']);
    expect(server.dataTransactions).toHaveLength(1);
    expect(server.dataTransactions[0]!.raw.toString('utf8')).toContain('Subject: Kept');
    // Too late to undo: the server has it.
    expect(await engine.call(installationOwner, 'outbox:cancel', { itemId: kept.id })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    // The setting is bounded.
    expect(await engine.call(installationOwner, 'preferences:update', { undoSendSeconds: 61 })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });
  it('is a length of time: the wall clock set back or forward an hour while a mail waits neither holds it an hour nor cuts it short', async () => {
    const server = await smtpServer();
    const running = await freshEngine();
    const { engine } = running;
    const { mailbox, candidate } = await workspace(running, 'yara@hirebox.test', server.port);
    value(await engine.call(installationOwner, 'preferences:update', { undoSendSeconds: 2 }));
    const send = (subject: string) => engine.call(installationOwner, 'outbox:send', { mailboxId: mailbox.id, candidateId: candidate.id, to: ['bob@example.org'], subject, body: 'Hello Bob' });
    let offset = 0;
    const restore = shiftWallClock(() => offset);
    try {
      // Queued with the clock an hour ahead, then the clock is put right: it still goes after ~2 s.
      offset = 3_600_000;
      const back = value(await send('Clock set back'));
      await pause(200);
      offset = 0;
      await until(running, back.id, ['accepted', 'filed'], 10_000);
      expect(server.dataTransactions).toHaveLength(1);

      // Queued on the right time, then the clock jumps an hour ahead: Undo still has its seconds.
      const ahead = value(await send('Clock set ahead'));
      await pause(200);
      offset = 3_600_000;
      await pause(800);
      expect(server.dataTransactions).toHaveLength(1);
      expect(value(await engine.call(installationOwner, 'outbox:cancel', { itemId: ahead.id })).state).toEqual({ state: 'cancelled' });
      await pause(2_500);
      expect(server.dataTransactions).toHaveLength(1);
    } finally {
      restore();
    }
  });
});

describe('send later', () => {
  it('is kept across a restart of the engine and goes at its time, once; "Send now" sends at once', async () => {
    const server = await smtpServer();
    const temp = makeTempFolder();
    try {
      let running = await freshEngine(temp.folder);
      const { mailbox, candidate } = await workspace(running, 'vera@hirebox.test', server.port);
      value(await running.engine.call(installationOwner, 'preferences:update', { undoSendSeconds: 0 }));
      const send = (subject: string, sendAt: string) =>
        running.engine.call(installationOwner, 'outbox:send', { mailboxId: mailbox.id, candidateId: candidate.id, to: ['bob@example.org'], subject, body: 'Hello Bob', sendAt });
      expect(await send('In the past', new Date(Date.now() - 60_000).toISOString())).toMatchObject({ ok: false, error: { code: 'invalid-input', field: 'sendAt' } });

      const later = value(await send('Later', new Date(Date.now() + 4_000).toISOString()));
      const muchLater = value(await send('Much later', new Date(Date.now() + 3_600_000).toISOString()));
      expect(later.waiting).toEqual({ reason: 'scheduled', nextAttemptAt: later.sendAfter });

      // The engine stops and starts again on the same data folder, before the time.
      await running.engine.close();
      running = await freshEngine(temp.folder);
      expect((await item(running, later.id)).state.state).toBe('queued');
      expect(server.dataTransactions).toHaveLength(0);
      await until(running, later.id, ['accepted', 'filed'], 15_000);
      expect(server.dataTransactions.map((transaction) => /^Subject: (.*)$/m.exec(transaction.raw.toString('utf8'))?.[1])).toEqual(['Later']);

      // "Send now" for the one held an hour.
      expect((await item(running, muchLater.id)).waiting?.reason).toBe('scheduled');
      expect(value(await running.engine.call(installationOwner, 'outbox:send-now', { itemId: muchLater.id })).sendAfter).toBeNull();
      await until(running, muchLater.id, ['accepted', 'filed']);
      expect(server.dataTransactions).toHaveLength(2);
      // A mail that went cannot be "sent now" again.
      expect(await running.engine.call(installationOwner, 'outbox:send-now', { itemId: muchLater.id })).toMatchObject({ ok: false, error: { code: 'conflict' } });
      await running.engine.close();
    } finally {
      temp.remove();
    }
  });
});

describe('a waiting item explains itself', () => {
  it('names an unreachable server with the next try; "Retry now" tries at once', async () => {
    const server = await startSmtpServer(dovecot);
    const running = await freshEngine();
    const { engine } = running;
    const { mailbox, candidate } = await workspace(running, 'walt@hirebox.test', server.port);
    // The mailbox's first sync ends before the mail is written: a sync that reaches
    // up-to-date wakes what waits (R15), which would be one more attempt than counted here.
    value(await engine.call(installationOwner, 'mailboxes:sync-now', { mailboxId: mailbox.id }));
    // The SMTP server goes away after the mailbox was connected.
    await server.close();
    value(await engine.call(installationOwner, 'preferences:update', { undoSendSeconds: 0 }));
    const queued = value(await engine.call(installationOwner, 'outbox:send', { mailboxId: mailbox.id, candidateId: candidate.id, to: ['bob@example.org'], subject: 'Nobody listens', body: 'Hello' }));
    const deadline = Date.now() + 15_000;
    let current = await item(running, queued.id);
    while (current.attempts === 0 && Date.now() < deadline) {
      await pause(50);
      current = await item(running, queued.id);
    }
    expect(current.state.state).toBe('queued');
    expect(current.waiting?.reason).toBe('server-unreachable');
    expect(Date.parse(current.waiting!.nextAttemptAt!)).toBeGreaterThan(Date.now());

    const retried = value(await engine.call(installationOwner, 'outbox:send-now', { itemId: queued.id }));
    expect(retried.waiting).toEqual({ reason: 'due', nextAttemptAt: null });
    const again = Date.now() + 15_000;
    while ((await item(running, queued.id)).attempts < 2 && Date.now() < again) await pause(50);
    expect((await item(running, queued.id)).attempts).toBe(2);
  });
});
