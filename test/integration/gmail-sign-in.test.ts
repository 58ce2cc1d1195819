import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MailboxSummary, OAuthSignInStarted } from '../../shared/model.js';
import { installationOwner } from '../../electron/core/api/caller.js';
import { openTestEngine, value, type TestEngine } from '../support/engine.js';
import { startGmailApi, type GmailApiServer } from '../support/gmail-api/index.js';
import { buildMessage } from '../support/mail-servers/index.js';
import { finishSignIn as finishWith, signInInBrowser } from '../support/oauth-sign-in.js';

// Connecting a Gmail mailbox through the contract, as a person does: "Sign in with Google"
// starts a loopback sign-in, the browser (here a plain HTTP client following the stand-in's
// redirect to the loopback, as a browser would) signs in, and `mailboxes:oauth-finish`
// connects the mailbox; the same flow repairs it after the grant was revoked, refuses
// another account, and unlinking withdraws the grant at Google.

const address = 'greta@acme.com';
let server: GmailApiServer;
let subject: TestEngine;

const finishSignIn = (attemptId: string) => finishWith(subject.engine, attemptId);

function storedCredential(mailboxId: string): { kind: string; accessToken: string; refreshToken: string } {
  return JSON.parse(subject.engine.secrets!.open(subject.engine.store.mailboxes.connectionOf(mailboxId)!.credentials!)) as { kind: string; accessToken: string; refreshToken: string };
}

async function connectByBrowser(options: { address?: string } = {}): Promise<MailboxSummary> {
  const started: OAuthSignInStarted = value(await subject.engine.call(installationOwner, 'mailboxes:oauth-start', { provider: 'gmail', ...options }));
  const finishing = finishSignIn(started.attemptId);
  await signInInBrowser(started.authorizationUrl);
  return value(await finishing);
}

beforeAll(async () => {
  server = await startGmailApi();
  server.addAccount(address);
  server.addAccount('someone.else@gmail.com');
  // One finish call waits 300 ms: the tests see `waiting` answered and asked again.
  subject = openTestEngine({ signIn: { finishWaitMs: 300 }, oauthClients: { google: { clientId: server.clientId, clientSecret: 'desktop-client-secret', endpoints: server.oauth, rootUrl: server.rootUrl } } });
  value(await subject.engine.call(installationOwner, 'setup:create', { workspaceName: 'Acme', domains: ['acme.com'], owner: { name: 'Greta Owner', email: address } }));
  const job = value(await subject.engine.call(installationOwner, 'jobs:create', { title: 'Data Engineer' }));
  value(await subject.engine.call(installationOwner, 'candidates:create', { name: 'Anna Apfel', addresses: ['anna@example.org'], applications: [{ jobId: job.id }] }));
  const hourAgo = new Date(Date.now() - 3_600_000);
  server.deliver(address, buildMessage({ from: 'Anna Apfel <anna@example.org>', to: address, subject: 'My application', date: hourAgo, messageId: 'application@example.org', body: 'Hello' }), { internalDate: hourAgo });
  server.deliver(address, buildMessage({ from: 'Spam <spam@example.net>', to: address, subject: 'Offer', date: hourAgo, messageId: 'offer@example.net', body: 'Buy' }), { internalDate: hourAgo });
});

afterAll(async () => {
  await subject?.dispose();
  await server?.close();
});

