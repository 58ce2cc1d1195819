import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { Dovecot } from './dovecot.js';

// Faults a long-running sync must live through (issue 7), on a Dovecot of the test's own.

function binary(name: string): string {
  for (const folder of [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/usr/bin']) {
    if (folder && fs.existsSync(path.join(folder, name))) return path.join(folder, name);
  }
  throw new Error(`${name} is not installed`);
}

function masterPid(dovecot: Dovecot): number | undefined {
  try {
    const pid = Number(fs.readFileSync(path.join(dovecot.folder, 'run', 'master.pid'), 'utf8').trim());
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.setTimeout(1_000, () => socket.destroy());
    socket.once('data', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('close', () => resolve(false));
  });
}

/** Stops the server (every session kicked, the master gone); its mail and config stay for `startAgain`. */
export async function stopServer(dovecot: Dovecot): Promise<void> {
  await dovecot.doveadm(['kick', '*']).catch(() => {});
  await dovecot.doveadm(['stop']).catch(() => {});
  await until(() => masterPid(dovecot) === undefined, 'dovecot to stop');
}

/** Starts a server stopped by `stopServer` again, on the same ports, and waits for its greeting. */
export async function startAgain(dovecot: Dovecot): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const child = spawn(binary('dovecot'), ['-c', dovecot.configPath], { stdio: 'ignore' });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`dovecot exited ${code}`))));
  });
  await until(() => answers(dovecot.imapPort), 'the IMAP greeting');
}

/** The pids of a user's imap processes (`doveadm who -1`: one line per connection). */
export async function imapProcessesOf(dovecot: Dovecot, user: string): Promise<number[]> {
  const output = await dovecot.doveadm(['who', '-1', user]).catch(() => '');
  const pids = new Set<number>();
  for (const line of output.split('\n')) {
    const fields = line.trim().split(/\s+/u);
    if (fields[0] !== user || fields[1] !== 'imap') continue;
    for (const match of line.matchAll(/\((\d+)\)|\b(\d{2,})\b/gu)) {
      const pid = Number(match[1] ?? match[2]);
      if (Number.isInteger(pid) && pid > 1) pids.add(pid);
    }
  }
  return [...pids].filter((pid) => {
    try {
      return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'imap';
    } catch {
      return false;
    }
  });
}

/** Replaces a user's password in the passwd file (a change made on the server side). */
export function changePassword(dovecot: Dovecot, user: string, password: string): void {
  // The SMTP server of `startSmtpServer` checks logins against `users`: it follows too.
  const known = dovecot.users.find((entry) => entry.name === user);
  if (known !== undefined) (known as { password: string }).password = password;
  const file = path.join(dovecot.folder, 'passwd');
  const lines = fs.readFileSync(file, 'utf8').split('\n').map((line) => (line.startsWith(`${user}:`) ? `${user}:{PLAIN}${password}::::::` : line));
  fs.writeFileSync(file, lines.join('\n'));
}

/** Login failures Dovecot logged for the user so far. */
export function loginFailuresOf(dovecot: Dovecot, user: string): number {
  const log = fs.existsSync(dovecot.logPath) ? fs.readFileSync(dovecot.logPath, 'utf8') : '';
  return log.split('\n').filter((line) => line.includes('imap-login') && line.includes(user) && /auth failed|Disconnected.*auth/iu.test(line)).length;
}
