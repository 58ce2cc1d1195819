import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

/** The system user that owns every test mailbox: Dovecot refuses to store mail as root. */
export const mailUserName = 'vmail';

/**
 * uid and gid of the `vmail` system user, created with `useradd` when missing. Test files
 * run in parallel processes, so two may race to create it: a failed `useradd` is fine as
 * long as the user exists afterwards.
 */
export function ensureMailUser(): { uid: number; gid: number } {
  const existing = lookUpUser();
  if (existing) return existing;
  if (process.getuid?.() !== 0) throw new Error(`the Dovecot test harness needs root to create the system user ${mailUserName} (run as root, or create it: useradd --system --user-group --no-create-home --shell /usr/sbin/nologin ${mailUserName})`);
  let failure = '';
  try {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', '--home-dir', '/nonexistent', '--shell', '/usr/sbin/nologin', mailUserName], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (error) {
    failure = String((error as { stderr?: Buffer }).stderr ?? error);
  }
  for (let attempt = 0; attempt < 20; attempt++) {
    const created = lookUpUser();
    if (created) return created;
    // A concurrent useradd holds /etc/passwd's lock for a moment.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
  }
  throw new Error(`could not create the system user ${mailUserName}: ${failure}`);
}

/** Reads /etc/passwd directly: two `id` calls cost about 50 ms a start. */
function lookUpUser(): { uid: number; gid: number } | undefined {
  const line = fs.readFileSync('/etc/passwd', 'utf8').split('\n').find((entry) => entry.startsWith(`${mailUserName}:`));
  if (!line) return undefined;
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}
