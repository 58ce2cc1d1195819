import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { gmail_v1 } from '@googleapis/gmail';
import { matchesQuery, parseQuery } from './gmail-query.js';

// A local Gmail API and Google OAuth server for the integration tests, following Google's
// public documentation: the same paths, parameters, fields and error bodies as
// https://developers.google.com/workspace/gmail/api/reference/rest and
// https://developers.google.com/identity/protocols/oauth2/native-app. Every response is
// typed with the `gmail_v1` schema types of the client package, so a field that does not
// exist in the real API does not compile here. See docs/providers.md "Gmail".

type Message = gmail_v1.Schema$Message;
type History = gmail_v1.Schema$History;

/** One message as the stand-in keeps it. */
interface StoredMessage {
  id: string;
  threadId: string;
  labelIds: string[];
  raw: Buffer;
  internalDate: number;
  historyId: number;
}

interface Account {
  address: string;
  messages: Map<string, StoredMessage>;
  history: { id: number; record: History }[];
  /** history.list answers 404 for a startHistoryId below this (Gmail keeps about a week). */
  oldestHistoryId: number;
}

interface Grant {
  account: Account;
  refreshToken: string;
  revoked: boolean;
  scope: string;
}

interface AccessToken {
  grant: Grant;
  expiresAt: number;
}

interface AuthorizationCode {
  grant: Grant;
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  used: boolean;
}

/** A failure the next matching requests answer instead of the real answer. */
export interface InjectedFault {
  /** Matched against `METHOD /path` (e.g. `GET /gmail/v1/users/me/history`). */
  route: RegExp;
  status: number;
  /** Google's error `reason` (`rateLimitExceeded`, `backendError`, ...). */
  reason?: string;
  retryAfterSeconds?: number;
  /** How many requests answer with it; default 1. */
  times?: number;
  /** Cut the connection without an answer instead. */
  destroy?: boolean;
  /** Do what the request asks first, then answer the failure (a lost answer: the send went out). */
  afterProcessing?: boolean;
}

/** What the test side does to the account, as mail arriving and a person in the Gmail web app would. */
export interface DeliverOptions {
  labelIds?: string[];
  internalDate?: Date;
  threadId?: string;
}

export interface GmailApiServer {
  /** For `gmail({ rootUrl })`: ends with `/`. */
  rootUrl: string;
  /** OAuth endpoints for google-auth-library's `endpoints`. */
  oauth: { authorizeUrl: string; tokenUrl: string; revokeUrl: string };
  /** The client id the OAuth endpoints accept. */
  clientId: string;
  addAccount(address: string): void;
  /**
   * A signed-in grant for `address` without a browser (what the loopback sign-in would get):
   * an access token valid for `expiresInSeconds` and a refresh token.
   */
  grant(address: string, options?: { expiresInSeconds?: number }): { accessToken: string; refreshToken: string; expiresAt: Date };
  /** The account the next authorization request signs in as, or `deny` (the person refuses). */
  nextSignIn(answer: { address: string } | 'deny'): void;
  /** Revokes a refresh token (the person removed Hirebox from their Google account). */
  revoke(token: string): void;
  /** Expires every access token now (they answer 401 until refreshed). */
  expireAccessTokens(): void;
  /** A message arriving (or filed) in the account; answers its Gmail id. */
  deliver(address: string, raw: string | Buffer, options?: DeliverOptions): string;
  /** Deletes a message for good (not to Trash). */
  remove(address: string, id: string): void;
  /** Adds and removes labels of a message. */
  relabel(address: string, id: string, change: { add?: string[]; remove?: string[] }): void;
  /** Forgets the history so far: history.list from an older id answers 404. */
  expireHistory(address: string): void;
  /** The message as stored: labels and raw source. */
  message(address: string, id: string): { labelIds: string[]; raw: Buffer; threadId: string } | undefined;
  /** Every message of the account as stored (the fault matrix counts what was sent). */
  messages(address: string): { id: string; labelIds: string[]; raw: Buffer }[];
  /** Requests answered so far, as `METHOD /path` (query left out). */
  readonly requests: string[];
  inject(fault: InjectedFault): void;
  close(): Promise<void>;
}

