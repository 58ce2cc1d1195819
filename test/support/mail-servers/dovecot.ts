import { execFile, spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import tls from 'node:tls';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { defaultMailboxes, renderDovecotConfig, type MailboxDefinition } from './dovecot-config.js';
import { findFreePorts } from './free-ports.js';
import { resolveMailOwner, type MailOwner } from './mail-owner.js';

const execFileAsync = promisify(execFile);

/** A mailbox account: `name` is the IMAP login and the address LMTP delivers to. */
export interface MailUser {
  name: string;
  password: string;
}

/** Two users, so a test can send from one to the other. */
export const defaultMailUsers: readonly MailUser[] = [
  { name: 'alice@hirebox.test', password: 'alice-password' },
  { name: 'bob@hirebox.test', password: 'bob-password' },
];

export interface DovecotOptions {
  /** Default true. false: no SPECIAL-USE capability and no mailbox flagged `\Sent` etc. */
  specialUse?: boolean;
  /** Default `defaultMailUsers`. Names are full addresses (LMTP looks recipients up by them). */
  users?: readonly MailUser[];
  /**
   * Mailboxes created and subscribed at login. Default `defaultMailboxes`; a list given here
   * replaces it — spread `defaultMailboxes` to add to it.
   */
  mailboxes?: readonly MailboxDefinition[];
  /** Capabilities to leave out of CAPABILITY, e.g. `['CONDSTORE', 'QRESYNC']` or `['IDLE']`. */
  removeCapabilities?: readonly string[];
  /** Raw Dovecot configuration appended to the generated file. */
  extraConfig?: string;
  /**
   * TLS variant (a certificate from `createTestCa`): IMAP with TLS from the first byte on
   * `imapsPort`, and STARTTLS offered on `imapPort`. Swap the certificate with `useCertificate`.
   */
  tls?: { certPath: string; keyPath: string };
}

/** A running Dovecot of the test's own; `stop()` it in `afterAll`. */
export interface Dovecot {
  readonly host: '127.0.0.1';
  readonly imapPort: number;
  readonly lmtpPort: number;
  /** The TLS variant's imaps port (TLS from the first byte); undefined without `tls`. */
  readonly imapsPort: number | undefined;
  /** TLS variant: serves another certificate from the next connection on (same ports). */
  useCertificate(certificate: { certPath: string; keyPath: string }): Promise<void>;
  readonly users: readonly MailUser[];
  /** The instance's folder (config, sockets, log, mail); removed by `stop()`. */
  readonly folder: string;
  readonly configPath: string;
  /** Dovecot's own log: read it when a test fails for no visible reason. */
  readonly logPath: string;
  /** Who owns the mail: `vmail` when the tests run as root, else the current user. */
  readonly mailOwner: MailOwner;
  /** `<home>/Maildir` of a user: INBOX itself, other folders as `.Name` below it. */
  maildirOf(user: string): string;
  /** Runs `doveadm -c <config> ...args` and returns its stdout; throws with stderr on failure. */
  doveadm(args: readonly string[]): Promise<string>;
  /** Kicks every session, stops Dovecot and removes the folder. */
  stop(): Promise<void>;
}

const host = '127.0.0.1';
// Unix socket paths must stay under 108 characters, and `vmail` must be able to enter the
// folder: a short name under /tmp, never under /root or a long $TMPDIR.
const temporaryBase = '/tmp';
const startAttempts = 3;
const greetingTimeoutMs = 10_000;

/** Starts a Dovecot with its own configuration on free loopback ports for IMAP and LMTP. */
export async function startDovecot(options: DovecotOptions = {}): Promise<Dovecot> {
  const dovecotBinary = findBinary('dovecot');
  // A copy: `changePassword` changes a user's password for this instance only.
  const users = (options.users ?? defaultMailUsers).map((user) => ({ ...user }));
  for (const user of users) {
    if (/[:\s]/.test(user.name) || /[:\n]/.test(user.password)) throw new Error(`user ${JSON.stringify(user.name)}: no ':' or whitespace in names, no ':' in passwords (passwd-file format)`);
  }
  const mailOwner = resolveMailOwner();
  const folder = fs.mkdtempSync(path.join(temporaryBase, 'hbdc-'));
  fs.chmodSync(folder, 0o755);
  const mailRoot = path.join(folder, 'mail');
  fs.mkdirSync(mailRoot, { mode: 0o750 });
  fs.chownSync(mailRoot, mailOwner.uid, mailOwner.gid);
  const passwdFile = path.join(folder, 'passwd');
  // Read by Dovecot's auth process (user `dovecot`); test passwords are no secret.
  fs.writeFileSync(passwdFile, users.map((user) => `${user.name}:{PLAIN}${user.password}::::::\n`).join(''), { mode: 0o644 });
  const configPath = path.join(folder, 'dovecot.conf');
  const logPath = path.join(folder, 'dovecot.log');
  const removeOnExit = () => stopSynchronously(folder);
  process.once('exit', removeOnExit);

  // The TLS variant reads copies of the files, so that `useCertificate` can swap them.
  const tlsFiles = options.tls ? { certPath: path.join(folder, 'server.pem'), keyPath: path.join(folder, 'server.key') } : undefined;
  const copyCertificate = (certificate: { certPath: string; keyPath: string }) => {
    fs.copyFileSync(certificate.certPath, tlsFiles!.certPath);
    fs.copyFileSync(certificate.keyPath, tlsFiles!.keyPath);
    fs.chmodSync(tlsFiles!.keyPath, 0o600);
  };
  if (options.tls) copyCertificate(options.tls);
  try {
    const [imapPort, lmtpPort, imapsPort] = await startOnFreePorts(dovecotBinary, configPath, logPath, options.tls ? 3 : 2, (ports) =>
      renderDovecotConfig({
        tls: tlsFiles && { ...tlsFiles, imapsPort: ports[2]! },
        folder,
        imapPort: ports[0]!,
        lmtpPort: ports[1]!,
        passwdFile,
        mailRoot,
        mailOwner,
        mailboxes: options.mailboxes ?? defaultMailboxes,
        specialUse: options.specialUse ?? true,
        removeCapabilities: options.removeCapabilities ?? [],
        extraConfig: options.extraConfig ?? '',
      }),
    );
    const doveadm = async (args: readonly string[]): Promise<string> => {
      try {
        const { stdout } = await execFileAsync(findBinary('doveadm'), ['-c', configPath, ...args], { encoding: 'utf8' });
        return stdout;
      } catch (error) {
        const failure = error as { stderr?: string; code?: number };
        throw new Error(`doveadm ${args.join(' ')} failed (exit ${failure.code}): ${failure.stderr?.trim() ?? String(error)}`);
      }
    };
    let stopped: Promise<void> | undefined;
    return {
      host,
      imapPort: imapPort!,
      lmtpPort: lmtpPort!,
      imapsPort,
      async useCertificate(certificate) {
        if (!tlsFiles) throw new Error('useCertificate needs a Dovecot started with the tls option');
        copyCertificate(certificate);
        // reload re-reads the configuration and with it the certificate files; the new
        // login processes serve the new certificate.
        await doveadm(['reload']);
        await doveadm(['kick', '*']).catch(() => {});
        await waitForCertificate(imapsPort!, new X509Certificate(fs.readFileSync(certificate.certPath)).fingerprint256);
      },
      users,
      folder,
      configPath,
      logPath,
      mailOwner,
      maildirOf: (user) => path.join(mailRoot, user, 'Maildir'),
      doveadm,
      stop() {
        stopped ??= (async () => {
          // Without the kick, open sessions keep Dovecot's processes alive about 10 s. It
          // exits 68 when nobody is connected, which is fine.
          await doveadm(['kick', '*']).catch(() => {});
          // Should `stop` fail, the wait below kills the master after 10 s.
          await doveadm(['stop']).catch(() => {});
          await waitUntilMasterIsGone(folder);
          fs.rmSync(folder, { recursive: true, force: true });
          process.removeListener('exit', removeOnExit);
        })();
        return stopped;
      },
    };
  } catch (error) {
    stopSynchronously(folder);
    process.removeListener('exit', removeOnExit);
    throw error;
  }
}

/** Writes the config for two fresh ports, starts Dovecot and waits for its greeting; retries when a port was taken meanwhile. */
async function startOnFreePorts(dovecotBinary: string, configPath: string, logPath: string, count: number, render: (ports: number[]) => string): Promise<number[]> {
  let lastFailure = '';
  for (let attempt = 0; attempt < startAttempts; attempt++) {
    const ports = await findFreePorts(count);
    fs.writeFileSync(configPath, render(ports));
    // The daemon keeps the caller's stdio open: with pipes the spawn never ends.
    const exitCode = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(dovecotBinary, ['-c', configPath], { stdio: 'ignore' });
      child.once('error', reject);
      child.once('exit', (code) => resolve(code));
    });
    if (exitCode === 0) {
      await waitForGreeting(ports[0]!);
      return ports;
    }
    lastFailure = readTail(logPath);
    if (!/Address already in use/i.test(lastFailure)) break;
  }
  throw new Error(`dovecot did not start: ${lastFailure || 'no log written'}`);
}

