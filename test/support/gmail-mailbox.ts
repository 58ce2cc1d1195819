import { randomUUID } from 'node:crypto';
import type { Engine } from '../../electron/core/engine.js';
import type { GmailApiServer } from './gmail-api/index.js';

/**
 * A Gmail mailbox in an engine, signed in at the local Gmail API: the mailbox row, its
 * sealed tokens and its two folders, written as connecting with "Sign in with Google" would
 * write them (that flow is not on the contract yet). Answers the mailbox id and the grant.
 */
export function addGmailMailbox(engine: Engine, server: GmailApiServer, options: { address: string; ownerUserId: string; displayName?: string; expiresInSeconds?: number }): { mailboxId: string; refreshToken: string } {
  const grant = server.grant(options.address, options.expiresInSeconds === undefined ? {} : { expiresInSeconds: options.expiresInSeconds });
  const credential = { kind: 'oauth', accessToken: grant.accessToken, refreshToken: grant.refreshToken, expiresAt: grant.expiresAt.toISOString() };
  const mailboxId = randomUUID();
  if (engine.secrets === null) throw new Error('the engine needs a secret box to hold the tokens');
  engine.store.mailboxes.create({
    id: mailboxId,
    address: options.address,
    displayName: options.displayName ?? options.address,
    provider: 'gmail',
    kind: 'personal',
    ownerUserId: options.ownerUserId,
    createdAt: new Date().toISOString(),
    connection: { provider: 'gmail', address: options.address, clientId: server.clientId, rootUrl: server.rootUrl, oauthEndpoints: server.oauth },
    credentials: engine.secrets.seal(JSON.stringify(credential)),
  });
  // The folders connecting records from listFolders.
  engine.store.folders.upsert(mailboxId, { path: 'INBOX', name: 'Inbox', role: 'inbox', roleSource: 'provider', scanned: true });
  engine.store.folders.upsert(mailboxId, { path: 'SENT', name: 'Sent', role: 'sent', roleSource: 'provider', scanned: true });
  return { mailboxId, refreshToken: grant.refreshToken };
}