const systemLabels: gmail_v1.Schema$Label[] = [
  { id: 'INBOX', name: 'INBOX', type: 'system', messageListVisibility: 'hide', labelListVisibility: 'labelShow' },
  { id: 'SENT', name: 'SENT', type: 'system' },
  { id: 'DRAFT', name: 'DRAFT', type: 'system' },
  { id: 'SPAM', name: 'SPAM', type: 'system', messageListVisibility: 'hide', labelListVisibility: 'labelHide' },
  { id: 'TRASH', name: 'TRASH', type: 'system', messageListVisibility: 'hide', labelListVisibility: 'labelHide' },
  { id: 'UNREAD', name: 'UNREAD', type: 'system' },
  { id: 'STARRED', name: 'STARRED', type: 'system' },
  { id: 'IMPORTANT', name: 'IMPORTANT', type: 'system' },
  { id: 'CATEGORY_PERSONAL', name: 'CATEGORY_PERSONAL', type: 'system' },
];
const knownLabelIds = new Set(systemLabels.map((label) => label.id));

const accessTokenSeconds = 3600;

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(`HTTP ${status}`);
  }
}

/** Google's JSON error body (https://cloud.google.com/apis/design/errors, the `errors` list of the v1 APIs). */
function apiError(status: number, message: string, reason: string, extra: Record<string, string> = {}): HttpError {
  const statusName: Record<number, string> = { 400: 'INVALID_ARGUMENT', 401: 'UNAUTHENTICATED', 403: 'PERMISSION_DENIED', 404: 'NOT_FOUND', 429: 'RESOURCE_EXHAUSTED', 500: 'INTERNAL', 503: 'UNAVAILABLE' };
  return new HttpError(status, { error: { code: status, message, errors: [{ message, domain: 'global', reason, ...extra }], status: statusName[status] ?? 'UNKNOWN' } });
}

function oauthError(error: string, description: string): HttpError {
  return new HttpError(400, { error, error_description: description });
}

