import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';

/** The system user that owns every test mailbox when the tests run as root. */
export const mailUserName = 'vmail';

/** Who owns the mail, and — when not root — the user Dovecot's own processes run as. */
export interface MailOwner {
  uid: number;
  gid: number;
  /**
   * Set when the tests do not run as root: Dovecot then runs every process as this user,
   * without chroot (Dovecot's "rootless" mode), and the mail belongs to it too.
   */
  unprivileged?: { user: string; group: string };
}

/**
 * As root: the `vmail` system user (Dovecot refuses to store mail as uid 0), created with
 * `useradd` when missing. Otherwise: the current user, as Dovecot's rootless mode needs.
 */
export function resolveMailOwner(): MailOwner {
  if (process.getuid?.() !== 0) {
    const me = os.userInfo();
    return { uid: me.uid, gid: me.gid, unprivileged: { user: me.username, group: groupName(me.gid) ?? me.username } };
  }
  return ensureVmailUser();
}

/**
 * Test files run in parallel processes, so two may race to create the user: a failed
 * `useradd` is fine as long as the user exists afterwards.
 */
function ensureVmailUser(): MailOwner {
  const existing = lookUpUser(mailUserName);
  if (existing) return existing;
  let failure = '';
  try {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', '--home-dir', '/nonexistent', '--shell', '/usr/sbin/nologin', mailUserName], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (error) {
    failure = String((error as { stderr?: Buffer }).stderr ?? error);
  }
  for (let attempt = 0; attempt < 20; attempt++) {
    const created = lookUpUser(mailUserName);
    if (created) return created;
    // A concurrent useradd holds /etc/passwd's lock for a moment.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
  }
  throw new Error(`could not create the system user ${mailUserName}: ${failure}`);
}

/** Reads /etc/passwd directly: two `id` calls would cost about 50 ms a start. */
function lookUpUser(name: string): { uid: number; gid: number } | undefined {
  const fields = findEntry('/etc/passwd', name);
  return fields ? { uid: Number(fields[2]), gid: Number(fields[3]) } : undefined;
}

function groupName(gid: number): string | undefined {
  const line = fs.readFileSync('/etc/group', 'utf8').split('\n').find((entry) => entry.split(':')[2] === String(gid));
  return line?.split(':')[0];
}

function findEntry(file: string, name: string): string[] | undefined {
  const line = fs.readFileSync(file, 'utf8').split('\n').find((entry) => entry.startsWith(`${name}:`));
  return line?.split(':');
}
