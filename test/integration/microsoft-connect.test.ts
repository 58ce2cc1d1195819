import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MailboxSummary, OAuthSignInStarted } from '../../shared/model.js';
import { installationOwner } from '../../electron/core/api/caller.js';
import { microsoftTokenCacheFileName } from '../../electron/core/engine.js';
import { openTestEngine, value, type TestEngine } from '../support/engine.js';
import { startGraphApi, type GraphApiServer } from '../support/graph-api/index.js';
import { buildMessage } from '../support/mail-servers/index.js';
import { finishSignIn as finishWith, signInInBrowser } from '../support/oauth-sign-in.js';

// Connecting a Microsoft 365 mailbox through the contract, as a person does: "Sign in with
// Microsoft" starts MSAL's loopback sign-in against the local Entra ID, the browser (a plain
// HTTP client following the stand-in's redirect) signs in, `mailboxes:oauth-finish` connects
// the mailbox and Graph syncs its candidate mail; MSAL's cache is sealed in the data folder;
// a revoked grant is repaired by signing in again; unlinking signs the account out.

const address = 'mona@contoso.test';
let server: GraphApiServer;
let subject: TestEngine;
let candidateId: string;
const finishSignIn = (attemptId: string) => finishWith(subject.engine, attemptId);

function storedCredential(mailboxId: string): { kind: string; accessToken: string; refreshToken: string } {
  return JSON.parse(subject.engine.secrets!.open(subject.engine.store.mailboxes.connectionOf(mailboxId)!.credentials!)) as { kind: string; accessToken: string; refreshToken: string };
}

function tokenCache(): { sealed: Buffer; text: string } {
  const sealed = fs.readFileSync(path.join(subject.dataFolder, microsoftTokenCacheFileName));
  return { sealed, text: subject.engine.secrets!.open(sealed) };
}

async function signIn(options: { address?: string; mailboxId?: string } = {}) {
  const started: OAuthSignInStarted = value(await subject.engine.call(installationOwner, 'mailboxes:oauth-start', { provider: 'microsoft', ...options }));
  const finishing = finishSignIn(started.attemptId);
  await signInInBrowser(started.authorizationUrl);
  return { started, finished: await finishing };
}

beforeAll(async () => {
  server = await startGraphApi();
  server.addAccount(address, 'Mona Marx');
  server.addAccount('milan@contoso.test', 'Milan Moser');
  const authorityUrl = server.graphUrl.replace(/v1\.0\/$/u, '');
  subject = openTestEngine({
    signIn: { finishWaitMs: 300 },
    sync: { pollIntervalMs: 200, timeoutMs: 5_000 },
    oauthClients: { microsoft: { clientId: server.clientId, tenant: 'organizations', endpoints: { authorityHost: server.msal.authorityHost, authorityUrl, graphUrl: server.graphUrl } } },
  });
  value(await subject.engine.call(installationOwner, 'setup:create', { workspaceName: 'Contoso', domains: ['contoso.test'], owner: { name: 'Mona Owner', email: address } }));
  const job = value(await subject.engine.call(installationOwner, 'jobs:create', { title: 'Data Engineer' }));
  candidateId = value(await subject.engine.call(installationOwner, 'candidates:create', { name: 'Anna Apfel', addresses: ['anna@example.org'], applications: [{ jobId: job.id }] })).id;
  const hourAgo = new Date(Date.now() - 3_600_000);
  server.deliver(address, buildMessage({ from: 'Anna Apfel <anna@example.org>', to: address, subject: 'My application', date: hourAgo, messageId: 'application@example.org', body: 'Hello' }), { folder: 'inbox', receivedAt: hourAgo });
  server.deliver(address, buildMessage({ from: 'Spam <spam@example.net>', to: address, subject: 'Offer', date: hourAgo, messageId: 'offer@example.net', body: 'Buy' }), { folder: 'inbox', receivedAt: hourAgo });
});

afterAll(async () => {
  await subject?.dispose();
  await server?.close();
});

