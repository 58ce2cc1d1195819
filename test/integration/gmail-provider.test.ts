import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Credential, CredentialSource, OAuthCredential } from '../../electron/core/auth/credentials.js';
import { AppError } from '../../electron/core/errors.js';
import { GmailQuota, defaultGmailRetry, type GmailClock } from '../../electron/core/providers/gmail/gmail-quota.js';
import { createGmailProvider, refreshGmailCredential, revokeGmailCredential, startGoogleSignIn, type GmailOAuthConfig } from '../../electron/core/providers/gmail/index.js';
import { createDefaultProviders } from '../../electron/core/providers/default-providers.js';
import type { HeaderPage, MailProvider } from '../../electron/core/providers/mail-provider.js';
import { parseStoredSettings } from '../../electron/core/providers/mailbox-settings.js';
import { findFreePorts } from '../support/mail-servers/free-ports.js';
import { buildMessage } from '../support/mail-servers/index.js';
import { startGmailApi, type GmailApiServer } from '../support/gmail-api/index.js';
import { describeProviderConformance, rejection, type ConformanceSetup } from './provider-conformance.js';

// The Gmail provider with the real client (@googleapis/gmail, google-auth-library) against
// the local Gmail API and OAuth server: the conformance suite, then what only Gmail has.
// One server for the file; the conformance suite uses one account, the Gmail cases another.

const conformanceAddress = 'gina@hirebox.test';
const address = 'gustav@hirebox.test';
const hour = 60 * 60 * 1000;
let server: GmailApiServer;
let config: GmailOAuthConfig;
let closedPort: number;

beforeAll(async () => {
  server = await startGmailApi();
  server.addAccount(conformanceAddress);
  server.addAccount(address);
  config = { clientId: server.clientId, endpoints: { tokenUrl: server.oauth.tokenUrl, revokeUrl: server.oauth.revokeUrl, authorizeUrl: server.oauth.authorizeUrl } };
  [closedPort] = await findFreePorts(1) as [number];
});

afterAll(async () => {
  await server?.close();
});

/** The engine's behaviour in small: the current credential, refreshed at Google's token endpoint when asked. */
function refreshingSource(initial: OAuthCredential): CredentialSource & { refreshes: number } {
  let current: Credential = initial;
  const source = {
    refreshes: 0,
    current: async () => current,
    refresh: async (rejected: Credential) => {
      if (rejected !== current) return current;
      source.refreshes += 1;
      current = await refreshGmailCredential(config, current as OAuthCredential);
      return current;
    },
  };
  return source;
}

function grantFor(account: string, revoked = false): OAuthCredential {
  const grant = server.grant(account);
  if (revoked) server.revoke(grant.refreshToken);
  return { kind: 'oauth', accessToken: grant.accessToken, refreshToken: grant.refreshToken, expiresAt: grant.expiresAt.toISOString() };
}

const tuning = { pollIntervalMs: 100, timeoutMs: 5_000 };

describeProviderConformance('Gmail API, local stand-in', async (): Promise<ConformanceSetup> => {
  const openWith = async (credentials: CredentialSource, rootUrl = server.rootUrl) => createGmailProvider({ address: conformanceAddress, rootUrl }, credentials, tuning);
  const valid = grantFor(conformanceAddress);
  const wrong = grantFor(conformanceAddress, true);
  return {
    provider: await openWith(refreshingSource(valid)),
    openWith: (credentials) => openWith(credentials),
    credential: (kind) => (kind === 'valid' ? valid : wrong),
    address: conformanceAddress,
    refusedRecipient: null,
    unknownRecipient: 'nobody@example.org',
    async fill(messages) {
      for (const message of messages) {
        const labels = [message.folder === 'inbox' ? 'INBOX' : 'SENT', ...(message.seen ? [] : ['UNREAD'])];
        server.deliver(conformanceAddress, message.raw, { labelIds: labels, internalDate: message.receivedAt });
      }
    },
    open(kind) {
      if (kind === 'wrong-credentials') return openWith(refreshingSource(grantFor(conformanceAddress, true)));
      if (kind === 'unreachable') return openWith(refreshingSource(valid), `http://127.0.0.1:${closedPort}/`);
      return openWith(refreshingSource(valid));
    },
    expectedFolders: { inbox: 'INBOX', sent: 'SENT', sentRoleSource: 'provider' },
    async cleanup() {},
  };
});