describe('Gmail sign-in through the contract', () => {
  let mailbox: MailboxSummary;

  it('says whether Google sign-in is configured, and refuses to start without a client', async () => {
    expect(value(await subject.engine.call(installationOwner, 'mailboxes:sign-in-options', {})).providers).toContainEqual({ provider: 'gmail', configured: true });
    const bare = openTestEngine();
    try {
      value(await bare.engine.call(installationOwner, 'setup:create', { workspaceName: 'Acme', domains: ['acme.com'], owner: { name: 'Greta Owner', email: address } }));
      expect(value(await bare.engine.call(installationOwner, 'mailboxes:sign-in-options', {})).providers).toContainEqual({ provider: 'gmail', configured: false });
      const refused = await bare.engine.call(installationOwner, 'mailboxes:oauth-start', { provider: 'gmail' });
      expect(refused).toMatchObject({ ok: false, error: { code: 'invalid-input', field: 'provider' } });
    } finally {
      await bare.dispose();
    }
  });

  it('connects the signed-in account with its tokens sealed, and syncs its candidate mail', async () => {
    mailbox = await connectByBrowser({ address });
    expect(mailbox).toMatchObject({ address, provider: 'gmail', kind: 'personal' });
    // The loopback gave the code once, PKCE checked by the stand-in; the tokens are sealed.
    expect(server.requests).toContain('POST /token');
    expect(storedCredential(mailbox.id)).toMatchObject({ kind: 'oauth' });
    expect(JSON.stringify(subject.engine.store.mailboxes.connectionOf(mailbox.id)!.connection)).not.toMatch(/accessToken|refreshToken|desktop-client-secret/u);
    const folders = value(await subject.engine.call(installationOwner, 'mailboxes:folders', { mailboxId: mailbox.id }));
    expect(folders.map((folder) => [folder.path, folder.role])).toEqual([
      ['INBOX', 'inbox'],
      ['SENT', 'sent'],
    ]);
    const summary = value(await subject.engine.call(installationOwner, 'mailboxes:sync-now', { mailboxId: mailbox.id }));
    expect(summary).toMatchObject({ headersScanned: 2, messagesStored: 1 });
    expect(subject.engine.store.messages.findByDedupeKey('mid:application@example.org')).not.toBeNull();
  });

  it('refuses to connect the same account twice (R8) before the browser opens', async () => {
    const again = await subject.engine.call(installationOwner, 'mailboxes:oauth-start', { provider: 'gmail', address });
    expect(again).toMatchObject({ ok: false, error: { code: 'conflict', rule: 'R8' } });
  });

  it('tests a Gmail mailbox by its sign-in, the API and the INBOX and SENT labels', async () => {
    const report = value(await subject.engine.call(installationOwner, 'mailboxes:test-connection', { mailboxId: mailbox.id }));
    expect(report.ok).toBe(true);
    expect(report.checks).toHaveLength(1);
    expect(report.checks[0]).toMatchObject({ protocol: 'gmail', ok: true });
    expect(report.checks[0]!.steps.map((step) => [step.step, step.status])).toEqual([
      ['sign-in', 'ok'],
      ['api', 'ok'],
      ['labels', 'ok'],
    ]);
  });

  it('repairs the mailbox after the grant was revoked: same id, same mail, new tokens', async () => {
    const old = storedCredential(mailbox.id);
    server.revoke(old.refreshToken);
    server.expireAccessTokens();
    await subject.engine.call(installationOwner, 'mailboxes:sync-now', { mailboxId: mailbox.id });
    expect(subject.engine.store.mailboxes.get(mailbox.id)?.status).toMatchObject({ state: 'auth-required' });
    const report = value(await subject.engine.call(installationOwner, 'mailboxes:test-connection', { mailboxId: mailbox.id }));
    expect(report.checks[0]!.steps[0]).toMatchObject({ step: 'sign-in', status: 'failed', problem: { code: 'sign-in-needed' } });

    const started = value(await subject.engine.call(installationOwner, 'mailboxes:oauth-start', { provider: 'gmail', mailboxId: mailbox.id }));
    // The mailbox's own account is asked for.
    expect(new URL(started.authorizationUrl).searchParams.get('login_hint')).toBe(address);
    const finishing = finishSignIn(started.attemptId);
    await signInInBrowser(started.authorizationUrl);
    const repaired = value(await finishing);
    expect(repaired.id).toBe(mailbox.id);
    expect(storedCredential(mailbox.id).refreshToken).not.toBe(old.refreshToken);
    server.deliver(address, buildMessage({ from: 'Anna Apfel <anna@example.org>', to: address, subject: 'Any news?', date: new Date(), messageId: 'news@example.org', body: 'Any news?' }), { internalDate: new Date() });
    const summary = value(await subject.engine.call(installationOwner, 'mailboxes:sync-now', { mailboxId: mailbox.id }));
    // Sync went on from its cursor: only the new mail, nothing fetched twice.
    expect(summary).toMatchObject({ messagesStored: 1 });
    expect(subject.engine.store.mailboxes.get(mailbox.id)?.status.state).not.toBe('auth-required');
    expect(subject.engine.store.messages.findByDedupeKey('mid:application@example.org')).not.toBeNull();
  });

  it('refuses a repair signed in with another Google account and withdraws that grant', async () => {
    const before = storedCredential(mailbox.id);
    const revokesBefore = server.requests.filter((request) => request === 'POST /revoke').length;
    server.nextSignIn({ address: 'someone.else@gmail.com' });
    const started = value(await subject.engine.call(installationOwner, 'mailboxes:oauth-start', { provider: 'gmail', mailboxId: mailbox.id }));
    const finishing = finishSignIn(started.attemptId);
    await signInInBrowser(started.authorizationUrl);
    const refused = await finishing;
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid-input', field: 'account' } });
    expect(refused.ok ? '' : refused.error.message).toContain('someone.else@gmail.com');
    expect(storedCredential(mailbox.id)).toEqual(before);
    await expect.poll(() => server.requests.filter((request) => request === 'POST /revoke').length).toBe(revokesBefore + 1);
  });

  it('answers waiting while nobody signed in yet', async () => {
    const started = value(await subject.engine.call(installationOwner, 'mailboxes:oauth-start', { provider: 'gmail' }));
    expect(value(await subject.engine.call(installationOwner, 'mailboxes:oauth-finish', { attemptId: started.attemptId }))).toEqual({ state: 'waiting' });
    value(await subject.engine.call(installationOwner, 'mailboxes:oauth-cancel', { attemptId: started.attemptId }));
  });

  it('cancels a sign-in: the loopback listener closes and waiting for it fails', async () => {
    const started = value(await subject.engine.call(installationOwner, 'mailboxes:oauth-start', { provider: 'gmail' }));
    const finishing = finishSignIn(started.attemptId);
    expect(value(await subject.engine.call(installationOwner, 'mailboxes:oauth-cancel', { attemptId: started.attemptId }))).toEqual({ cancelled: true });
    expect(await finishing).toMatchObject({ ok: false });
    const redirect = new URL(started.authorizationUrl).searchParams.get('redirect_uri')!;
    await expect(fetch(`${redirect}?state=x&code=y`)).rejects.toThrow();
  });

  it('refuses an account that is on a candidate (R4)', async () => {
    server.addAccount('anna@example.org');
    server.nextSignIn({ address: 'anna@example.org' });
    const started = value(await subject.engine.call(installationOwner, 'mailboxes:oauth-start', { provider: 'gmail' }));
    const finishing = finishSignIn(started.attemptId);
    await signInInBrowser(started.authorizationUrl);
    expect(await finishing).toMatchObject({ ok: false, error: { code: 'own-address' } });
  });

  it('withdraws the grant at Google on unlinking', async () => {
    const { refreshToken } = storedCredential(mailbox.id);
    const unlinked = value(await subject.engine.call(installationOwner, 'mailboxes:disconnect', { mailboxId: mailbox.id }));
    expect(unlinked.grantRevoked).toBe(true);
    // The refresh token no longer works at Google's token endpoint.
    const refresh = await fetch(server.oauth.tokenUrl, { method: 'POST', body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: server.clientId }) });
    expect(await refresh.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('unlinks all the same when Google cannot be reached to withdraw, and says so', async () => {
    const second = await connectByBrowser({ address: 'someone.else@gmail.com' });
    // google-auth-library retries a failed revoke a few times (its RETRY_CONFIG): Google stays down for all of them.
    server.inject({ route: /^POST \/revoke$/u, status: 503, times: 10 });
    const unlinked = value(await subject.engine.call(installationOwner, 'mailboxes:disconnect', { mailboxId: second.id }));
    expect(unlinked.grantRevoked).toBe(false);
    expect(unlinked.unlinkedAt).not.toBeNull();
    expect(subject.engine.store.mailboxes.connectionOf(second.id)?.credentials ?? null).toBeNull();
  });
});