describe('Microsoft sign-in through the contract', () => {
  let mailbox: MailboxSummary;

  it('offers Microsoft sign-in once an Entra app is configured', async () => {
    expect(value(await subject.engine.call(installationOwner, 'mailboxes:sign-in-options', {})).providers).toContainEqual({ provider: 'microsoft', configured: true });
  });

  it('connects the signed-in account, seals its tokens and MSAL’s cache, and syncs its candidate mail', async () => {
    const { started, finished } = await signIn({ address });
    expect(new URL(started.authorizationUrl).searchParams.get('login_hint')).toBe(address);
    mailbox = value(finished);
    expect(mailbox).toMatchObject({ address, provider: 'microsoft', kind: 'personal' });
    expect(storedCredential(mailbox.id)).toMatchObject({ kind: 'oauth' });
    const connection = JSON.stringify(subject.engine.store.mailboxes.connectionOf(mailbox.id)!.connection);
    expect(connection).toContain(server.clientId);
    expect(connection).not.toMatch(/accessToken|refreshToken/u);
    // MSAL's cache is on disk sealed: the account and tokens are in it, none of it readable as written.
    const cache = tokenCache();
    expect(cache.text).toContain(address);
    expect(cache.sealed.toString('latin1')).not.toContain(address);
    expect(cache.sealed.toString('latin1')).not.toContain(storedCredential(mailbox.id).refreshToken);
    const folders = value(await subject.engine.call(installationOwner, 'mailboxes:folders', { mailboxId: mailbox.id }));
    expect(folders.map((folder) => folder.role)).toEqual(expect.arrayContaining(['inbox', 'sent']));
    const summary = value(await subject.engine.call(installationOwner, 'mailboxes:sync-now', { mailboxId: mailbox.id }));
    expect(summary).toMatchObject({ messagesStored: 1 });
    expect(subject.engine.store.messages.findByDedupeKey('mid:application@example.org')).not.toBeNull();
    expect(subject.engine.store.messages.findByDedupeKey('mid:offer@example.net')).toBeNull();
  });

  it('tests a Microsoft mailbox by its sign-in, Graph and the folders Inbox and Sent Items', async () => {
    const report = value(await subject.engine.call(installationOwner, 'mailboxes:test-connection', { mailboxId: mailbox.id }));
    expect(report).toMatchObject({ ok: true, checks: [{ protocol: 'microsoft', ok: true }] });
    expect(report.checks[0]!.steps.map((step) => [step.step, step.status])).toEqual([
      ['sign-in', 'ok'],
      ['api', 'ok'],
      ['folders', 'ok'],
    ]);
  });

  it('sends through Graph: one Sent copy, filed by Microsoft', async () => {
    const queued = value(await subject.engine.call(installationOwner, 'outbox:send', { mailboxId: mailbox.id, candidateId, to: ['anna@example.org'], subject: 'Your interview', body: 'See you on Monday.' }));
    value(await subject.engine.call(installationOwner, 'outbox:send-now', { itemId: queued.id }));
    await expect.poll(async () => value(await subject.engine.call(installationOwner, 'outbox:list', {})).items.find((item) => item.id === queued.id)?.state.state, { timeout: 15_000 }).toBe('filed');
    const sentCopies = server.messagesIn(address, 'sentitems').filter((id) => server.message(address, id)!.raw.toString('utf8').includes('Subject: Your interview'));
    expect(sentCopies).toHaveLength(1);
  });

  it('repairs the mailbox after the grant was revoked: same id, same mail, new tokens', async () => {
    const old = storedCredential(mailbox.id);
    server.revoke(old.refreshToken);
    server.expireAccessTokens();
    await subject.engine.call(installationOwner, 'mailboxes:sync-now', { mailboxId: mailbox.id });
    expect(subject.engine.store.mailboxes.get(mailbox.id)?.status).toMatchObject({ state: 'auth-required' });
    const { finished } = await signIn({ mailboxId: mailbox.id });
    expect(value(finished).id).toBe(mailbox.id);
    expect(storedCredential(mailbox.id).refreshToken).not.toBe(old.refreshToken);
    server.deliver(address, buildMessage({ from: 'Anna Apfel <anna@example.org>', to: address, subject: 'Any news?', date: new Date(), messageId: 'news@example.org', body: 'Any news?' }), { folder: 'inbox', receivedAt: new Date() });
    const summary = value(await subject.engine.call(installationOwner, 'mailboxes:sync-now', { mailboxId: mailbox.id }));
    expect(summary).toMatchObject({ messagesStored: 1 });
    expect(subject.engine.store.mailboxes.get(mailbox.id)?.status.state).not.toBe('auth-required');
  });

  it('refuses a repair signed in with another Microsoft account', async () => {
    const before = storedCredential(mailbox.id);
    server.nextSignIn({ address: 'milan@contoso.test' });
    const { finished } = await signIn({ mailboxId: mailbox.id });
    expect(finished).toMatchObject({ ok: false, error: { code: 'invalid-input', field: 'account' } });
    expect(storedCredential(mailbox.id)).toEqual(before);
  });

  it('signs the account out of MSAL’s cache on unlinking', async () => {
    const unlinked = value(await subject.engine.call(installationOwner, 'mailboxes:disconnect', { mailboxId: mailbox.id }));
    expect(unlinked.grantRevoked).toBe(true);
    expect(tokenCache().text).not.toContain(address);
    expect(subject.engine.store.mailboxes.connectionOf(mailbox.id)?.credentials ?? null).toBeNull();
  });

  it('connects the unlinked mailbox again by signing in: the same mailbox, its mail kept, syncing again', async () => {
    const { finished } = await signIn({ address });
    const relinked = value(finished);
    expect(relinked.id).toBe(mailbox.id);
    expect(relinked.unlinkedAt).toBeNull();
    expect(tokenCache().text).toContain(address);
    server.deliver(address, buildMessage({ from: 'Anna Apfel <anna@example.org>', to: address, subject: 'While you were away', date: new Date(), messageId: 'away@example.org', body: 'Hello again' }), { folder: 'inbox', receivedAt: new Date() });
    value(await subject.engine.call(installationOwner, 'mailboxes:sync-now', { mailboxId: mailbox.id }));
    expect(subject.engine.store.messages.findByDedupeKey('mid:away@example.org')).not.toBeNull();
    // What was stored before stays once: the first window fetched anew finds it stored.
    expect(subject.engine.store.messages.findByDedupeKey('mid:application@example.org')).not.toBeNull();
  });
});
