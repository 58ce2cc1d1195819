import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Credential, CredentialSource, OAuthCredential } from '../../electron/core/auth/credentials.js';
import { createMicrosoftProvider, refreshMicrosoftCredential, type MicrosoftOAuthConfig, type MicrosoftProviderOptions } from '../../electron/core/providers/microsoft/index.js';
import type { HeaderPage, MailProvider } from '../../electron/core/providers/mail-provider.js';
import { findFreePorts } from '../support/mail-servers/free-ports.js';
import { buildMessage } from '../support/mail-servers/index.js';
import { startGraphApi, type GraphApiServer } from '../support/graph-api/index.js';
import { describeProviderConformance, rejection, type ConformanceSetup } from './provider-conformance.js';

// The Microsoft provider with the real client (fetch against Graph v1.0, MSAL for renewal)
// against the local Entra ID and Graph stand-in: the conformance suite, then what only
// Microsoft has. One server for the file; the conformance suite uses one account, the
// Microsoft cases another.

const conformanceAddress = 'mona@contoso.test';
const address = 'milan@contoso.test';
const hour = 60 * 60 * 1000;
let server: GraphApiServer;
let config: MicrosoftOAuthConfig;
let closedPort: number;

beforeAll(async () => {
  server = await startGraphApi();
  server.addAccount(conformanceAddress, 'Mona Marx');
  server.addAccount(address, 'Milan Moser');
  config = {
    clientId: server.clientId,
    tenant: 'organizations',
    authority: { host: server.msal.authorityHost, metadata: server.msal.authorityMetadata('organizations'), networkClient: server.msal.networkClient },
  };
  [closedPort] = (await findFreePorts(1)) as [number];
});

afterAll(async () => {
  await server?.close();
});

