import type { Dovecot, MaildirMessage, SmtpServer } from '../support/mail-servers/index.js';
import { startDovecot, startSmtpServer, writeMaildirMessages } from '../support/mail-servers/index.js';
import type { RunningShell } from './headless-shell.js';
import { callEngine, callEngineAsync, startHeadlessShell } from './headless-shell.js';

/**
 * The set-up the mailbox specs share: a real Dovecot with Alice's mail, the smtp-server
 * harness in front of it, and `hirebox serve` on a fresh data folder with the workspace
 * "Hirebox Test GmbH" (owner Alice Adams), the job "Product Designer", the candidate Anna
 * Adler (anna@example.org) applying to it, Alice's mailbox connected over IMAP/SMTP
 * without TLS on loopback, and one "sync now" finished.
 */

export const alice = { name: 'Alice Adams', address: 'alice@hirebox.test', password: 'alice-password' } as const;
export const anna = { name: 'Anna Adler', address: 'anna@example.org' } as const;

/** `hours` hours before now. */
export const hoursAgo = (hours: number): Date => new Date(Date.now() - hours * 60 * 60 * 1000);

export interface MailboxWorldOptions {
  /** Alice's mail by folder (`INBOX`, `Sent`, `Archive`, …), written before the mailbox connects. */
  mail: Record<string, MaildirMessage[]>;
  /** Runs after the workspace, job and Anna exist and before the mailbox connects: more candidates, users, preferences. */
  prepare?: (shell: RunningShell, jobId: string) => void;
  /** The mailbox's display name (`mailboxes:connect`); none by default. */
  displayName?: string;
}

export interface MailboxWorld {
  shell: RunningShell;
  dovecot: Dovecot;
  smtp: SmtpServer;
  jobId: string;
  annaId: string;
  mailboxId: string;
  /** Stops the mail servers only (the shell keeps running, as when the servers go away); idempotent. */
  stopServers(): Promise<void>;
  /** Stops the shell (removing its data folder) and the mail servers; idempotent, also after a failed start. */
  stop(): Promise<void>;
}

/** Starts the servers and the shell and sets up the workspace; a failure part-way stops what started. */
export async function startMailboxWorld(options: MailboxWorldOptions): Promise<MailboxWorld> {
  let dovecot: Dovecot | undefined;
  let smtp: SmtpServer | undefined;
  let shell: RunningShell | undefined;
  const stopServers = async () => {
    const [runningSmtp, runningDovecot] = [smtp, dovecot];
    smtp = undefined;
    dovecot = undefined;
    await runningSmtp?.close();
    await runningDovecot?.stop();
  };
  const stop = async () => {
    const runningShell = shell;
    shell = undefined;
    try {
      await runningShell?.stop();
    } finally {
      await stopServers();
    }
  };
  try {
    dovecot = await startDovecot();
    smtp = await startSmtpServer(dovecot);
    shell = await startHeadlessShell();
    callEngine(shell, 'setup:create', { workspaceName: 'Hirebox Test GmbH', domains: ['hirebox.test'], owner: { name: alice.name, email: alice.address } });
    const jobId = callEngine<{ id: string }>(shell, 'jobs:create', { title: 'Product Designer' }).id;
    const annaId = callEngine<{ id: string }>(shell, 'candidates:create', { name: anna.name, addresses: [anna.address], applications: [{ jobId }] }).id;
    options.prepare?.(shell, jobId);
    for (const [folder, messages] of Object.entries(options.mail)) writeMaildirMessages(dovecot, alice.address, folder, messages);
    const mailbox = await callEngineAsync<{ id: string }>(shell, 'mailboxes:connect', {
      address: alice.address,
      ...(options.displayName === undefined ? {} : { displayName: options.displayName }),
      userName: alice.address,
      password: alice.password,
      imap: { host: '127.0.0.1', port: dovecot.imapPort, security: 'none' },
      smtp: { host: '127.0.0.1', port: smtp.port, security: 'none' },
    });
    await callEngineAsync(shell, 'mailboxes:sync-now', { mailboxId: mailbox.id });
    return { shell, dovecot, smtp, jobId, annaId, mailboxId: mailbox.id, stopServers, stop };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}
