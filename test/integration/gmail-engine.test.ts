import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncRunSummary } from '../../shared/model.js';
import { installationOwner } from '../../electron/core/api/caller.js';
import { openTestEngine, value, type TestEngine } from '../support/engine.js';
import { startGmailApi, type GmailApiServer } from '../support/gmail-api/index.js';
import { buildMessage } from '../support/mail-servers/index.js';

// A Gmail mailbox in a whole engine, against the local Gmail API: the engine's vault renews
// an expired token at the mailbox's token endpoint and seals the new one back, and sync
// stores a candidate's mail through the Gmail provider. (Connecting a Gmail mailbox through
// the contract is not there yet: the mailbox row is written as connecting would write it.)

const address = 'greta@acme.com';
let server: GmailApiServer;
let subject: TestEngine;
let mailboxId: string;
let refreshToken: string;
let applicationGmailId: string;

beforeAll(async () => {
  server = await startGmailApi();
  server.addAccount(address);
  subject = openTestEngine();
  const session = value(await subject.engine.call(installationOwner, 'setup:create', { workspaceName: 'Acme', domains: ['acme.com'], owner: { name: 'Greta Owner', email: address } }));
  const job = value(await subject.engine.call(installationOwner, 'jobs:create', { title: 'Data Engineer' }));
  value(await subject.engine.call(installationOwner, 'candidates:create', { name: 'Anna Apfel', addresses: ['anna@example.org'], applications: [{ jobId: job.id }] }));
  const grant = server.grant(address);
  refreshToken = grant.refreshToken;
  // Expired a minute ago: the first use renews it.
  const credential = { kind: 'oauth', accessToken: grant.accessToken, refreshToken, expiresAt: new Date(Date.now() - 60_000).toISOString() };
  mailboxId = randomUUID();
  subject.engine.store.mailboxes.create({
    id: mailboxId,
    address,
    displayName: 'Greta Owner',
    provider: 'gmail',
    kind: 'personal',
    ownerUserId: session.user.id,
    createdAt: new Date().toISOString(),
    connection: { provider: 'gmail', address, clientId: server.clientId, rootUrl: server.rootUrl, oauthEndpoints: server.oauth },
    credentials: subject.engine.secrets!.seal(JSON.stringify(credential)),
  });
  // The folders connecting records from listFolders.
  subject.engine.store.folders.upsert(mailboxId, { path: 'INBOX', name: 'Inbox', role: 'inbox', roleSource: 'provider', scanned: true });
  subject.engine.store.folders.upsert(mailboxId, { path: 'SENT', name: 'Sent', role: 'sent', roleSource: 'provider', scanned: true });
  const now = Date.now();
  applicationGmailId = server.deliver(address, buildMessage({ from: 'Anna Apfel <anna@example.org>', to: address, subject: 'My application', date: new Date(now - 3_600_000), messageId: 'application@example.org', body: 'Hello' }), {
    internalDate: new Date(now - 3_600_000),
  });
  server.deliver(address, buildMessage({ from: 'Spam <spam@example.net>', to: address, subject: 'Offer', date: new Date(now - 7_200_000), messageId: 'offer@example.net', body: 'Buy' }), {
    internalDate: new Date(now - 7_200_000),
  });
});

afterAll(async () => {
  await subject?.dispose();
  await server?.close();
});

describe('Gmail mailbox in the engine', () => {
  it('syncs the window through the Gmail API after renewing the expired token, sealed back', async () => {
    const summary: SyncRunSummary = value(await subject.engine.call(installationOwner, 'mailboxes:sync-now', { mailboxId }));
    expect(summary.headersScanned).toBe(2);
    // Only the candidate's mail is stored (R2): one body fetched, by format=raw.
    expect(summary.messagesStored).toBe(1);
    expect(summary.bodiesFetched).toBe(1);
    expect(server.requests.filter((request) => request === 'POST /token')).toHaveLength(1);
    const stored = JSON.parse(subject.engine.secrets!.open(subject.engine.store.mailboxes.connectionOf(mailboxId)!.credentials!)) as { accessToken: string; refreshToken: string; expiresAt: string };
    expect(stored.refreshToken).toBe(refreshToken);
    expect(Date.parse(stored.expiresAt)).toBeGreaterThan(Date.now());
    // A second run uses the renewed token: no further refresh.
    value(await subject.engine.call(installationOwner, 'mailboxes:sync-now', { mailboxId }));
    expect(server.requests.filter((request) => request === 'POST /token')).toHaveLength(1);
  });

  it('takes new mail from the history once, and forgets the place of mail that left the inbox while keeping the mail', async () => {
    const application = subject.engine.store.messages.findByDedupeKey('mid:application@example.org')!;
    const inbox = subject.engine.store.folders.list(mailboxId).find((folder) => folder.path === 'INBOX')!;
    expect(subject.engine.store.locations.listFor(application.id).filter((location) => location.folderId === inbox.id)).toHaveLength(1);
    const before = inbox.cursor;
    // Without a Message-ID: only its Gmail id tells it was stored already (no body fetched again).
    const withoutId = buildMessage({ from: 'Anna Apfel <anna@example.org>', to: address, subject: 'Any news?', date: new Date(), body: 'Any news?' }).replace(/^Message-ID:.*\r\n/im, '');
    server.deliver(address, withoutId);
    const first: SyncRunSummary = value(await subject.engine.call(installationOwner, 'mailboxes:sync-now', { mailboxId }));
    expect(first.messagesStored).toBe(1);
    // Read again from an older position, the same Gmail ids are skipped by id: nothing twice.
    subject.engine.store.folders.saveCursor(inbox.id, { uidValidity: null, cursor: before });
    const again: SyncRunSummary = value(await subject.engine.call(installationOwner, 'mailboxes:sync-now', { mailboxId }));
    expect(again).toMatchObject({ messagesStored: 0, bodiesFetched: 0 });

    server.relabel(address, applicationGmailId, { remove: ['INBOX'] });
    value(await subject.engine.call(installationOwner, 'mailboxes:sync-now', { mailboxId }));
    expect(subject.engine.store.locations.listFor(application.id).filter((location) => location.folderId === inbox.id)).toHaveLength(0);
    // The mail itself stays on the candidate.
    expect(subject.engine.store.messages.findByDedupeKey('mid:application@example.org')?.id).toBe(application.id);
  });

  it('holds the mailbox for sign-in when the grant is revoked', async () => {
    server.revoke(refreshToken);
    await subject.engine.call(installationOwner, 'mailboxes:sync-now', { mailboxId });
    expect(subject.engine.store.mailboxes.get(mailboxId)?.status).toMatchObject({ state: 'auth-required' });
  });
});