/** Resolves once the IMAP port answers with its `* OK` greeting (RFC 9051 §7.1.1). */
async function waitForGreeting(port: number): Promise<void> {
  const deadline = Date.now() + greetingTimeoutMs;
  let lastError = '';
  while (Date.now() < deadline) {
    try {
      const greeting = await readFirstLine(port);
      if (greeting.startsWith('* OK')) return;
      lastError = `unexpected greeting ${JSON.stringify(greeting)}`;
    } catch (error) {
      lastError = String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`dovecot on port ${port} did not greet within ${greetingTimeoutMs} ms: ${lastError}`);
}

/** Resolves once new connections to the imaps port are served the certificate with this fingerprint. */
async function waitForCertificate(port: number, fingerprint: string): Promise<void> {
  const deadline = Date.now() + greetingTimeoutMs;
  let served = '';
  while (Date.now() < deadline) {
    served = await new Promise<string>((resolve) => {
      const socket = tls.connect({ host, port, rejectUnauthorized: false }, () => {
        const seen = socket.getPeerCertificate().fingerprint256;
        socket.destroy();
        resolve(seen);
      });
      socket.once('error', () => resolve(''));
    });
    if (served === fingerprint) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`dovecot still serves ${served || 'no certificate'} instead of ${fingerprint}`);
}

function readFirstLine(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let received = '';
    const socket = net.connect({ host, port });
    socket.setTimeout(2_000, () => socket.destroy(new Error('no greeting')));
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      const end = received.indexOf('\r\n');
      if (end >= 0) {
        socket.end();
        resolve(received.slice(0, end));
      }
    });
    socket.once('error', reject);
    socket.once('close', () => reject(new Error('closed before the greeting')));
  });
}

/** Dovecot's master writes its pid to `<base_dir>/master.pid` and removes it when gone. */
function masterPid(folder: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(path.join(folder, 'run', 'master.pid'), 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitUntilMasterIsGone(folder: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  let pid = masterPid(folder);
  while (pid !== undefined && isAlive(pid)) {
    if (Date.now() > deadline) {
      process.kill(pid, 'SIGKILL');
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
    pid = masterPid(folder) ?? pid;
  }
}

/** Last resort when the test process exits without `stop()`: no Dovecot outlives its test. */
function stopSynchronously(folder: string): void {
  const pid = masterPid(folder);
  if (pid !== undefined) process.kill(pid, 'SIGTERM');
  fs.rmSync(folder, { recursive: true, force: true });
}

function readTail(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-8).join('\n').trim();
  } catch {
    return '';
  }
}

/** Debian installs Dovecot's binaries to /usr/sbin and /usr/bin, which a non-login PATH may lack. */
function findBinary(name: string): string {
  for (const folder of [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/usr/bin']) {
    if (folder && fs.existsSync(path.join(folder, name))) return path.join(folder, name);
  }
  throw new Error(`${name} is not installed: apt-get install -y --no-install-recommends dovecot-imapd dovecot-lmtpd`);
}