/** The engine's behaviour in small: the current credential, renewed through MSAL when asked. */
function refreshingSource(account: string, initial: OAuthCredential): CredentialSource & { refreshes: number } {
  let current: Credential = initial;
  const source = {
    refreshes: 0,
    current: async () => current,
    refresh: async (rejected: Credential) => {
      if (rejected !== current) return current;
      source.refreshes += 1;
      current = await refreshMicrosoftCredential(config, account, current as OAuthCredential);
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

describeProviderConformance('Microsoft Graph, local stand-in', async (): Promise<ConformanceSetup> => {
  const openWith = async (credentials: CredentialSource, graphUrl = server.graphUrl) => createMicrosoftProvider({ address: conformanceAddress, graphUrl }, credentials, tuning);
  const valid = grantFor(conformanceAddress);
  const wrong = grantFor(conformanceAddress, true);
  return {
    provider: await openWith(refreshingSource(conformanceAddress, valid)),
    openWith: (credentials) => openWith(credentials),
    credential: (kind) => (kind === 'valid' ? valid : wrong),
    address: conformanceAddress,
    refusedRecipient: null,
    unknownRecipient: 'nobody@example.org',
    initialWindow: 'newest-messages',
    async fill(messages) {
      for (const message of messages) {
        server.deliver(conformanceAddress, message.raw, { folder: message.folder === 'inbox' ? 'inbox' : 'sentitems', receivedAt: message.receivedAt, isRead: message.seen ?? false });
      }
    },
    open(kind) {
      if (kind === 'wrong-credentials') return openWith(refreshingSource(conformanceAddress, grantFor(conformanceAddress, true)));
      if (kind === 'unreachable') return openWith(refreshingSource(conformanceAddress, valid), `http://127.0.0.1:${closedPort}/v1.0/`);
      return openWith(refreshingSource(conformanceAddress, valid));
    },
    expectedFolders: { inbox: server.folderId(conformanceAddress, 'inbox'), sent: server.folderId(conformanceAddress, 'sentitems'), sentRoleSource: 'provider' },
    async cleanup() {},
  };
});

async function collect(pages: AsyncIterable<HeaderPage>): Promise<HeaderPage[]> {
  const all: HeaderPage[] = [];
  for await (const page of pages) all.push(page);
  return all;
}

describe('Microsoft provider: what only Microsoft Graph has', () => {
  const providers: MailProvider[] = [];
  const open = (options: MicrosoftProviderOptions = {}) => {
    const source = refreshingSource(address, grantFor(address));
    const provider = createMicrosoftProvider({ address, graphUrl: server.graphUrl }, source, { ...tuning, ...options });
    providers.push(provider);
    return { provider, source };
  };
  const raw = (label: string, date: Date, fields: Partial<Parameters<typeof buildMessage>[0]> = {}) =>
    buildMessage({ from: 'Anna Berg <anna.berg@example.org>', to: address, subject: label, date, messageId: `${label}@graph.test`, body: `Body of ${label}`, ...fields });
  const deliver = (label: string, receivedAt: Date, fields: Partial<Parameters<typeof buildMessage>[0]> = {}) => server.deliver(address, raw(label, receivedAt, fields), { receivedAt });
  const ids = (pages: HeaderPage[]) => pages.flatMap((page) => page.headers.map((headers) => headers.messageId));
  const ago = (hours: number) => new Date(Date.now() - hours * hour);
  const inbox = () => server.folderId(address, 'inbox');
  const cursorNow = async (provider: MailProvider) => (await collect(provider.scanHeaders(inbox(), { kind: 'initial-window', now: new Date() }))).at(-1)!.cursor;

  afterAll(async () => {
    await Promise.all(providers.map((provider) => provider.close()));
  });

  it('reports 429 and 503 with Retry-After as rate-limited with the wait Microsoft asked for, and answers once they pass', async () => {
    // The provider does not wait in place: the engine's scheduler holds the mailbox for retryAfterMs.
    const { provider } = open();
    server.inject({ route: /mailFolders\/inbox$/u, status: 429, retryAfterSeconds: 7 });
    expect(await rejection(provider.listFolders())).toMatchObject({ code: 'rate-limited', retryable: true, retryAfterMs: 7_000 });
    server.inject({ route: /mailFolders\/inbox$/u, status: 503, retryAfterSeconds: 12 });
    expect(await rejection(provider.listFolders())).toMatchObject({ code: 'rate-limited', retryable: true, retryAfterMs: 12_000 });
    // A 503 without Retry-After is an outage, not throttling.
    server.inject({ route: /mailFolders\/inbox$/u, status: 503 });
    expect(await rejection(provider.listFolders())).toMatchObject({ code: 'network', retryable: true, connection: { kind: 'server-unreachable', cause: 'unavailable' } });
    // Throttling mid-scan: the scan fails with the wait, the next scan from the same cursor answers.
    const cursor = await cursorNow(provider);
    deliver('after-throttle', new Date());
    server.inject({ route: /messages\/delta$/u, status: 429, retryAfterSeconds: 3 });
    expect(await rejection(collect(provider.scanHeaders(inbox(), { kind: 'cursor', cursor })))).toMatchObject({ code: 'rate-limited', retryAfterMs: 3_000 });
    expect(ids(await collect(provider.scanHeaders(inbox(), { kind: 'cursor', cursor })))).toEqual(['after-throttle@graph.test']);
    expect((await provider.listFolders()).length).toBe(2);
  });

  it('starts over with the newest messages when the delta token expired (410 SyncStateNotFound), and says so on every page', async () => {
    const { provider } = open({ pageSize: 1 });
    const cursor = await cursorNow(provider);
    server.expireDelta(address, 'inbox');
    deliver('after-expiry', new Date());
    const pages = await collect(provider.scanHeaders(inbox(), { kind: 'cursor', cursor }));
    expect(pages.length).toBeGreaterThan(1);
    for (const page of pages) expect(page.restarted).toBe('cursor-expired');
    expect(ids(pages)).toEqual(expect.arrayContaining(['after-throttle@graph.test', 'after-expiry@graph.test']));
    // The restart's cursor works: nothing new after it.
    const after = await collect(provider.scanHeaders(inbox(), { kind: 'cursor', cursor: pages.at(-1)!.cursor }));
    expect(ids(after)).toEqual([]);
    expect(after.every((page) => page.restarted === undefined)).toBe(true);
  });

  it('also starts over on a 400 resyncRequired or syncStateInvalid, as the delta documentation allows', async () => {
    const { provider } = open();
    for (const code of ['resyncRequired', 'syncStateInvalid']) {
      const cursor = await cursorNow(provider);
      server.inject({ route: /messages\/delta$/u, status: 400, code });
      const pages = await collect(provider.scanHeaders(inbox(), { kind: 'cursor', cursor }));
      for (const page of pages) expect(page.restarted).toBe('cursor-expired');
      expect(ids(pages)).toContain('after-expiry@graph.test');
    }
  });

  it('reports mail deleted or moved out since the cursor as removed (@removed), and mail moved in as new', async () => {
    const { provider } = open();
    const gone = deliver('to-delete', ago(1));
    const moved = deliver('to-archive', ago(1));
    const archived = server.deliver(address, raw('came-back', ago(40)), { folder: 'archive', receivedAt: ago(40) });
    const cursor = await cursorNow(provider);
    server.remove(address, gone);
    server.move(address, moved, 'archive');
    server.move(address, archived, 'inbox');
    const pages = await collect(provider.scanHeaders(inbox(), { kind: 'cursor', cursor }));
    // A message moved in with an old date counts: the cursor is no date.
    expect(ids(pages)).toEqual(['came-back@graph.test']);
    expect(pages.flatMap((page) => page.removed ?? []).sort()).toEqual([gone, moved].sort());
    const after = await collect(provider.scanHeaders(inbox(), { kind: 'cursor', cursor: pages.at(-1)!.cursor }));
    expect(ids(after)).toEqual([]);
    expect(after.flatMap((page) => page.removed ?? [])).toEqual([]);
  });

  it('reads the headers of new mail 20 to a JSON batch, one batch at a time, and all of them', async () => {
    const { provider } = open();
    const cursor = await cursorNow(provider);
    const labels = Array.from({ length: 45 }, (_, index) => `batched-${String(index + 1).padStart(2, '0')}`);
    const delivered = labels.map((label, index) => deliver(label, ago(1 - index / 100)));
    server.remove(address, delivered.pop()!);
    server.maxInFlight(true);
    const requestsBefore = server.requests.length;
    const batchedBefore = server.batchedRequests.length;
    const pages = await collect(provider.scanHeaders(inbox(), { kind: 'cursor', cursor }));
    // The newest was deleted after delivery: gone from the delta, the rest all there, in order.
    expect(ids(pages)).toEqual(labels.slice(0, -1).map((label) => `${label}@graph.test`));
    const requests = server.requests.slice(requestsBefore);
    // 44 header GETs in 3 batches (20, 20, 4) instead of 44 requests.
    expect(requests.filter((request) => request === 'POST /v1.0/$batch')).toHaveLength(3);
    expect(requests.filter((request) => /GET \/v1\.0\/me\/messages\//u.test(request))).toEqual([]);
    expect(server.batchedRequests.slice(batchedBefore)).toHaveLength(44);
    expect(server.maxInFlight()).toBe(1);
    // Out of the way of the tests that read the newest 100.
    for (const id of delivered) server.remove(address, id);
  });

  it('fails a batch’s scan as the request alone would: 429 inside with its Retry-After; a message gone meanwhile (404) left out', async () => {
    const { provider } = open();
    const cursor = await cursorNow(provider);
    const delivered = [deliver('throttled-1', ago(0.5)), deliver('throttled-2', ago(0.4))];
    server.inject({ route: /^GET \/v1\.0\/me\/messages\/[^/]+$/u, status: 429, retryAfterSeconds: 4 });
    expect(await rejection(collect(provider.scanHeaders(inbox(), { kind: 'cursor', cursor })))).toMatchObject({ code: 'rate-limited', retryable: true, retryAfterMs: 4_000 });
    server.inject({ route: /^GET \/v1\.0\/me\/messages\/[^/]+$/u, status: 404 });
    expect(ids(await collect(provider.scanHeaders(inbox(), { kind: 'cursor', cursor })))).toEqual(['throttled-2@graph.test']);
    for (const id of delivered) server.remove(address, id);
  });

  it('keeps at most 4 requests in flight for the mailbox without batching, and reads all of them', async () => {
    const { provider } = open({ headerBatchSize: 1 });
    const cursor = await cursorNow(provider);
    const labels = Array.from({ length: 24 }, (_, index) => `parallel-${String(index + 1).padStart(2, '0')}`);
    const delivered = labels.map((label, index) => deliver(label, ago(1 - index / 100)));
    server.maxInFlight(true);
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on('warning', onWarning);
    const scan = new AbortController();
    const pages = await collect(provider.scanHeaders(inbox(), { kind: 'cursor', cursor }, scan.signal)).finally(() => process.off('warning', onWarning));
    expect(ids(pages)).toEqual(labels.map((label) => `${label}@graph.test`));
    // Parallel (headers are read one request a message), but never past Outlook's 4 per mailbox.
    expect(server.maxInFlight()).toBeGreaterThan(1);
    expect(server.maxInFlight()).toBeLessThanOrEqual(4);
    // The 20 waiting for a slot share the scan's signal: one abort listener on it, not one each (Node warns past 10).
    expect(warnings).not.toContain('MaxListenersExceededWarning');
    // Stopped while 20 wait for a slot: every one of them rejects with the reason, none goes out.
    const stop = new AbortController();
    const reason = new Error('stopped');
    const requestsBefore = server.requests.length;
    const unsubscribe = server.onRequest((request) => {
      if (/^GET \/v1\.0\/me\/messages\//u.test(request)) stop.abort(reason);
    });
    await expect(collect(provider.scanHeaders(inbox(), { kind: 'cursor', cursor }, stop.signal))).rejects.toBe(reason);
    unsubscribe();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.requests.slice(requestsBefore).filter((request) => /^GET \/v1\.0\/me\/messages\//u.test(request)).length).toBeLessThanOrEqual(4);
    for (const id of delivered) server.remove(address, id);
  });

  it('renews an expired access token through MSAL once (no account in its cache: by the vault\'s refresh token) and goes on; a revoked grant is auth-required without a token in the message', async () => {
    const { provider, source } = open({ pageSize: 1 });
    const pages: HeaderPage[] = [];
    for await (const page of provider.scanHeaders(inbox(), { kind: 'initial-window', now: new Date() })) {
      pages.push(page);
      // The newest messages come in one request: the renewal shows on the next call.
      if (pages.length === 1) server.expireAccessTokens();
    }
    expect((await provider.listFolders()).length).toBe(2);
    expect(source.refreshes).toBe(1);
    expect(ids(pages)).toContain('after-expiry@graph.test');

    const credential = grantFor(address);
    const revokedSource = refreshingSource(address, credential);
    const revoked = createMicrosoftProvider({ address, graphUrl: server.graphUrl }, revokedSource, tuning);
    providers.push(revoked);
    server.revoke(credential.refreshToken);
    server.expireAccessTokens();
    const error = await rejection(revoked.listFolders());
    expect(error).toMatchObject({ code: 'auth-required', retryable: false });
    expect(error.message).not.toContain(credential.refreshToken);
    expect(error.message).not.toContain(credential.accessToken);
  });

  it('searches by participant address with since, one $search per ten addresses', async () => {
    deliver('from-zoe', ago(3), { from: 'Zoë Zander <zoe@candidates.example>' });
    deliver('cc-zoe', ago(2), { cc: 'zoe@candidates.example' });
    deliver('zoe-too-old', ago(50), { from: 'zoe@candidates.example' });
    deliver('from-yann', ago(2.5), { from: 'yann@candidates.example' });
    const { provider } = open();
    const addresses = ['zoe@candidates.example', 'yann@candidates.example', ...Array.from({ length: 10 }, (_, index) => `nobody-${index}@candidates.example`)];
    const before = server.requests.length;
    const pages = await collect(provider.scanHeaders(inbox(), { kind: 'search', since: ago(48), addresses }));
    expect(ids(pages).sort()).toEqual(['cc-zoe@graph.test', 'from-yann@graph.test', 'from-zoe@graph.test']);
    expect(pages.flatMap((page) => page.headers).find((headers) => headers.messageId === 'from-zoe@graph.test')?.from).toEqual([{ name: 'Zoë Zander', address: 'zoe@candidates.example' }]);
    expect(server.requests.slice(before).filter((request) => request.endsWith('/messages'))).toHaveLength(2);
  });

  it('sees new mail while waiting even behind read-state changes', async () => {
    const { provider } = open();
    const cursor = await cursorNow(provider);
    const read = deliver('read-me', ago(0.5));
    const afterRead = (await collect(provider.scanHeaders(inbox(), { kind: 'cursor', cursor }))).at(-1)!.cursor;
    server.markRead(address, read, true);
    deliver('behind-the-read', new Date());
    expect(await provider.waitForChange(inbox(), afterRead, 5_000)).toBe('changed');
    // Delta reports a read-state change like an addition (no @removed); the seam allows a
    // message again (callers de-duplicate by key), so read-me may come back: never fewer.
    expect(ids(await collect(provider.scanHeaders(inbox(), { kind: 'cursor', cursor: afterRead })))).toContain('behind-the-read@graph.test');
  });

  it('answers timeout, retryable, when Graph accepts the connection and never answers', async () => {
    const sockets: net.Socket[] = [];
    const silent = net.createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const graphUrl = `http://127.0.0.1:${(silent.address() as net.AddressInfo).port}/v1.0/`;
      const provider = createMicrosoftProvider({ address, graphUrl }, refreshingSource(address, grantFor(address)), { timeoutMs: 300 });
      providers.push(provider);
      expect(await rejection(provider.listFolders())).toMatchObject({ code: 'timeout', retryable: true });
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });

  it('sends a reply into the Outlook conversation of the message it answers', async () => {
    const { provider } = open();
    const sentItems = server.folderId(address, 'sentitems');
    const sentCursor = (await collect(provider.scanHeaders(sentItems, { kind: 'initial-window', now: new Date() }))).at(-1)!.cursor;
    const original = deliver('conversation-start', ago(1));
    const reply = raw('conversation-reply', new Date(), { from: address, to: 'anna.berg@example.org', subject: 'Re: conversation-start', inReplyTo: 'conversation-start@graph.test', references: ['conversation-start@graph.test'] });
    expect(await provider.send({ from: address, recipients: ['anna.berg@example.org'], raw: Buffer.from(reply) })).toEqual({ outcome: 'accepted', refused: [] });
    const key = (await provider.findByMessageId('sentitems', 'conversation-reply@graph.test')) as string;
    expect(key).not.toBeNull();
    const copies = server.messagesIn(address, 'sentitems').map((id) => server.message(address, id)!);
    const copy = copies.find((message) => message.raw.includes(Buffer.from('conversation-reply@graph.test')));
    expect(copy?.conversationId).toBe(server.message(address, original)?.conversationId);
    // The Sent copy never went through transport: no internet headers, yet its threading
    // fields come (PR_IN_REPLY_TO_ID, PR_INTERNET_REFERENCES), so the reply joins its thread in Hirebox.
    const sent = (await collect(provider.scanHeaders(sentItems, { kind: 'cursor', cursor: sentCursor }))).flatMap((page) => page.headers);
    expect(sent.find((headers) => headers.messageId === 'conversation-reply@graph.test')).toMatchObject({ inReplyTo: ['conversation-start@graph.test'], references: ['conversation-start@graph.test'] });
  });

  it('never sends twice: a lost answer after sendMail is found in Sent Items and reported accepted', async () => {
    const { provider } = open();
    const outgoing = (label: string) => ({ from: address, recipients: ['anna.berg@example.org'], raw: Buffer.from(raw(label, new Date(), { from: address, to: 'anna.berg@example.org' })) });
    const sendsBefore = server.requests.filter((request) => request === 'POST /v1.0/me/sendMail').length;
    const sentBefore = server.messagesIn(address, 'sentitems').length;
    server.inject({ route: /sendMail$/u, status: 500, afterProcessing: true });
    expect(await provider.send(outgoing('lost-answer'))).toEqual({ outcome: 'accepted', refused: [] });
    expect(await provider.findByMessageId('sentitems', 'lost-answer@graph.test')).not.toBeNull();
    // One sendMail, one Sent copy: nothing went out again.
    expect(server.requests.filter((request) => request === 'POST /v1.0/me/sendMail').length).toBe(sendsBefore + 1);
    expect(server.messagesIn(address, 'sentitems').length).toBe(sentBefore + 1);

    server.inject({ route: /sendMail$/u, status: 500 });
    expect(await provider.send(outgoing('not-taken'))).toMatchObject({ outcome: 'unknown' });
    expect(await provider.findByMessageId('sentitems', 'not-taken@graph.test')).toBeNull();

    server.inject({ route: /sendMail$/u, status: 429, retryAfterSeconds: 30 });
    expect(await provider.send(outgoing('slow-down'))).toMatchObject({ outcome: 'not-sent', failure: 'temporary', retryAfterMs: 30_000 });
  });

  it('takes the newest 100 messages at first in a full folder, oldest first, and follows the rest by delta', async () => {
    const { provider } = open({ pageSize: 40 });
    const inboxOf = inbox();
    const labels = Array.from({ length: 110 }, (_, index) => `bulk-${String(index + 1).padStart(3, '0')}`);
    // Newer than everything delivered before: the window is exactly the last 100 of these.
    labels.forEach((label, index) => deliver(label, new Date(Date.now() + (index + 1) * 1_000)));
    const pages = await collect(provider.scanHeaders(inboxOf, { kind: 'initial-window', now: new Date() }));
    expect(ids(pages)).toEqual(labels.slice(10).map((label) => `${label}@graph.test`));
    expect(pages.map((page) => [page.scanned, page.total])).toEqual([[40, 100], [80, 100], [100, 100]]);
    deliver('after-bulk', new Date(Date.now() + 200_000));
    expect(ids(await collect(provider.scanHeaders(inboxOf, { kind: 'cursor', cursor: pages.at(-1)!.cursor })))).toEqual(['after-bulk@graph.test']);
  });
});
