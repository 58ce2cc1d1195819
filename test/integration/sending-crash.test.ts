import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../../shared/errors.js';
import type { OutboxItemView } from '../../shared/model.js';
import type { Page } from '../../shared/paging.js';
import type { OutboxStateName } from '../../shared/status.js';
import { HeadlessClient } from '../../electron/headless/client.js';
import { buildShells, startServe, stop, type RunningCli } from '../support/cli.js';
import { connectImap, startDovecot, startSmtpServer, type Dovecot, type SmtpServer } from '../support/mail-servers/index.js';
import { makeTempFolder } from '../support/temp-folder.js';

// R15 "never sent twice without the user choosing to", with a real crash: `hirebox serve`
// runs as its own process and is killed with SIGKILL the moment the SMTP server has sent
// its 250 — before Hirebox can store that the mail was accepted. Restarted, it finds the
// item in `sending` and must resolve it from the Sent folder, never by sending again.
// DATA transactions are counted at the server.

const users = [
  { name: 'alice@hirebox.test', password: 'alice-password' },
  { name: 'carol@hirebox.test', password: 'carol-password' },
  { name: 'bob@hirebox.test', password: 'bob-password' },
];
let dovecot: Dovecot;
const cleanups: (() => Promise<unknown> | void)[] = [];

beforeAll(async () => {
  buildShells();
  dovecot = await startDovecot({ users });
}, 60_000);

afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await dovecot?.stop();
});

function value<T>(result: Result<unknown>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

async function serve(dataFolder: string): Promise<{ running: RunningCli; client: HeadlessClient }> {
  const running = await startServe(dataFolder);
  const client = await HeadlessClient.connect(running.port, running.token);
  // A child killed by the test has exited already: nothing to stop.
  cleanups.push(() => client.close(), () => (running.child.exitCode === null && running.child.signalCode === null ? stop(running.child) : undefined));
  return { running, client };
}

async function until(client: HeadlessClient, itemId: string, states: OutboxStateName[], timeoutMs = 20_000): Promise<OutboxItemView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const item = value<Page<OutboxItemView>>(await client.call('outbox:list', { limit: 50 })).items.find((candidate) => candidate.id === itemId)!;
    if (states.includes(item.state.state)) return item;
    if (Date.now() > deadline) throw new Error(`item stayed ${JSON.stringify(item.state)}, expected ${states.join(' or ')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function copiesInSent(user: string, messageId: string): Promise<number> {
  const client = await connectImap(dovecot, user);
  try {
    const lock = await client.getMailboxLock('Sent');
    try {
      const uids = await client.search({ header: { 'message-id': messageId } }, { uid: true });
      return Array.isArray(uids) ? uids.length : 0;
    } finally {
      lock.release();
    }
  } finally {
    await client.logout().catch(() => undefined);
  }
}

/**
 * Sets up a workspace in a fresh `serve`, connects `user` with an SMTP server that kills
 * that process right after its 250, sends one mail and waits for the process to die.
 */
async function sendAndCrash(user: string, serverFilesCopy: boolean): Promise<{ dataFolder: string; server: SmtpServer; itemId: string; messageId: string }> {
  const temp = makeTempFolder();
  cleanups.push(() => temp.remove());
  const dataFolder = path.join(temp.folder, 'engine');
  const { running, client } = await serve(dataFolder);
  let killed = false;
  const server = await startSmtpServer(dovecot, {
    ...(serverFilesCopy ? { fileSentCopy: { delayMs: 1_500 } } : {}),
    afterAccept: () => {
      if (killed) return;
      killed = true;
      running.child.kill('SIGKILL');
    },
  });
  cleanups.push(() => server.close());
  value(await client.call('setup:create', { workspaceName: 'Acme', domains: ['acme.com'], owner: { name: 'Olivia Owner', email: 'olivia@acme.com' } }));
  value(await client.call('preferences:update', { undoSendSeconds: 0 }));
  const job = value<{ id: string }>(await client.call('jobs:create', { title: 'Backend Engineer' }));
  const candidate = value<{ id: string }>(await client.call('candidates:create', { name: 'Bob Bewerber', addresses: ['bob@hirebox.test'], applications: [{ jobId: job.id }] }));
  const mailbox = value<{ id: string }>(
    await client.call('mailboxes:connect', {
      address: user,
      userName: user,
      password: users.find((known) => known.name === user)!.password,
      imap: { host: '127.0.0.1', port: dovecot.imapPort, security: 'none' },
      smtp: { host: '127.0.0.1', port: server.port, security: 'none' },
    }),
  );
  if (serverFilesCopy) value(await client.call('mailboxes:set-sent-copy', { mailboxId: mailbox.id, sentCopy: 'server' }));
  const exited = new Promise((resolve) => running.child.once('exit', resolve));
  const item = value<OutboxItemView>(await client.call('outbox:send', { mailboxId: mailbox.id, candidateId: candidate.id, to: ['bob@hirebox.test'], subject: 'Einladung', body: 'Hallo Bob' }));
  await exited;
  expect(killed).toBe(true);
  expect(server.dataTransactions).toHaveLength(1);
  return { dataFolder, server, itemId: item.id, messageId: item.messageId };
}

describe('killed right after the server’s 250 (R15)', () => {
  it('where the server files the Sent copy: restarted, it ends filed with one copy and one DATA in all', async () => {
    const crash = await sendAndCrash('carol@hirebox.test', true);
    const { client } = await serve(crash.dataFolder);
    const item = await until(client, crash.itemId, ['filed', 'outcome-unknown']);
    expect(item.state.state).toBe('filed');
    expect(crash.server.dataTransactions).toHaveLength(1);
    expect(await copiesInSent('carol@hirebox.test', crash.messageId)).toBe(1);
  });

  it('where nobody files a copy: restarted, it ends outcome-unknown and never sends again by itself — only "send anyway" does', async () => {
    const crash = await sendAndCrash('alice@hirebox.test', false);
    const { client } = await serve(crash.dataFolder);
    const item = await until(client, crash.itemId, ['filed', 'outcome-unknown']);
    expect(item.state.state).toBe('outcome-unknown');
    // Given time to misbehave, it does not.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(crash.server.dataTransactions).toHaveLength(1);
    expect(await copiesInSent('alice@hirebox.test', crash.messageId)).toBe(0);

    // The user's explicit choice sends it once more, and files its copy.
    value(await client.call('outbox:send-anyway', { itemId: crash.itemId }));
    await until(client, crash.itemId, ['filed']);
    expect(crash.server.dataTransactions).toHaveLength(2);
    expect(await copiesInSent('alice@hirebox.test', crash.messageId)).toBe(1);
  });
});
