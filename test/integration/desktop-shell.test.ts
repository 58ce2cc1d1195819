import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ipcCallChannel } from '../../shared/bridge.js';
import { ipcChannels } from '../../shared/wire.js';
import { createDesktopShell, type DesktopShell } from '../../electron/main/shell.js';
import { buildMessage, deliverByLmtp, startDovecot, startSmtpServer, type Dovecot } from '../support/mail-servers/index.js';
import { makeTempFolder } from '../support/temp-folder.js';
import { desktopEngineWorker, frameAt, StandInElectron } from '../desktop/stand-in-electron.js';

// The desktop shell with its real engine thread (issue 22 part 4) against a real Dovecot: the
// password is sealed and opened by the main thread's safeStorage for the engine thread, new
// mail reaches the window and a system notification, and quitting closes the engine.

const appFrame = frameAt('app://hirebox/index.html');
const owner = 'alice@hirebox.test';
const password = 'alice-password';

describe('desktop shell: the engine thread with a real mailbox', () => {
  let dovecot: Dovecot;
  let smtp: { port: number; close(): Promise<void> };
  const temp = makeTempFolder('hirebox-desktop-imap-');
  const userData = path.join(temp.folder, 'user-data');
  const electron = new StandInElectron({ userData });
  let shell: DesktopShell;
  let candidateId = '';
  let mailboxId = '';
  let restarted: StandInElectron | null = null;
  const call = async (channel: string, input: unknown) => electron.invoke(ipcCallChannel(channel as never), appFrame, input);
  const pushed = () => electron.windows[0]!.webContents.sent.filter((message) => message.channel === ipcChannels.event).map((message) => message.args[0] as { name: string; payload: Record<string, unknown> });

  beforeAll(async () => {
    dovecot = await startDovecot();
    smtp = await startSmtpServer(dovecot);
    fs.mkdirSync(userData);
    const renderer = path.join(temp.folder, 'renderer');
    fs.mkdirSync(renderer);
    fs.writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>Hirebox</title>');
    shell = createDesktopShell(electron.electron, { rendererFolder: renderer, preloadFile: '/app/dist/electron/preload.cjs', engineWorker: desktopEngineWorker, version: '0.0.0-test', platform: 'linux' });
    electron.markReady();
    expect(await shell.started).toBe(true);
    expect(await call('setup:create', { workspaceName: 'Acme', domains: ['hirebox.test'], owner: { name: 'Alice Owner', email: owner } })).toMatchObject({ ok: true });
    const job = (await call('jobs:create', { title: 'Backend Engineer', teamUserIds: [] })) as { value: { id: string } };
    const anna = (await call('candidates:create', { name: 'Anna Apfel', addresses: ['anna@example.org'], applications: [{ jobId: job.value.id }] })) as { ok: boolean; value: { id: string } };
    expect(anna).toMatchObject({ ok: true });
    candidateId = anna.value.id;
  }, 60_000);

  afterAll(async () => {
    await electron.quitApp();
    await restarted?.quitApp();
    await smtp?.close();
    await dovecot?.stop();
    temp.remove();
  });

  it('connects with the password sealed by safeStorage on the main thread, and syncs with it opened there', async () => {
    const connected = (await call('mailboxes:connect', {
      address: owner,
      userName: owner,
      password,
      imap: { host: '127.0.0.1', port: dovecot.imapPort, security: 'none' },
      smtp: { host: '127.0.0.1', port: smtp.port, security: 'none' },
    })) as { ok: boolean; value: { id: string } };
    expect(connected).toMatchObject({ ok: true });
    mailboxId = connected.value.id;
    expect(electron.sealed).toEqual([JSON.stringify({ kind: 'password', password })]);
    const db = new Database(path.join(userData, 'engine', 'hirebox.db'), { readonly: true });
    try {
      const { credentials } = db.prepare('SELECT credentials FROM mailboxes').get() as { credentials: Buffer };
      expect(credentials.subarray(0, 4).toString('latin1')).toBe('hbs1');
      expect(credentials.includes(Buffer.from(password))).toBe(false);
    } finally {
      db.close();
    }
    // A sync logs in with the stored password: opened by the main thread for the engine thread.
    expect(await call('mailboxes:sync-now', { mailboxId: connected.value.id })).toMatchObject({ ok: true });
    expect(electron.decrypted).toBeGreaterThan(0);
  });

  it('pushes new candidate mail to the window and shows it as a system notification', async () => {
    await deliverByLmtp(dovecot, { from: 'anna@example.org', to: [owner], raw: buildMessage({ from: 'Anna Apfel <anna@example.org>', to: owner, subject: 'My portfolio', date: new Date(), body: 'Hello' }) });
    await expect.poll(() => pushed().some((event) => event.name === 'mail:arrived' && event.payload.subject === 'My portfolio'), { timeout: 30_000 }).toBe(true);
    expect(pushed().some((event) => event.name === 'inbox:changed')).toBe(true);
    expect(electron.notifications.map((notification) => notification.options)).toContainEqual({ title: 'Anna Apfel', body: 'My portfolio', silent: false });
  }, 40_000);

  it('closes the engine when the app quits: the folder released, the outbox kept for the next start', async () => {
    // Quit while a mail waits in the outbox (its undo window): it must be there after the restart.
    const queued = (await call('outbox:send', { mailboxId, candidateId, to: ['anna@example.org'], subject: 'Interview', body: 'See you on Monday.', sendAt: new Date(Date.now() + 3_600_000).toISOString() })) as { ok: boolean; value: { id: string; state: { state: string } } };
    expect(queued).toMatchObject({ ok: true, value: { state: { state: 'queued' } } });
    await electron.quitApp();
    expect(fs.existsSync(path.join(userData, 'engine', 'engine.lock'))).toBe(false);
    expect(fs.readFileSync(path.join(userData, 'engine', 'logs', 'hirebox.log'), 'utf8')).toContain('"engine closed"');
    expect(await shell.engine()!.dispatch('app:info', {})).toMatchObject({ ok: false, error: { code: 'internal' } });

    restarted = new StandInElectron({ userData });
    const again = createDesktopShell(restarted.electron, { rendererFolder: path.join(temp.folder, 'renderer'), preloadFile: '/app/dist/electron/preload.cjs', engineWorker: desktopEngineWorker, version: '0.0.0-test', platform: 'linux' });
    restarted.markReady();
    expect(await again.started).toBe(true);
    const listed = (await restarted.invoke(ipcCallChannel('outbox:list'), appFrame, {})) as { ok: boolean; value: { items: { id: string; state: { state: string } }[] } };
    expect(listed.value.items.map((item) => [item.id, item.state.state])).toEqual([[queued.value.id, 'queued']]);
  });
});