export async function startGmailApi(options: { clientId?: string } = {}): Promise<GmailApiServer> {
  const clientId = options.clientId ?? 'hirebox-test-client.apps.googleusercontent.com';
  const accounts = new Map<string, Account>();
  const grants = new Map<string, Grant>();
  const accessTokens = new Map<string, AccessToken>();
  const codes = new Map<string, AuthorizationCode>();
  const faults: InjectedFault[] = [];
  const requests: string[] = [];
  let signInAnswer: { address: string } | 'deny' | null = null;
  let nextHistoryId = 1000;
  let nextMessageNumber = 1;

  const accountOf = (address: string): Account => {
    const account = accounts.get(address.toLowerCase());
    if (account === undefined) throw new Error(`no account ${address} in the Gmail stand-in`);
    return account;
  };
  const record = (account: Account, entry: Omit<History, 'id'>): number => {
    nextHistoryId += 1;
    account.history.push({ id: nextHistoryId, record: { id: String(nextHistoryId), ...entry } });
    return nextHistoryId;
  };
  const summary = (message: StoredMessage): Message => ({ id: message.id, threadId: message.threadId });
  const withLabels = (message: StoredMessage): Message => ({ id: message.id, threadId: message.threadId, labelIds: [...message.labelIds] });

  const newGrant = (account: Account, scope: string): Grant => {
    const grant: Grant = { account, refreshToken: `1//r-${randomBytes(18).toString('base64url')}`, revoked: false, scope };
    grants.set(grant.refreshToken, grant);
    return grant;
  };
  const newAccessToken = (grant: Grant, expiresInSeconds = accessTokenSeconds): { token: string; expiresAt: number } => {
    const token = `ya29.${randomBytes(24).toString('base64url')}`;
    const expiresAt = Date.now() + expiresInSeconds * 1000;
    accessTokens.set(token, { grant, expiresAt });
    return { token, expiresAt };
  };

  const deliver = (address: string, raw: string | Buffer, deliverOptions: DeliverOptions = {}): string => {
    const account = accountOf(address);
    const labelIds = deliverOptions.labelIds ?? ['INBOX', 'UNREAD'];
    for (const label of labelIds) if (!knownLabelIds.has(label)) throw new Error(`unknown label ${label}`);
    const id = (0x18c0000000000 + nextMessageNumber++).toString(16);
    const message: StoredMessage = {
      id,
      threadId: deliverOptions.threadId ?? id,
      labelIds: [...labelIds],
      raw: Buffer.isBuffer(raw) ? raw : Buffer.from(raw, 'utf8'),
      internalDate: (deliverOptions.internalDate ?? new Date()).getTime(),
      historyId: 0,
    };
    account.messages.set(id, message);
    message.historyId = record(account, { messages: [summary(message)], messagesAdded: [{ message: withLabels(message) }] });
    return id;
  };

  const remove = (address: string, id: string): void => {
    const account = accountOf(address);
    const message = account.messages.get(id);
    if (message === undefined) throw new Error(`no message ${id}`);
    account.messages.delete(id);
    record(account, { messages: [summary(message)], messagesDeleted: [{ message: withLabels(message) }] });
  };

  const relabel = (address: string, id: string, change: { add?: string[]; remove?: string[] }): void => {
    const account = accountOf(address);
    const message = account.messages.get(id);
    if (message === undefined) throw new Error(`no message ${id}`);
    const add = (change.add ?? []).filter((label) => !message.labelIds.includes(label));
    const removed = (change.remove ?? []).filter((label) => message.labelIds.includes(label));
    if (removed.length > 0) {
      const before = withLabels(message);
      message.labelIds = message.labelIds.filter((label) => !removed.includes(label));
      message.historyId = record(account, { messages: [summary(message)], labelsRemoved: [{ message: before, labelIds: removed }] });
    }
    if (add.length > 0) {
      message.labelIds.push(...add);
      message.historyId = record(account, { messages: [summary(message)], labelsAdded: [{ message: withLabels(message), labelIds: add }] });
    }
  };

  // --- OAuth -----------------------------------------------------------------------------

  const authorize = (url: URL): { location: string } => {
    const params = url.searchParams;
    if (params.get('client_id') !== clientId) throw oauthError('invalid_client', 'The OAuth client was not found.');
    const redirectUri = params.get('redirect_uri') ?? '';
    // Installed apps: a loopback redirect on any port (native-app guide, "Loopback IP address").
    if (!/^http:\/\/(127\.0\.0\.1|\[::1\]|localhost):\d+(\/.*)?$/u.test(redirectUri)) throw oauthError('invalid_request', 'redirect_uri must be a loopback address.');
    if (params.get('response_type') !== 'code') throw oauthError('unsupported_response_type', 'response_type must be code.');
    const challenge = params.get('code_challenge');
    if (challenge === null || params.get('code_challenge_method') !== 'S256') throw oauthError('invalid_request', 'PKCE with code_challenge_method=S256 is required.');
    const back = new URL(redirectUri);
    const state = params.get('state');
    if (state !== null) back.searchParams.set('state', state);
    const answer = signInAnswer ?? { address: params.get('login_hint') ?? [...accounts.values()][0]?.address ?? '' };
    signInAnswer = null;
    if (answer === 'deny') {
      back.searchParams.set('error', 'access_denied');
      return { location: back.toString() };
    }
    const grant = newGrant(accountOf(answer.address), params.get('scope') ?? '');
    const code = `4/${randomBytes(24).toString('base64url')}`;
    codes.set(code, { grant, clientId, redirectUri, codeChallenge: challenge, used: false });
    back.searchParams.set('code', code);
    back.searchParams.set('scope', grant.scope);
    return { location: back.toString() };
  };

  const token = (form: URLSearchParams): Record<string, string | number> => {
    if (form.get('client_id') !== clientId) throw new HttpError(401, { error: 'invalid_client', error_description: 'The OAuth client was not found.' });
    const grantType = form.get('grant_type');
    if (grantType === 'authorization_code') {
      const entry = codes.get(form.get('code') ?? '');
      if (entry === undefined || entry.used) throw oauthError('invalid_grant', 'Malformed auth code.');
      entry.used = true;
      if (entry.redirectUri !== form.get('redirect_uri')) throw oauthError('redirect_uri_mismatch', 'Bad Request');
      const verifier = form.get('code_verifier') ?? '';
      if (createHash('sha256').update(verifier).digest('base64url') !== entry.codeChallenge) throw oauthError('invalid_grant', 'Invalid code verifier.');
      const access = newAccessToken(entry.grant);
      return { access_token: access.token, expires_in: accessTokenSeconds, refresh_token: entry.grant.refreshToken, scope: entry.grant.scope, token_type: 'Bearer' };
    }
    if (grantType === 'refresh_token') {
      const grant = grants.get(form.get('refresh_token') ?? '');
      if (grant === undefined || grant.revoked) throw oauthError('invalid_grant', 'Token has been expired or revoked.');
      const access = newAccessToken(grant);
      // Google keeps the refresh token: none comes back on a refresh.
      return { access_token: access.token, expires_in: accessTokenSeconds, scope: grant.scope, token_type: 'Bearer' };
    }
    throw oauthError('unsupported_grant_type', 'Invalid grant_type.');
  };

  const revoke = (value: string): void => {
    const grant = grants.get(value) ?? accessTokens.get(value)?.grant;
    if (grant === undefined) throw oauthError('invalid_token', 'Token expired or revoked');
    grant.revoked = true;
    for (const [accessToken, entry] of accessTokens) if (entry.grant === grant) accessTokens.delete(accessToken);
  };

  // --- Gmail API ---------------------------------------------------------------------------

  const signedIn = (request: http.IncomingMessage): Account => {
    const header = request.headers.authorization ?? '';
    const entry = accessTokens.get(header.replace(/^Bearer /u, ''));
    if (entry === undefined || entry.grant.revoked || entry.expiresAt <= Date.now()) {
      throw apiError(401, 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.', 'authError', { location: 'Authorization', locationType: 'header' });
    }
    return entry.grant.account;
  };

  const metadataOf = (message: StoredMessage, format: string, names: readonly string[]): Message => {
    const base: Message = {
      id: message.id,
      threadId: message.threadId,
      labelIds: [...message.labelIds],
      snippet: '',
      historyId: String(message.historyId),
      internalDate: String(message.internalDate),
      sizeEstimate: message.raw.length,
    };
    if (format === 'minimal') return base;
    if (format === 'raw') return { ...base, raw: message.raw.toString('base64url') };
    const wanted = new Set(names.map((name) => name.toLowerCase()));
    const headers = headerFields(message.raw).filter((field) => format === 'full' || wanted.size === 0 || wanted.has((field.name ?? '').toLowerCase()));
    return { ...base, payload: { partId: '', mimeType: 'text/plain', filename: '', headers } };
  };

  const messagesList = (account: Account, url: URL): gmail_v1.Schema$ListMessagesResponse => {
    const labelIds = url.searchParams.getAll('labelIds');
    const query = parseQuery(url.searchParams.get('q') ?? '');
    if (query instanceof Error) throw apiError(400, `Invalid query: ${query.message}`, 'invalidArgument');
    const maxResults = Math.min(500, Number(url.searchParams.get('maxResults') ?? 100) || 100);
    const offset = pageOffset(url.searchParams.get('pageToken'));
    const found = [...account.messages.values()]
      .filter((message) => labelIds.every((label) => message.labelIds.includes(label)))
      .filter((message) => url.searchParams.get('includeSpamTrash') === 'true' || (!message.labelIds.includes('SPAM') && !message.labelIds.includes('TRASH')))
      .filter((message) => matchesQuery(query, { raw: message.raw, internalDate: message.internalDate, labelIds: message.labelIds }))
      .sort((left, right) => right.internalDate - left.internalDate || right.historyId - left.historyId);
    const page = found.slice(offset, offset + maxResults);
    const response: gmail_v1.Schema$ListMessagesResponse = { resultSizeEstimate: found.length };
    if (page.length > 0) response.messages = page.map(summary);
    if (offset + maxResults < found.length) response.nextPageToken = pageToken(offset + maxResults);
    return response;
  };

  const historyList = (account: Account, url: URL): gmail_v1.Schema$ListHistoryResponse => {
    const start = Number(url.searchParams.get('startHistoryId'));
    if (!Number.isSafeInteger(start) || start <= 0) throw apiError(400, 'Invalid startHistoryId', 'invalidArgument');
    if (start < account.oldestHistoryId) throw apiError(404, 'Requested entity was not found.', 'notFound');
    const label = url.searchParams.get('labelId');
    const types = new Set(url.searchParams.getAll('historyTypes'));
    const maxResults = Math.min(500, Number(url.searchParams.get('maxResults') ?? 100) || 100);
    const offset = pageOffset(url.searchParams.get('pageToken'));
    const matching = account.history
      .filter((entry) => entry.id > start)
      .map((entry) => filterRecord(entry.record, label, types))
      .filter((entry): entry is History => entry !== null);
    const page = matching.slice(offset, offset + maxResults);
    const response: gmail_v1.Schema$ListHistoryResponse = { historyId: String(currentHistoryId(account)) };
    if (page.length > 0) response.history = page;
    if (offset + maxResults < matching.length) response.nextPageToken = pageToken(offset + maxResults);
    return response;
  };

  const currentHistoryId = (account: Account): number => account.history.at(-1)?.id ?? account.oldestHistoryId;

  const send = (account: Account, body: unknown): Message => {
    const raw = typeof body === 'object' && body !== null && 'raw' in body && typeof body.raw === 'string' ? body.raw : null;
    if (raw === null || raw === '') throw apiError(400, "'raw' RFC822 payload message string or uploading message via /upload/* URL required", 'invalidArgument');
    const source = Buffer.from(raw, 'base64url');
    const fields = headerFields(source);
    const recipients = fields.filter((field) => /^(to|cc|bcc)$/iu.test(field.name ?? '')).flatMap((field) => addressesIn(field.value ?? ''));
    if (recipients.length === 0) throw apiError(400, 'Invalid To header', 'invalidArgument');
    const threadId = typeof body === 'object' && body !== null && 'threadId' in body && typeof body.threadId === 'string' ? body.threadId : undefined;
    // The sender's copy keeps Bcc; what the recipients get goes without it.
    const id = deliver(account.address, source, { labelIds: ['SENT'], ...(threadId === undefined ? {} : { threadId }) });
    const delivered = withoutBcc(source);
    for (const recipient of new Set(recipients.map((address) => address.toLowerCase()))) {
      if (accounts.has(recipient)) deliver(recipient, delivered, { labelIds: ['INBOX', 'UNREAD'] });
    }
    const sent = account.messages.get(id) as StoredMessage;
    return { id: sent.id, threadId: sent.threadId, labelIds: [...sent.labelIds] };
  };

  const route = async (request: http.IncomingMessage, url: URL, body: Buffer): Promise<{ status: number; json?: unknown; location?: string }> => {
    const method = request.method ?? 'GET';
    const path = url.pathname;
    if (method === 'GET' && path === '/o/oauth2/v2/auth') return { status: 302, ...authorize(url) };
    if (method === 'POST' && path === '/token') return { status: 200, json: token(new URLSearchParams(body.toString('utf8'))) };
    if (method === 'POST' && path === '/revoke') {
      revoke(url.searchParams.get('token') ?? new URLSearchParams(body.toString('utf8')).get('token') ?? '');
      return { status: 200, json: {} };
    }
    const api = /^\/gmail\/v1\/users\/([^/]+)\/(.+)$/u.exec(path);
    if (api === null) throw apiError(404, 'Not Found', 'notFound');
    const account = signedIn(request);
    if (api[1] !== 'me' && decodeURIComponent(api[1] ?? '').toLowerCase() !== account.address) throw apiError(403, 'Delegation denied', 'forbidden');
    const rest = api[2] ?? '';
    if (method === 'GET' && rest === 'profile') {
      const profile: gmail_v1.Schema$Profile = { emailAddress: account.address, messagesTotal: account.messages.size, threadsTotal: account.messages.size, historyId: String(currentHistoryId(account)) };
      return { status: 200, json: profile };
    }
    if (method === 'GET' && rest === 'labels') {
      const labels: gmail_v1.Schema$ListLabelsResponse = { labels: systemLabels };
      return { status: 200, json: labels };
    }
    if (method === 'GET' && rest === 'messages') return { status: 200, json: messagesList(account, url) };
    if (method === 'POST' && rest === 'messages/send') return { status: 200, json: send(account, parseJson(body)) };
    if (method === 'GET' && rest === 'history') return { status: 200, json: historyList(account, url) };
    const get = /^messages\/([0-9a-f]+)$/u.exec(rest);
    if (method === 'GET' && get !== null) {
      const message = account.messages.get(get[1] ?? '');
      if (message === undefined) throw apiError(404, 'Requested entity was not found.', 'notFound');
      const format = url.searchParams.get('format') ?? 'full';
      if (!['minimal', 'full', 'raw', 'metadata'].includes(format)) throw apiError(400, `Invalid value at 'format' (${format})`, 'invalidArgument');
      return { status: 200, json: metadataOf(message, format, url.searchParams.getAll('metadataHeaders')) };
    }
    throw apiError(404, 'Not Found', 'notFound');
  };

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const name = `${request.method ?? 'GET'} ${url.pathname}`;
      requests.push(name);
      const fault = faults.find((candidate) => candidate.route.test(name));
      if (fault !== undefined) {
        fault.times = (fault.times ?? 1) - 1;
        if (fault.times <= 0) faults.splice(faults.indexOf(fault), 1);
        if (fault.afterProcessing === true) void route(request, url, Buffer.concat(chunks)).catch(() => undefined);
        if (fault.destroy === true) return void request.socket.destroy();
        const error = apiError(fault.status, fault.status === 429 ? 'Resource has been exhausted (e.g. check quota).' : 'Backend Error', fault.reason ?? (fault.status === 429 ? 'rateLimitExceeded' : 'backendError'));
        const headers: Record<string, string> = { 'Content-Type': 'application/json; charset=UTF-8' };
        if (fault.retryAfterSeconds !== undefined) headers['Retry-After'] = String(fault.retryAfterSeconds);
        response.writeHead(fault.status, headers);
        return void response.end(JSON.stringify(error.body));
      }
      route(request, url, Buffer.concat(chunks)).then(
        (answer) => {
          if (answer.location !== undefined) {
            response.writeHead(answer.status, { Location: answer.location });
            return void response.end();
          }
          response.writeHead(answer.status, { 'Content-Type': 'application/json; charset=UTF-8' });
          response.end(JSON.stringify(answer.json));
        },
        (error: unknown) => {
          const failure = error instanceof HttpError ? error : apiError(500, error instanceof Error ? error.message : 'Backend Error', 'backendError');
          response.writeHead(failure.status, { 'Content-Type': 'application/json; charset=UTF-8', ...failure.headers });
          response.end(JSON.stringify(failure.body));
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    rootUrl: `${base}/`,
    oauth: { authorizeUrl: `${base}/o/oauth2/v2/auth`, tokenUrl: `${base}/token`, revokeUrl: `${base}/revoke` },
    clientId,
    addAccount(address) {
      if (!accounts.has(address.toLowerCase())) accounts.set(address.toLowerCase(), { address: address.toLowerCase(), messages: new Map(), history: [], oldestHistoryId: nextHistoryId });
    },
    grant(address, grantOptions = {}) {
      const grant = newGrant(accountOf(address), 'https://www.googleapis.com/auth/gmail.readonly https://www.googleapis.com/auth/gmail.send');
      const access = newAccessToken(grant, grantOptions.expiresInSeconds);
      return { accessToken: access.token, refreshToken: grant.refreshToken, expiresAt: new Date(access.expiresAt) };
    },
    nextSignIn(answer) {
      signInAnswer = answer;
    },
    revoke,
    expireAccessTokens() {
      for (const entry of accessTokens.values()) entry.expiresAt = 0;
    },
    deliver,
    remove,
    relabel,
    expireHistory(address) {
      const account = accountOf(address);
      nextHistoryId += 1;
      account.oldestHistoryId = nextHistoryId;
      account.history = [];
    },
    message(address, id) {
      const message = accountOf(address).messages.get(id);
      return message === undefined ? undefined : { labelIds: [...message.labelIds], raw: message.raw, threadId: message.threadId };
    },
    messages(address) {
      return [...accountOf(address).messages.values()].map((message) => ({ id: message.id, labelIds: [...message.labelIds], raw: message.raw }));
    },
    requests,
    inject(fault) {
      faults.push({ ...fault });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A history record cut to one label and the asked-for types; null when nothing of it is left. */
function filterRecord(record: History, label: string | null, types: ReadonlySet<string>): History | null {
  const wantsType = (type: string) => types.size === 0 || types.has(type);
  const hasLabel = (message: Message | undefined, changed?: readonly string[] | null) =>
    label === null || (message?.labelIds ?? []).includes(label) || (changed ?? []).includes(label);
  const out: History = { id: record.id, messages: record.messages };
  let any = false;
  const added = (record.messagesAdded ?? []).filter((entry) => wantsType('messageAdded') && hasLabel(entry.message));
  if (added.length > 0) (out.messagesAdded = added), (any = true);
  const deleted = (record.messagesDeleted ?? []).filter((entry) => wantsType('messageDeleted') && hasLabel(entry.message));
  if (deleted.length > 0) (out.messagesDeleted = deleted), (any = true);
  const labelsAdded = (record.labelsAdded ?? []).filter((entry) => wantsType('labelAdded') && hasLabel(entry.message, entry.labelIds));
  if (labelsAdded.length > 0) (out.labelsAdded = labelsAdded), (any = true);
  const labelsRemoved = (record.labelsRemoved ?? []).filter((entry) => wantsType('labelRemoved') && hasLabel(entry.message, entry.labelIds));
  if (labelsRemoved.length > 0) (out.labelsRemoved = labelsRemoved), (any = true);
  return any ? out : null;
}

/** The header block's fields, unfolded, names as written: what `payload.headers` holds. */
export function headerFields(raw: Buffer): gmail_v1.Schema$MessagePartHeader[] {
  const text = raw.toString('utf8');
  const end = text.search(/\r?\n\r?\n/u);
  const head = end < 0 ? text : text.slice(0, end);
  const fields: gmail_v1.Schema$MessagePartHeader[] = [];
  for (const line of head.replace(/\r?\n[ \t]+/gu, ' ').split(/\r?\n/u)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    fields.push({ name: line.slice(0, colon).trim(), value: line.slice(colon + 1).trim() });
  }
  return fields;
}

function withoutBcc(raw: Buffer): Buffer {
  const text = raw.toString('utf8');
  const end = text.search(/\r?\n\r?\n/u);
  const head = end < 0 ? text : text.slice(0, end);
  const kept = head.split(/(?=\r?\n(?![ \t]))/u).filter((field) => !/^(\r?\n)?bcc:/iu.test(field));
  const joined = kept.join('').replace(/^\r?\n/u, '');
  return Buffer.from(joined + (end < 0 ? '' : text.slice(end)), 'utf8');
}

function addressesIn(value: string): string[] {
  return value.match(/[^\s<>(),;:"@]+@[^\s<>(),;:"@]+/gu) ?? [];
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw apiError(400, 'Invalid JSON payload received.', 'parseError');
  }
}

function pageToken(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString('base64url');
}

function pageOffset(token: string | null): number {
  if (token === null || token === '') return 0;
  const match = /^offset:(\d+)$/u.exec(Buffer.from(token, 'base64url').toString('utf8'));
  if (match === null) throw apiError(400, 'Invalid pageToken', 'invalidArgument');
  return Number(match[1]);
}
