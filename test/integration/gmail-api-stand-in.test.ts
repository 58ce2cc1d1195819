import { createHash, randomBytes } from 'node:crypto';
import { gmail, type gmail_v1 } from '@googleapis/gmail';
import { CodeChallengeMethod, OAuth2Client } from 'google-auth-library';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMessage } from '../support/mail-servers/index.js';
import { startGmailApi, type GmailApiServer } from '../support/gmail-api/index.js';

// The local Gmail API stand-in as Google documents the real one, driven by the real
// client: what the provider's tests rely on must hold here first.

const address = 'stella@hirebox.test';
let server: GmailApiServer;
let api: gmail_v1.Gmail;
let headers: { Authorization: string };

beforeAll(async () => {
  server = await startGmailApi();
  server.addAccount(address);
  api = gmail({ version: 'v1', rootUrl: server.rootUrl });
  headers = { Authorization: `Bearer ${server.grant(address).accessToken}` };
});

afterAll(async () => {
  await server?.close();
});

const options = () => ({ headers, retry: false as const });
const raw = (label: string, extra: Record<string, string> = {}) =>
  buildMessage({ from: 'Anna Berg <anna@example.org>', to: address, subject: label, date: new Date(), messageId: `${label}@stand-in.test`, body: label, headers: extra });

async function status(promise: Promise<unknown>): Promise<{ status: number | undefined; data: unknown }> {
  try {
    await promise;
  } catch (error) {
    const response = (error as { response?: { status?: number; data?: unknown } }).response;
    return { status: response?.status, data: response?.data };
  }
  throw new Error('expected the request to fail');
}

