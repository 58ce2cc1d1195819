import { randomUUID } from 'node:crypto';
import type { Result } from '../../shared/errors.js';
import type { MailboxSummary, Role, Session, User } from '../../shared/model.js';
import { installationOwner, userCaller, type Caller } from '../../electron/core/api/caller.js';
import { prepareDataFolder } from '../../electron/core/data-folder.js';
import { Engine, type EngineOptions } from '../../electron/core/engine.js';
import { silentLogger } from '../../electron/core/log/file-logger.js';
import { KeyFileSecretBox } from '../../electron/core/secrets/key-file-secret-box.js';
import { startSmtpServer, type Dovecot } from './mail-servers/index.js';
import { makeTempFolder } from './temp-folder.js';

export interface TestEngine {
  engine: Engine;
  dataFolder: string;
  dispose(): Promise<void>;
}

/**
 * An engine on a fresh data folder, with no shell in front of it. Live sync is off unless
 * `sync` turns it on (`{ live: true, ... }` with short timings): a test that counts what one
 * "sync now" did must not race a live run. `trustedCertificates`: a test CA (issue 6).
 */
export function openTestEngine(options: { sync?: EngineOptions['sync']; dataFolder?: string; trustedCertificates?: readonly string[]; oauthClients?: EngineOptions['oauthClients']; signIn?: EngineOptions['signIn'] } = {}): TestEngine {
  const temp = options.dataFolder === undefined ? makeTempFolder() : { folder: options.dataFolder, remove: () => {} };
  const dataFolder = prepareDataFolder(temp.folder);
  const engine = Engine.open({
    dataFolder,
    logger: silentLogger,
    version: '0.0.0-test',
    secrets: KeyFileSecretBox.open(dataFolder),
    sync: options.sync ?? { live: false },
    ...(options.trustedCertificates === undefined ? {} : { trustedCertificates: options.trustedCertificates }),
    ...(options.oauthClients === undefined ? {} : { oauthClients: options.oauthClients }),
    ...(options.signIn === undefined ? {} : { signIn: options.signIn }),
  });
  return {
    engine,
    dataFolder,
    async dispose() {
      await engine.close();
      temp.remove();
    },
  };
}

export const acmeSetup = {
  workspaceName: 'Acme GmbH',
  domains: ['acme.com'],
  owner: { name: 'Olivia Owner', email: 'olivia@acme.com' },
};

/** Completes first run as the installation owner. */
export async function setUpWorkspace(engine: Engine): Promise<Session> {
  const result = await engine.call(installationOwner, 'setup:create', acmeSetup);
  if (!result.ok) throw new Error(`first run failed: ${result.error.message}`);
  return result.value;
}

/** A team member added through the contract by the owner; returns the caller bound to them. */
export async function addTeamMember(engine: Engine, role: Role, name = `${role} ${randomUUID().slice(0, 4)}`): Promise<{ user: User; caller: Caller }> {
  const email = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '.')}@acme.com`;
  const result = await engine.call(installationOwner, 'users:create', { name, email, role });
  if (!result.ok) throw new Error(`users:create failed: ${result.error.message}`);
  return { user: result.value, caller: userCaller(result.value.id) };
}

/** The value of an ok result; a failed call fails the test with its code and message. */
export function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

/**
 * Connects a Dovecot user's mailbox through the contract (IMAP and SMTP without TLS, on
 * loopback). Connecting tests SMTP too, so an SMTP server in front of this Dovecot runs
 * for the connect; sync never uses it.
 */
export async function connectDovecotMailbox(engine: Engine, dovecot: Dovecot, user = 'alice@hirebox.test', password = 'alice-password'): Promise<MailboxSummary> {
  const smtp = await startSmtpServer(dovecot);
  try {
    return value(
      await engine.call(installationOwner, 'mailboxes:connect', {
        address: user,
        userName: user,
        password,
        imap: { host: '127.0.0.1', port: dovecot.imapPort, security: 'none' },
        smtp: { host: '127.0.0.1', port: smtp.port, security: 'none' },
      }),
    );
  } finally {
    await smtp.close();
  }
}