async function collect(pages: AsyncIterable<HeaderPage>): Promise<HeaderPage[]> {
  const all: HeaderPage[] = [];
  for await (const page of pages) all.push(page);
  return all;
}

describe('Gmail provider: what only Gmail has', () => {
  const now = new Date();
  const ago = (hours: number) => new Date(now.getTime() - hours * hour);
  const providers: MailProvider[] = [];
  const open = (credential = grantFor(address), options: Parameters<typeof createGmailProvider>[2] = {}) => {
    const source = refreshingSource(credential);
    // A budget of its own: a Retry-After one case provoked does not hold the next one.
    const provider = createGmailProvider({ address, rootUrl: server.rootUrl }, source, { ...tuning, quota: new GmailQuota(), ...options });
    providers.push(provider);
    return { provider, source };
  };
  const raw = (label: string, date: Date, fields: Partial<Parameters<typeof buildMessage>[0]> = {}) =>
    buildMessage({ from: 'Anna Berg <anna.berg@example.org>', to: address, subject: label, date, messageId: `${label}@gmail.test`, body: `Body of ${label}`, ...fields });
  const deliver = (label: string, receivedAt: Date, fields: Partial<Parameters<typeof buildMessage>[0]> = {}) =>
    server.deliver(address, raw(label, receivedAt, fields), { internalDate: receivedAt });
  const ids = (pages: HeaderPage[]) => pages.flatMap((page) => page.headers.map((headers) => headers.messageId));

  afterAll(async () => {
    await Promise.all(providers.map((provider) => provider.close()));
  });

  it('pages the first scan oldest first, with progress n of N, and reads headers by format=metadata', async () => {
    for (const index of [1, 2, 3, 4, 5]) deliver(`paged-${index}`, ago(6 - index));
    deliver('old-30h', ago(30));
    const before = server.requests.length;
    const { provider } = open(undefined, { pageSize: 2 });
    const pages = await collect(provider.scanHeaders('INBOX', { kind: 'initial-window', now }));
    expect(ids(pages)).toEqual(['paged-1@gmail.test', 'paged-2@gmail.test', 'paged-3@gmail.test', 'paged-4@gmail.test', 'paged-5@gmail.test']);
    expect(pages.map((page) => [page.scanned, page.total])).toEqual([[2, 5], [4, 5], [5, 5]]);
    expect(pages[0]!.headers[0]!.location).toEqual({ folder: 'INBOX', uidValidity: null, uid: null, providerId: expect.stringMatching(/^[0-9a-f]+$/u) });
    // Headers only (R2): no raw source was fetched by the scan.
    expect(server.requests.slice(before).filter((request) => request.startsWith('GET /gmail/v1/users/me/messages/'))).toHaveLength(5);
  });

  it('reports mail deleted or unlabelled since the cursor as removed, and relabelled-in mail as new', async () => {
    const { provider } = open();
    const gone = deliver('to-delete', ago(1));
    const archived = deliver('to-archive', ago(1));
    const start = (await collect(provider.scanHeaders('INBOX', { kind: 'initial-window', now: new Date() }))).at(-1)!.cursor;
    server.remove(address, gone);
    server.relabel(address, archived, { remove: ['INBOX'] });
    const cameBack = server.deliver(address, raw('came-back', ago(40)), { labelIds: ['CATEGORY_PERSONAL'], internalDate: ago(40) });
    server.relabel(address, cameBack, { add: ['INBOX'] });
    const pages = await collect(provider.scanHeaders('INBOX', { kind: 'cursor', cursor: start }));
    // A message moved in with an old date counts: the cursor is no date.
    expect(ids(pages)).toEqual(['came-back@gmail.test']);
    expect(pages.flatMap((page) => page.removed ?? []).sort()).toEqual([archived, gone].sort());
    const after = await collect(provider.scanHeaders('INBOX', { kind: 'cursor', cursor: pages.at(-1)!.cursor }));
    expect(ids(after)).toEqual([]);
    expect(after.flatMap((page) => page.removed ?? [])).toEqual([]);
  });

  it('starts over with the window when the history id expired (404), and says so on every page', async () => {
    const { provider } = open(undefined, { pageSize: 2 });
    const start = (await collect(provider.scanHeaders('INBOX', { kind: 'initial-window', now: new Date() }))).at(-1)!.cursor;
    server.expireHistory(address);
    deliver('after-expiry', new Date());
    const pages = await collect(provider.scanHeaders('INBOX', { kind: 'cursor', cursor: start }));
    expect(pages.length).toBeGreaterThan(1);
    for (const page of pages) expect(page.restarted).toBe('cursor-expired');
    expect(ids(pages)).toContain('after-expiry@gmail.test');
    expect(ids(pages)).toContain('paged-1@gmail.test');
    expect(ids(pages)).not.toContain('old-30h@gmail.test');
    // The restart's cursor works: nothing new after it.
    expect(ids(await collect(provider.scanHeaders('INBOX', { kind: 'cursor', cursor: pages.at(-1)!.cursor })))).toEqual([]);
  });

  it('refuses a cursor of another folder', async () => {
    const { provider } = open();
    const sentCursor = (await collect(provider.scanHeaders('SENT', { kind: 'initial-window', now }))).at(-1)!.cursor;
    expect(await rejection(collect(provider.scanHeaders('INBOX', { kind: 'cursor', cursor: sentCursor })))).toMatchObject({ code: 'invalid-input', field: 'cursor' });
  });

  it('searches by address with from:/to:/cc:/bcc: and since', async () => {
    deliver('from-zoe', ago(3), { from: 'Zoë Zander <zoe@candidates.example>' });
    deliver('cc-zoe', ago(2), { cc: 'zoe@candidates.example' });
    deliver('zoe-too-old', ago(50), { from: 'zoe@candidates.example' });
    const { provider } = open();
    const pages = await collect(provider.scanHeaders('INBOX', { kind: 'search', since: ago(48), addresses: ['zoe@candidates.example'] }));
    expect(ids(pages)).toEqual(['from-zoe@gmail.test', 'cc-zoe@gmail.test']);
    expect(pages[0]!.headers[0]!.from).toEqual([{ name: 'Zoë Zander', address: 'zoe@candidates.example' }]);
  });

  it('renews an expired access token once, mid-scan, and goes on', async () => {
    const { provider, source } = open(undefined, { pageSize: 1 });
    const pages: HeaderPage[] = [];
    for await (const page of provider.scanHeaders('INBOX', { kind: 'initial-window', now })) {
      pages.push(page);
      if (pages.length === 2) server.expireAccessTokens();
    }
    expect(ids(pages)).toContain('paged-5@gmail.test');
    expect(source.refreshes).toBe(1);
  });

  it('turns a revoked grant (invalid_grant) into auth-required, and disconnecting revokes it', async () => {
    const credential = grantFor(address);
    const { provider } = open(credential);
    expect((await provider.listFolders()).map((folder) => folder.path)).toEqual(['INBOX', 'SENT']);
    await revokeGmailCredential(config, credential);
    // Revoking twice reaches the same goal.
    await revokeGmailCredential(config, credential);
    const error = await rejection(provider.listFolders());
    expect(error).toMatchObject({ code: 'auth-required', retryable: false });
    expect(error.message).not.toContain(credential.refreshToken);
    expect(error.message).not.toContain(credential.accessToken);
  });

  it('translates 429 with Retry-After, 403 rateLimitExceeded, 500s and a cut connection', async () => {
    // Not retried in place here: what the seam sees when the failure persists.
    const { provider } = open(undefined, { retry: { ...defaultGmailRetry, retries: 0 } });
    server.inject({ route: /labels$/u, status: 429, retryAfterSeconds: 7 });
    expect(await rejection(provider.listFolders())).toMatchObject({ code: 'rate-limited', retryable: true, retryAfterMs: 7_000 });
    server.inject({ route: /labels$/u, status: 403, reason: 'rateLimitExceeded' });
    expect(await rejection(provider.listFolders())).toMatchObject({ code: 'rate-limited', retryable: true });
    server.inject({ route: /labels$/u, status: 503 });
    expect(await rejection(provider.listFolders())).toMatchObject({ code: 'network', retryable: true, connection: { kind: 'server-unreachable', cause: 'unavailable' } });
    server.inject({ route: /labels$/u, status: 0, destroy: true });
    expect(await rejection(provider.listFolders())).toMatchObject({ code: 'network', retryable: true });
    expect((await provider.listFolders()).length).toBe(2);
  });

  it('waits out 429 with Retry-After, 403 userRateLimitExceeded and 500s as Google asks, then answers; reports a lasting limit with its wait', async () => {
    const sleeps: number[] = [];
    // Waits are written down and skipped: the case checks how long, not the wall clock.
    let skipped = 0;
    const clock: GmailClock = {
      now: () => Date.now() + skipped,
      sleep: async (ms) => {
        sleeps.push(ms);
        skipped += ms;
      },
    };
    const quota = new GmailQuota({ clock });
    const { provider } = open(undefined, { quota, clock, random: () => 0.5 });
    server.inject({ route: /labels$/u, status: 429, retryAfterSeconds: 7 });
    expect((await provider.listFolders()).length).toBe(2);
    // The whole user cooled down for 7 s: once in the call, nothing else slipped through.
    expect(sleeps).toEqual([7_000]);
    server.inject({ route: /labels$/u, status: 403, reason: 'userRateLimitExceeded', times: 2 });
    expect((await provider.listFolders()).length).toBe(2);
    // Exponential with jitter: 1 s + 0.5 s, then 2 s + 0.5 s.
    expect(sleeps.slice(1)).toEqual([1_500, 2_500]);
    server.inject({ route: /labels$/u, status: 500, times: 2 });
    expect((await provider.listFolders()).length).toBe(2);
    // One try and the policy's four retries: all refused.
    server.inject({ route: /labels$/u, status: 429, times: 5 });
    const lasting = await rejection(provider.listFolders());
    expect(lasting).toMatchObject({ code: 'rate-limited', retryable: true });
    expect(lasting.retryAfterMs).toBeGreaterThan(0);
    expect((await provider.listFolders()).length).toBe(2);
    // Every try was metered: labels.list costs 1 unit.
    expect(quota.spent).toBe(2 + 3 + 3 + 5 + 1);
  });

  it('answers timeout, retryable, when Gmail accepts the connection and never answers', async () => {
    const sockets: net.Socket[] = [];
    const silent = net.createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const provider = createGmailProvider({ address, rootUrl: `http://127.0.0.1:${(silent.address() as net.AddressInfo).port}/` }, refreshingSource(grantFor(address)), { timeoutMs: 300 });
      providers.push(provider);
      expect(await rejection(provider.listFolders())).toMatchObject({ code: 'timeout', retryable: true });
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });

  it('never sends twice: a lost answer is looked up by Message-ID; a 500 before sending is unknown, a 429 not sent', async () => {
    const { provider } = open();
    const outgoing = (label: string) => ({ from: address, recipients: ['anna.berg@example.org'], raw: Buffer.from(raw(label, new Date(), { from: address, to: 'anna.berg@example.org' })) });
    server.inject({ route: /messages\/send$/u, status: 500, afterProcessing: true });
    expect(await provider.send(outgoing('lost-answer'))).toEqual({ outcome: 'accepted', refused: [] });
    expect(await provider.findByMessageId('SENT', 'lost-answer@gmail.test')).not.toBeNull();

    server.inject({ route: /messages\/send$/u, status: 500 });
    expect(await provider.send(outgoing('not-taken'))).toMatchObject({ outcome: 'unknown' });
    expect(await provider.findByMessageId('SENT', 'not-taken@gmail.test')).toBeNull();

    server.inject({ route: /messages\/send$/u, status: 429, retryAfterSeconds: 30 });
    expect(await provider.send(outgoing('slow-down'))).toMatchObject({ outcome: 'not-sent', failure: 'temporary', retryAfterMs: 30_000 });

    // Gmail sends to whom the headers name: a recipient only the envelope names is refused before anything goes out.
    await expect(provider.send({ ...outgoing('hidden-recipient'), recipients: ['anna.berg@example.org', 'else@example.org'] })).rejects.toMatchObject({ code: 'invalid-input', field: 'recipients' });
  });

  it('keeps the Bcc line in the Sent copy Gmail files, and labels it SENT', async () => {
    const { provider } = open();
    const source = `Bcc: hidden@example.org\r\n${raw('with-bcc', new Date(), { from: address, to: 'anna.berg@example.org' })}`;
    expect(await provider.send({ from: address, recipients: ['anna.berg@example.org', 'hidden@example.org'], raw: Buffer.from(source) })).toEqual({ outcome: 'accepted', refused: [] });
    const key = (await provider.findByMessageId('SENT', 'with-bcc@gmail.test')) as string;
    expect((await provider.fetchSource(key, 1_000_000)).toString('utf8')).toBe(source);
    const sent = (await collect(provider.scanHeaders('SENT', { kind: 'initial-window', now: new Date() }))).flatMap((page) => page.headers);
    expect(sent.find((headers) => headers.messageId === 'with-bcc@gmail.test')?.bcc).toEqual([{ name: '', address: 'hidden@example.org' }]);
  });

  it('sends a reply in the Gmail thread of the message it answers', async () => {
    const { provider } = open();
    const original = server.deliver(address, raw('thread-start', ago(1)), { internalDate: ago(1), threadId: 'thread-of-anna' });
    const reply = raw('thread-reply', new Date(), { from: address, to: 'anna.berg@example.org', inReplyTo: 'thread-start@gmail.test', references: ['thread-start@gmail.test'] });
    expect(await provider.send({ from: address, recipients: ['anna.berg@example.org'], raw: Buffer.from(reply) })).toEqual({ outcome: 'accepted', refused: [] });
    const key = (await provider.findByMessageId('SENT', 'thread-reply@gmail.test')) as string;
    const sentId = JSON.parse(key)[2] as string;
    expect(server.message(address, sentId)?.threadId).toBe(server.message(address, original)?.threadId);
  });

  it('sees new mail while waiting even behind read-state changes', async () => {
    const { provider } = open();
    const cursor = (await collect(provider.scanHeaders('INBOX', { kind: 'initial-window', now: new Date() }))).at(-1)!.cursor;
    const read = deliver('read-me', ago(0.5));
    const afterRead = (await collect(provider.scanHeaders('INBOX', { kind: 'cursor', cursor }))).at(-1)!.cursor;
    server.relabel(address, read, { remove: ['UNREAD'] });
    deliver('behind-the-read', new Date());
    expect(await provider.waitForChange('INBOX', afterRead, 5_000)).toBe('changed');
  });

  it('signs in through the browser: loopback redirect, PKCE, tokens that work; a refusal is auth-required', async () => {
    const signIn = await startGoogleSignIn(config, { loginHint: address, timeoutMs: 5_000 });
    const url = new URL(signIn.authorizationUrl);
    expect(url.origin + url.pathname).toBe(server.oauth.authorizeUrl);
    expect(url.searchParams.get('scope')).toBe('https://www.googleapis.com/auth/gmail.readonly https://www.googleapis.com/auth/gmail.send');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    // The browser: Google's redirect to the loopback listener.
    const redirect = await fetch(signIn.authorizationUrl, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    const page = await fetch(redirect.headers.get('location') as string);
    expect(await page.text()).toContain('Sign-in received');
    const credential = await signIn.credential;
    expect(credential).toMatchObject({ kind: 'oauth', accessToken: expect.any(String), refreshToken: expect.any(String) });
    const { provider } = open(credential);
    expect((await provider.listFolders()).length).toBe(2);

    server.nextSignIn('deny');
    const refused = await startGoogleSignIn(config, { timeoutMs: 5_000 });
    const back = await fetch(refused.authorizationUrl, { redirect: 'manual' });
    await fetch(back.headers.get('location') as string);
    expect(await rejection(refused.credential)).toMatchObject({ code: 'auth-required' });
  });
});

describe('Gmail mailbox through the provider factory', () => {
  it('opens a Gmail mailbox from its stored settings, Gmail filing the Sent copy', async () => {
    const stored = parseStoredSettings({ provider: 'gmail', address, clientId: server.clientId, rootUrl: server.rootUrl });
    const providers = createDefaultProviders({ pollIntervalMs: 100 });
    expect(providers.sentCopy(stored)).toBe('server');
    const provider = await providers.open(stored, refreshingSource(grantFor(address)));
    try {
      expect(provider).toMatchObject({ kind: 'gmail', sentCopy: 'server' });
      expect((await provider.listFolders()).map((folder) => [folder.path, folder.role])).toEqual([['INBOX', 'inbox'], ['SENT', 'sent']]);
    } finally {
      await provider.close();
    }
  });
});