describe('Gmail API stand-in', () => {
  it('runs the authorization-code flow with PKCE: a wrong verifier and a second use of the code are invalid_grant', async () => {
    const client = new OAuth2Client({ clientId: server.clientId, redirectUri: 'http://127.0.0.1:1/cb', endpoints: { oauth2AuthBaseUrl: server.oauth.authorizeUrl, oauth2TokenUrl: server.oauth.tokenUrl, oauth2RevokeUrl: server.oauth.revokeUrl } });
    const codeVerifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(codeVerifier).digest('base64url');
    const authorize = async () => {
      const url = client.generateAuthUrl({ scope: 'https://www.googleapis.com/auth/gmail.readonly', state: 's', code_challenge: challenge, code_challenge_method: CodeChallengeMethod.S256, access_type: 'offline' });
      const answer = await fetch(url, { redirect: 'manual' });
      const back = new URL(answer.headers.get('location') as string);
      expect(back.searchParams.get('state')).toBe('s');
      return back.searchParams.get('code') as string;
    };
    expect(await status(client.getToken({ code: await authorize(), codeVerifier: 'wrong'.repeat(10) }))).toMatchObject({ status: 400, data: { error: 'invalid_grant' } });
    const code = await authorize();
    const { tokens } = await client.getToken({ code, codeVerifier });
    expect(tokens).toMatchObject({ access_token: expect.any(String), refresh_token: expect.any(String), token_type: 'Bearer' });
    expect(await status(client.getToken({ code, codeVerifier }))).toMatchObject({ status: 400, data: { error: 'invalid_grant' } });

    // Refresh, then revoke: a revoked grant answers invalid_grant and its access token 401.
    client.setCredentials({ refresh_token: tokens.refresh_token ?? null });
    const refreshed = (await client.getAccessToken()).token as string;
    const profile = await api.users.getProfile({ userId: 'me' }, { headers: { Authorization: `Bearer ${refreshed}` }, retry: false });
    expect(profile.data.emailAddress).toBe(address);
    await client.revokeToken(tokens.refresh_token as string);
    expect(await status(api.users.getProfile({ userId: 'me' }, { headers: { Authorization: `Bearer ${refreshed}` }, retry: false }))).toMatchObject({
      status: 401,
      data: { error: { code: 401, status: 'UNAUTHENTICATED', errors: [{ reason: 'authError' }] } },
    });
    const again = new OAuth2Client({ clientId: server.clientId, endpoints: { oauth2TokenUrl: server.oauth.tokenUrl } });
    again.setCredentials({ refresh_token: tokens.refresh_token ?? null });
    expect(await status(again.getAccessToken())).toMatchObject({ data: { error: 'invalid_grant' } });
  });

  it('lists by label and after: (epoch seconds), newest first, in pages', async () => {
    const now = Date.now();
    for (const index of [1, 2, 3]) server.deliver(address, raw(`list-${index}`), { internalDate: new Date(now - (4 - index) * 60_000) });
    server.deliver(address, raw('list-old'), { internalDate: new Date(now - 3 * 86_400_000) });
    server.deliver(address, raw('list-sent'), { labelIds: ['SENT'], internalDate: new Date(now) });
    const q = `after:${Math.floor((now - 86_400_000) / 1000)}`;
    const first = await api.users.messages.list({ userId: 'me', labelIds: ['INBOX'], q, maxResults: 2 }, options());
    expect(first.data.messages).toHaveLength(2);
    expect(first.data.nextPageToken).toEqual(expect.any(String));
    const second = await api.users.messages.list({ userId: 'me', labelIds: ['INBOX'], q, maxResults: 2, pageToken: first.data.nextPageToken as string }, options());
    expect(second.data.nextPageToken ?? undefined).toBeUndefined();
    const found = [...(first.data.messages ?? []), ...(second.data.messages ?? [])];
    const subjects = await Promise.all(found.map(async (message) => (await api.users.messages.get({ userId: 'me', id: message.id as string, format: 'metadata', metadataHeaders: ['Subject'] }, options())).data));
    expect(subjects.map((message) => message.payload?.headers)).toEqual([[{ name: 'Subject', value: 'list-3' }], [{ name: 'Subject', value: 'list-2' }], [{ name: 'Subject', value: 'list-1' }]]);
    expect(await status(api.users.messages.list({ userId: 'me', q: 'larger:5M' }, options()))).toMatchObject({ status: 400 });
  });

  it('answers raw sources as base64url and 404 for a message that is gone', async () => {
    const source = raw('raw-source');
    const id = server.deliver(address, source);
    const message = await api.users.messages.get({ userId: 'me', id, format: 'raw' }, options());
    expect(Buffer.from(message.data.raw as string, 'base64url').toString('utf8')).toBe(source);
    server.remove(address, id);
    expect(await status(api.users.messages.get({ userId: 'me', id, format: 'raw' }, options()))).toMatchObject({ status: 404, data: { error: { code: 404, errors: [{ reason: 'notFound' }] } } });
  });

  it('sends: the sender keeps the copy with Bcc, labelled SENT; recipients in the server get it without Bcc', async () => {
    server.addAccount('rita@hirebox.test');
    const source = `Bcc: rita@hirebox.test\r\n${raw('sent-here')}`;
    const sent = await api.users.messages.send({ userId: 'me', requestBody: { raw: Buffer.from(source).toString('base64url') } }, options());
    expect(sent.data.labelIds).toEqual(['SENT']);
    expect(server.message(address, sent.data.id as string)?.raw.toString('utf8')).toBe(source);
    const rita = server.grant('rita@hirebox.test').accessToken;
    const inbox = await api.users.messages.list({ userId: 'me', labelIds: ['INBOX'] }, { headers: { Authorization: `Bearer ${rita}` }, retry: false });
    const delivered = await api.users.messages.get({ userId: 'me', id: inbox.data.messages?.[0]?.id as string, format: 'raw' }, { headers: { Authorization: `Bearer ${rita}` }, retry: false });
    expect(Buffer.from(delivered.data.raw as string, 'base64url').toString('utf8')).not.toMatch(/^Bcc:/imu);
  });

  it('keeps history per label and type, and answers 404 for a history id older than it keeps', async () => {
    const start = (await api.users.getProfile({ userId: 'me' }, options())).data.historyId as string;
    const id = server.deliver(address, raw('history-1'));
    server.relabel(address, id, { remove: ['INBOX'] });
    server.deliver(address, raw('history-sent'), { labelIds: ['SENT'] });
    const inbox = await api.users.history.list({ userId: 'me', startHistoryId: start, labelId: 'INBOX', historyTypes: ['messageAdded', 'labelRemoved'] }, options());
    expect(inbox.data.history?.map((record) => [record.messagesAdded?.[0]?.message?.id, record.labelsRemoved?.[0]?.labelIds])).toEqual([
      [id, undefined],
      [undefined, ['INBOX']],
    ]);
    expect(Number(inbox.data.historyId)).toBeGreaterThan(Number(start));
    server.expireHistory(address);
    expect(await status(api.users.history.list({ userId: 'me', startHistoryId: start }, options()))).toMatchObject({ status: 404 });
  });

  it('answers injected faults as Google does: 429 with Retry-After', async () => {
    server.inject({ route: /labels$/u, status: 429, retryAfterSeconds: 3 });
    const error = await api.users.labels.list({ userId: 'me' }, options()).catch((caught: unknown) => caught as { response: { status: number; headers: Headers; data: unknown } });
    expect(error).toMatchObject({ response: { status: 429, data: { error: { code: 429, errors: [{ reason: 'rateLimitExceeded' }] } } } });
    expect((error as { response: { headers: Headers } }).response.headers.get('retry-after')).toBe('3');
    expect((await api.users.labels.list({ userId: 'me' }, options())).data.labels?.map((label) => label.id)).toContain('SENT');
  });
});
