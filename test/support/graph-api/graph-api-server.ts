import { createHash, randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';
import type { EmailAddress, InternetMessageHeader, MailFolder, Message, Recipient, SingleValueLegacyExtendedProperty, User } from '@microsoft/microsoft-graph-types';
import { decodeWords } from '../../../electron/core/providers/gmail/gmail-headers.js';
import addressparser from 'nodemailer/lib/addressparser';
import { parseSearch, matchesSearch } from './graph-search.js';

// A local Microsoft identity platform (Entra ID) and Microsoft Graph v1.0 server for the
// integration tests, following Microsoft's public documentation:
// - OAuth 2.0 authorization code flow with PKCE, refresh tokens that rotate, OpenID metadata
//   (https://learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow);
// - mail folders, messages, `$select`/`$top`/`$orderby`/`$filter`/`$search`, delta query with
//   `@odata.nextLink`/`@odata.deltaLink` and `@removed`, `$value`, `sendMail` with MIME
//   (https://learn.microsoft.com/graph/api/resources/mail-api-overview, .../delta-query-messages,
//   .../outlook-send-mime-message); error bodies `{ error: { code, message } }`, 429/503 with
//   Retry-After (https://learn.microsoft.com/graph/throttling), 410 for an expired delta token.
// Every payload is typed with @microsoft/microsoft-graph-types, so a property the real API does
// not have does not compile here. See docs/providers.md "The local Graph API".

/** The host MSAL is told the authority lives on; `networkClient` carries it to this server. */
export const fakeAuthorityHost = 'login.hirebox.test';
/** PR_MESSAGE_SIZE as a Graph extended property id (MS-OXPROPS 2.796, PidTagMessageSize). */
export const messageSizeProperty = 'Integer 0x0E08';
/** PR_IN_REPLY_TO_ID and PR_INTERNET_REFERENCES (MS-OXPROPS): set on every message, also the sender's own copy. */
export const inReplyToProperty = 'String 0x1042';
export const referencesProperty = 'String 0x1039';
const extendedProperties = [messageSizeProperty, inReplyToProperty, referencesProperty];

interface StoredMessage {
  id: string;
  folderId: string;
  raw: Buffer;
  receivedAt: number;
  isRead: boolean;
  conversationId: string;
  /** MS-OXOMSG 2.2.1.3: 22 bytes for the first of a conversation, 5 more per reply. */
  conversationIndex: Buffer;
  /**
   * Whether it came in through transport: only then has it `internetMessageHeaders`. The
   * sender's own copy in Sent Items never went through transport and has none.
   */
  transported: boolean;
  /** The Message-ID header as written (`<...>`), read once when stored: lookups by it stay cheap in a big mailbox. */
  internetMessageId: string | null;
}

interface FolderState {
  id: string;
  wellKnownName: string;
  displayName: string;
  /** Every change, in order: what delta replays after a token's position. */
  changes: { seq: number; messageId: string; kind: 'added' | 'updated' | 'removed' }[];
  /** A delta token below this answers 410 (the sync state is gone). */
  oldestSeq: number;
}

interface Account {
  address: string;
  displayName: string;
  objectId: string;
  tenantId: string;
  folders: Map<string, FolderState>;
  messages: Map<string, StoredMessage>;
}

interface Grant {
  account: Account;
  clientId: string;
  scope: string;
  /** The refresh token valid now; each refresh hands out a new one and spends this. */
  refreshToken: string;
  revoked: boolean;
}

interface AuthorizationCode {
  grant: Grant;
  redirectUri: string;
  codeChallenge: string;
  used: boolean;
}

/** A failure the next matching requests answer instead of the real answer. */
export interface InjectedFault {
  /** Matched against `METHOD /path` (e.g. `GET /v1.0/me/mailFolders/inbox/messages/delta`). */
  route: RegExp;
  status: number;
  /** Graph's error code; default by status (`TooManyRequests`, `ServiceUnavailable`, ...). */
  code?: string;
  retryAfterSeconds?: number;
  /** How many requests answer with it; default 1. */
  times?: number;
  /** Cut the connection without an answer instead. */
  destroy?: boolean;
  /** Do what the request asks first, then fail (a lost answer: the mail went out). */
  afterProcessing?: boolean;
}

export interface DeliverOptions {
  /** Well-known name (`inbox`, `sentitems`, `archive`, `deleteditems`); default inbox. */
  folder?: string;
  receivedAt?: Date;
  isRead?: boolean;
}

export interface GraphApiServer {
  /** For the provider's `graphUrl`: `http://127.0.0.1:PORT/v1.0/`. */
  graphUrl: string;
  /** What MSAL is configured with: the authority on the fake host, and how to reach it. */
  msal: { authorityHost: string; authorityMetadata(tenant: string): string; networkClient: INetworkModule };
  /** The application (client) id the endpoints accept. */
  clientId: string;
  addAccount(address: string, displayName?: string): void;
  /** A signed-in grant without a browser: tokens as the code exchange would answer them. */
  grant(address: string, options?: { expiresInSeconds?: number }): { accessToken: string; refreshToken: string; expiresAt: Date };
  /** Who signs in at the next authorization request, or `deny` (the person refuses). */
  nextSignIn(answer: { address: string } | 'deny'): void;
  /** The grant of this refresh token is revoked (an admin revoked the sessions; the user changed the password). */
  revoke(refreshToken: string): void;
  /** The refresh token a grant holds now (after rotations), found by any token it ever had. */
  currentRefreshToken(anyRefreshToken: string): string | undefined;
  /** Every access token answers 401 from now on, until refreshed. */
  expireAccessTokens(): void;
  deliver(address: string, raw: string | Buffer, options?: DeliverOptions): string;
  remove(address: string, id: string): void;
  /** Moves a message; Graph gives it a new id in the folder it lands in. Answers the new id. */
  move(address: string, id: string, folder: string): string;
  markRead(address: string, id: string, isRead: boolean): void;
  /** Forgets the folder's sync state: older delta tokens answer 410. */
  expireDelta(address: string, folder: string): void;
  message(address: string, id: string): { folder: string; raw: Buffer; conversationId: string; isRead: boolean } | undefined;
  /** Ids of the folder's messages, oldest first. */
  messagesIn(address: string, folder: string): string[];
  folderId(address: string, folder: string): string;
  /** Requests answered so far, as `METHOD /path` (query left out); a `$batch` is one request. */
  readonly requests: string[];
  /** The requests inside `$batch` requests, as `METHOD /v1.0/path`. */
  readonly batchedRequests: string[];
  /**
   * Called as each request arrives (`METHOD /path`), before it is answered or a fault looked
   * up: a fault run acts at an exact request. Answers the unsubscribe.
   */
  onRequest(listener: (request: string) => void): () => void;
  /** The most Graph requests that were in flight at once since the last reset. */
  maxInFlight(reset?: boolean): number;
  inject(fault: InjectedFault): void;
  /** Injected faults no request has used up yet (`times` left of each). */
  pendingFaults(): InjectedFault[];
  close(): Promise<void>;
}

/** What a route answers; `destroy`: the connection is cut (a fault inside a `$batch`). */
interface Answer {
  status: number;
  json?: unknown;
  text?: Buffer;
  location?: string;
  destroy?: boolean;
}

/** What the routes read of a request: a `$batch` hands its requests in as these. */
type RequestHead = Pick<http.IncomingMessage, 'method' | 'headers'>;

/** JSON batching's request and response bodies, as https://learn.microsoft.com/graph/json-batching describes them. */
interface BatchRequestItem {
  id: string;
  method: string;
  /** Relative to the version root: `/me/messages/{id}?$select=...`. */
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  dependsOn?: string[];
}
interface BatchRequestBody {
  requests: BatchRequestItem[];
}
interface BatchResponseItem {
  id: string;
  status: number;
  headers?: Record<string, string>;
  /** JSON, or base64 for a binary answer. */
  body?: unknown;
}
interface BatchResponseBody {
  responses: BatchResponseItem[];
}
/** Requests in one batch at most. */
const maxBatchRequests = 20;

const accessTokenSeconds = 3600;
const wellKnownFolders = [
  { wellKnownName: 'inbox', displayName: 'Inbox' },
  { wellKnownName: 'sentitems', displayName: 'Sent Items' },
  { wellKnownName: 'drafts', displayName: 'Drafts' },
  { wellKnownName: 'deleteditems', displayName: 'Deleted Items' },
  { wellKnownName: 'archive', displayName: 'Archive' },
] as const;

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(`HTTP ${status}`);
  }
}

/** Graph's error body (https://learn.microsoft.com/graph/errors). */
function graphError(status: number, code: string, message: string, headers: Record<string, string> = {}): HttpError {
  return new HttpError(status, { error: { code, message, innerError: { date: new Date().toISOString(), 'request-id': randomUUID(), 'client-request-id': randomUUID() } } }, headers);
}

/** The identity platform's error body (AADSTS codes), https://learn.microsoft.com/entra/identity-platform/reference-error-codes. */
function aadError(status: number, error: string, code: number, description: string): HttpError {
  return new HttpError(status, { error, error_description: `AADSTS${code}: ${description}`, error_codes: [code], timestamp: new Date().toISOString(), trace_id: randomUUID(), correlation_id: randomUUID() });
}

const defaultCodes: Record<number, string> = { 400: 'BadRequest', 401: 'InvalidAuthenticationToken', 403: 'ErrorAccessDenied', 404: 'ErrorItemNotFound', 429: 'TooManyRequests', 500: 'InternalServerError', 503: 'ServiceUnavailable', 504: 'GatewayTimeout' };

export async function startGraphApi(options: { clientId?: string } = {}): Promise<GraphApiServer> {
  const clientId = options.clientId ?? '6731de76-14a6-49ae-97bc-6eba6914391e';
  const accounts = new Map<string, Account>();
  const grants = new Map<string, Grant>();
  /** Every refresh token ever issued, to its grant: a spent one is recognised (and refused). */
  const issuedRefreshTokens = new Map<string, Grant>();
  const accessTokens = new Map<string, { grant: Grant; expiresAt: number }>();
  const codes = new Map<string, AuthorizationCode>();
  const faults: InjectedFault[] = [];
  const requests: string[] = [];
  const batchedRequests: string[] = [];
  const requestListeners = new Set<(request: string) => void>();
  let signInAnswer: { address: string } | 'deny' | null = null;
  let seq = 1;
  let inFlight = 0;
  let peakInFlight = 0;

  const accountOf = (address: string): Account => {
    const account = accounts.get(address.toLowerCase());
    if (account === undefined) throw new Error(`no account ${address} in the Graph stand-in`);
    return account;
  };
  const folderOf = (account: Account, name: string): FolderState | undefined => {
    const lower = name.toLowerCase();
    for (const folder of account.folders.values()) if (folder.id === name || folder.wellKnownName === lower) return folder;
    return undefined;
  };
  const folderNamed = (account: Account, name: string): FolderState => {
    const folder = folderOf(account, name);
    if (folder === undefined) throw new Error(`no folder ${name}`);
    return folder;
  };
  const change = (account: Account, folderId: string, messageId: string, kind: 'added' | 'updated' | 'removed') => {
    const folder = [...account.folders.values()].find((entry) => entry.id === folderId);
    folder?.changes.push({ seq: seq++, messageId, kind });
  };
  const newMessageId = () => `AAMkAGVmMDEz${randomBytes(30).toString('base64url')}`;

  const store = (account: Account, raw: Buffer, folder: FolderState, receivedAt: number, isRead: boolean, conversation?: { id: string; index: Buffer }): string => {
    const id = newMessageId();
    const conversationIndex = conversation === undefined ? rootConversationIndex(receivedAt) : childConversationIndex(conversation.index);
    const transported = folder.wellKnownName !== 'sentitems' && folder.wellKnownName !== 'drafts';
    account.messages.set(id, { id, folderId: folder.id, raw, receivedAt, isRead, conversationId: conversation?.id ?? `AAQk${randomBytes(20).toString('base64url')}`, conversationIndex, transported, internetMessageId: internetMessageIdOf(raw) });
    change(account, folder.id, id, 'added');
    return id;
  };

  /**
   * Exchange threads by Thread-Index first (MS-OXOMSG 2.2.1.3): a message whose index starts
   * with a stored conversation's 22-byte root joins it; else the message In-Reply-To or the
   * last References entry names, when the mailbox holds it.
   */
  const conversationFor = (account: Account, raw: Buffer): { id: string; index: Buffer } | undefined => {
    const fields = headerFields(raw);
    const threadIndex = fields.find((field) => field.name?.toLowerCase() === 'thread-index')?.value;
    if (threadIndex) {
      const root = Buffer.from(threadIndex, 'base64').subarray(0, 22);
      const parent = [...account.messages.values()].find((message) => message.conversationIndex.subarray(0, 22).equals(root));
      if (parent !== undefined) return { id: parent.conversationId, index: Buffer.from(threadIndex, 'base64').subarray(0, Math.max(22, Buffer.from(threadIndex, 'base64').length - 5)) };
    }
    const parentIds = [
      ...(fields.find((field) => field.name?.toLowerCase() === 'in-reply-to')?.value ?? '').match(/<[^>]+>/gu) ?? [],
      ...((fields.find((field) => field.name?.toLowerCase() === 'references')?.value ?? '').match(/<[^>]+>/gu) ?? []).reverse(),
    ];
    for (const parentId of parentIds) {
      const parent = [...account.messages.values()].find((message) => message.internetMessageId === parentId);
      if (parent !== undefined) return { id: parent.conversationId, index: parent.conversationIndex };
    }
    return undefined;
  };

  const deliver = (address: string, raw: string | Buffer, deliverOptions: DeliverOptions = {}): string => {
    const account = accountOf(address);
    const source = Buffer.isBuffer(raw) ? raw : Buffer.from(raw, 'utf8');
    return store(account, source, folderNamed(account, deliverOptions.folder ?? 'inbox'), (deliverOptions.receivedAt ?? new Date()).getTime(), deliverOptions.isRead ?? false, conversationFor(account, source));
  };

  // --- Identity platform ------------------------------------------------------------------

  const newAccessToken = (grant: Grant, expiresInSeconds = accessTokenSeconds) => {
    const token = `eyJ0eXAiOiJKV1Qi.${randomBytes(32).toString('base64url')}`;
    const expiresAt = Date.now() + expiresInSeconds * 1000;
    accessTokens.set(token, { grant, expiresAt });
    return { token, expiresAt };
  };
  const newRefreshToken = (grant: Grant) => {
    const token = `1.AU8A${randomBytes(40).toString('base64url')}`;
    grant.refreshToken = token;
    issuedRefreshTokens.set(token, grant);
    return token;
  };
  const newGrant = (account: Account, scope: string): Grant => {
    const grant: Grant = { account, clientId, scope, refreshToken: '', revoked: false };
    newRefreshToken(grant);
    grants.set(randomUUID(), grant);
    return grant;
  };

  /** An id token as the v2.0 endpoint issues it (claims per https://learn.microsoft.com/entra/identity-platform/id-token-claims-reference). */
  const idToken = (grant: Grant, tenantPath: string): string => {
    const { account } = grant;
    const now = Math.floor(Date.now() / 1000);
    const header = Buffer.from(JSON.stringify({ typ: 'JWT', alg: 'RS256', kid: 'hirebox-test-key' })).toString('base64url');
    const claims = {
      aud: clientId,
      iss: `https://${fakeAuthorityHost}/${account.tenantId}/v2.0`,
      iat: now,
      nbf: now,
      exp: now + accessTokenSeconds,
      name: account.displayName,
      oid: account.objectId,
      preferred_username: account.address,
      sub: createHash('sha256').update(account.objectId).digest('base64url'),
      tid: tenantPath === 'consumers' ? '9188040d-6c67-4c5b-b112-36a304b66dad' : account.tenantId,
      ver: '2.0',
    };
    return `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${randomBytes(32).toString('base64url')}`;
  };

  const tokenAnswer = (grant: Grant, tenantPath: string, refreshToken: string) => {
    const access = newAccessToken(grant);
    return {
      token_type: 'Bearer',
      scope: grant.scope,
      expires_in: accessTokenSeconds,
      ext_expires_in: accessTokenSeconds,
      access_token: access.token,
      refresh_token: refreshToken,
      id_token: idToken(grant, tenantPath),
      client_info: Buffer.from(JSON.stringify({ uid: grant.account.objectId, utid: grant.account.tenantId })).toString('base64url'),
    };
  };

  const authorize = (tenantPath: string, url: URL): { location: string } => {
    const params = url.searchParams;
    if (params.get('client_id') !== clientId) throw aadError(400, 'unauthorized_client', 700016, `Application with identifier '${params.get('client_id') ?? ''}' was not found in the directory.`);
    const redirectUri = params.get('redirect_uri') ?? '';
    // Public clients: http://localhost with any port (https://learn.microsoft.com/entra/identity-platform/reply-url#localhost-exceptions).
    if (!/^http:\/\/(127\.0\.0\.1|localhost):\d+(\/.*)?$/u.test(redirectUri)) throw aadError(400, 'invalid_request', 50011, 'The redirect URI specified in the request does not match the redirect URIs configured for the application.');
    if (params.get('response_type') !== 'code') throw aadError(400, 'unsupported_response_type', 900144, "The request body must contain the following parameter: 'response_type'.");
    const challenge = params.get('code_challenge');
    if (challenge === null || params.get('code_challenge_method') !== 'S256') throw aadError(400, 'invalid_request', 9002325, 'Proof Key for Code Exchange is required for cross-origin authorization code redemption.');
    const back = new URL(redirectUri);
    const state = params.get('state');
    const answer = signInAnswer ?? { address: params.get('login_hint') ?? [...accounts.values()][0]?.address ?? '' };
    signInAnswer = null;
    if (answer === 'deny') {
      back.searchParams.set('error', 'access_denied');
      back.searchParams.set('error_description', 'AADSTS65004: User declined to consent to access the app.');
    } else {
      const grant = newGrant(accountOf(answer.address), params.get('scope') ?? '');
      const code = `0.AU8A${randomBytes(32).toString('base64url')}`;
      codes.set(code, { grant, redirectUri, codeChallenge: challenge, used: false });
      back.searchParams.set('code', code);
      back.searchParams.set('client_info', Buffer.from(JSON.stringify({ uid: grant.account.objectId, utid: grant.account.tenantId })).toString('base64url'));
    }
    if (state !== null) back.searchParams.set('state', state);
    return { location: back.toString() };
  };

  const token = (tenantPath: string, form: URLSearchParams) => {
    if (form.get('client_id') !== clientId) throw aadError(400, 'unauthorized_client', 700016, 'Application was not found in the directory.');
    const grantType = form.get('grant_type');
    if (grantType === 'authorization_code') {
      const entry = codes.get(form.get('code') ?? '');
      if (entry === undefined || entry.used) throw aadError(400, 'invalid_grant', 54005, 'OAuth2 Authorization code was already redeemed, please retry with a new valid code.');
      entry.used = true;
      if (entry.redirectUri !== form.get('redirect_uri')) throw aadError(400, 'invalid_grant', 50148, 'The redirect_uri does not match the one in the authorization request.');
      if (createHash('sha256').update(form.get('code_verifier') ?? '').digest('base64url') !== entry.codeChallenge) throw aadError(400, 'invalid_grant', 501481, 'The Code_Verifier does not match the code_challenge supplied in the authorization request.');
      return tokenAnswer(entry.grant, tenantPath, entry.grant.refreshToken);
    }
    if (grantType === 'refresh_token') {
      const presented = form.get('refresh_token') ?? '';
      const grant = issuedRefreshTokens.get(presented);
      if (grant === undefined || grant.revoked) throw aadError(400, 'invalid_grant', 50173, 'The provided grant has expired due to it being revoked, a fresh auth token is needed.');
      // The stand-in is strict where Entra is lenient: a spent refresh token is refused, so a
      // second refresh with the old token (two loops refreshing at once) shows at once.
      if (grant.refreshToken !== presented) throw aadError(400, 'invalid_grant', 70000, 'Provided grant is invalid or malformed: the refresh token was already used.');
      return tokenAnswer(grant, tenantPath, newRefreshToken(grant));
    }
    throw aadError(400, 'unsupported_grant_type', 70003, 'The app requested an unsupported grant type.');
  };

  const openIdConfiguration = (base: string, tenantPath: string) => ({
    token_endpoint: `${base}/${tenantPath}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${base}/${tenantPath}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: `${base}/${tenantPath}/v2.0`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: 'https://graph.microsoft.com/oidc/userinfo',
    authorization_endpoint: `${base}/${tenantPath}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/${tenantPath}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/${tenantPath}/oauth2/v2.0/logout`,
    claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nonce', 'preferred_username', 'name', 'tid', 'ver', 'oid'],
    tenant_region_scope: 'EU',
    cloud_instance_name: 'microsoftonline.com',
    cloud_graph_host_name: 'graph.windows.net',
    msgraph_host: 'graph.microsoft.com',
  });

  // --- Graph ------------------------------------------------------------------------------

  const signedIn = (request: RequestHead): Account => {
    const entry = accessTokens.get((request.headers.authorization ?? '').replace(/^Bearer /u, ''));
    if (entry === undefined || entry.grant.revoked || entry.expiresAt <= Date.now()) {
      throw graphError(401, 'InvalidAuthenticationToken', 'Access token has expired or is not yet valid.', { 'WWW-Authenticate': 'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", error="invalid_token"' });
    }
    return entry.grant.account;
  };

  const folderPayload = (account: Account, folder: FolderState): MailFolder => {
    const inside = [...account.messages.values()].filter((message) => message.folderId === folder.id);
    return { id: folder.id, displayName: folder.displayName, parentFolderId: `AAMkRoot${account.objectId}`, childFolderCount: 0, unreadItemCount: inside.filter((message) => !message.isRead).length, totalItemCount: inside.length, isHidden: false };
  };

  const messagePayload = (message: StoredMessage, query: MessageQuery): Message => {
    const fields = headerFields(message.raw);
    const field = (name: string) => fields.find((entry) => entry.name?.toLowerCase() === name)?.value ?? null;
    const recipients = (name: string): Recipient[] => fields.filter((entry) => entry.name?.toLowerCase() === name).flatMap((entry) => recipientsIn(entry.value ?? ''));
    const from = recipients('from')[0] ?? null;
    const sender = recipients('sender')[0] ?? from;
    const full: Message = {
      id: message.id,
      createdDateTime: new Date(message.receivedAt).toISOString(),
      lastModifiedDateTime: new Date(message.receivedAt).toISOString(),
      receivedDateTime: graphDate(message.receivedAt),
      sentDateTime: field('date') === null || Number.isNaN(Date.parse(field('date') ?? '')) ? null : graphDate(Date.parse(field('date') ?? '')),
      hasAttachments: /multipart\/mixed/iu.test(field('content-type') ?? ''),
      internetMessageId: message.internetMessageId,
      subject: decodeWords(field('subject') ?? ''),
      bodyPreview: '',
      importance: 'normal',
      parentFolderId: message.folderId,
      conversationId: message.conversationId,
      conversationIndex: message.conversationIndex.toString('base64'),
      isRead: message.isRead,
      isDraft: false,
      webLink: `https://outlook.office365.com/owa/?ItemID=${encodeURIComponent(message.id)}`,
      from,
      sender,
      toRecipients: recipients('to'),
      ccRecipients: recipients('cc'),
      bccRecipients: recipients('bcc'),
      replyTo: recipients('reply-to'),
      flag: { flagStatus: 'notFlagged' },
    };
    // internetMessageHeaders only when asked for by $select (Graph leaves it out otherwise).
    const wanted = query.select;
    const selected: Message = { id: message.id };
    const record = selected as Record<string, unknown>;
    if (wanted === null) Object.assign(selected, full);
    else for (const name of wanted) if (name in full) record[name] = (full as Record<string, unknown>)[name];
    if (wanted?.includes('internetMessageHeaders') && message.transported) selected.internetMessageHeaders = fields.map((entry): InternetMessageHeader => ({ name: entry.name ?? '', value: entry.value ?? '' }));
    if (query.expand.length > 0) {
      // Graph answers only the properties the message has.
      const values: Record<string, string | null> = { [messageSizeProperty]: String(message.raw.length), [inReplyToProperty]: field('in-reply-to'), [referencesProperty]: field('references') };
      selected.singleValueExtendedProperties = query.expand.flatMap((id): SingleValueLegacyExtendedProperty[] => (values[id] ? [{ id, value: values[id] }] : []));
    }
    return selected;
  };

  const listMessages = (account: Account, folder: FolderState | null, url: URL, base: string): { value: Message[]; '@odata.nextLink'?: string; '@odata.context': string } => {
    const query = parseMessageQuery(url);
    const search = url.searchParams.get('$search');
    const filter = url.searchParams.get('$filter');
    const orderBy = url.searchParams.get('$orderby');
    if (search !== null && (filter !== null || orderBy !== null)) throw graphError(400, 'ErrorInvalidUrlQuery', 'The query parameter $search cannot be combined with $filter or $orderby.');
    let found = [...account.messages.values()].filter((message) => folder === null || message.folderId === folder.id);
    if (filter !== null) {
      const predicate = parseFilter(filter);
      found = found.filter((message) => predicate({ receivedAt: message.receivedAt, internetMessageId: message.internetMessageId }));
    }
    if (search !== null) {
      const parsed = parseSearch(search);
      if (parsed instanceof Error) throw graphError(400, 'BadRequest', `Syntax error in $search: ${parsed.message}`);
      found = found.filter((message) => matchesSearch(parsed, { fields: headerFields(message.raw), receivedAt: message.receivedAt }));
    }
    // Graph's default order (and the only one with $search) is newest first.
    const ascending = orderBy !== null && /^receivedDateTime( asc)?$/iu.test(orderBy.trim());
    if (orderBy !== null && !/^receivedDateTime( (asc|desc))?$/iu.test(orderBy.trim())) throw graphError(400, 'ErrorInvalidProperty', `$orderby '${orderBy}' is not supported here.`);
    found.sort((left, right) => (ascending ? left.receivedAt - right.receivedAt : right.receivedAt - left.receivedAt));
    const top = Math.min(1000, Math.max(1, Number(url.searchParams.get('$top') ?? 10) || 10));
    const skip = Number(url.searchParams.get('$skip') ?? 0) || 0;
    const page = found.slice(skip, skip + top);
    const answer: { value: Message[]; '@odata.nextLink'?: string; '@odata.context': string } = { '@odata.context': `${base}/v1.0/$metadata#users('${account.objectId}')/messages`, value: page.map((message) => messagePayload(message, query)) };
    if (skip + top < found.length) {
      const next = new URL(url.toString().replace('http://127.0.0.1', base));
      next.searchParams.set('$skip', String(skip + top));
      answer['@odata.nextLink'] = next.toString();
    }
    return answer;
  };

  /** Delta query (https://learn.microsoft.com/graph/delta-query-messages): the state travels in the opaque `$skiptoken`/`$deltatoken`. */
  const delta = (account: Account, folder: FolderState, url: URL, request: RequestHead, base: string) => {
    const skipToken = url.searchParams.get('$skiptoken');
    const deltaToken = url.searchParams.get('$deltatoken');
    const preferred = /odata\.maxpagesize=(\d+)/u.exec(String(request.headers.prefer ?? ''));
    const pageSize = Math.min(1000, Math.max(1, Number(preferred?.[1] ?? 10)));
    type DeltaState = { folder: string; since: number; until: number; offset: number; select: string | null };
    let state: DeltaState;
    if (skipToken !== null || deltaToken !== null) {
      const parsed = decodeState<DeltaState>(skipToken ?? deltaToken ?? '');
      if (parsed === null || parsed.folder !== folder.id) throw graphError(400, 'BadRequest', 'The delta token is not valid.');
      if (parsed.since < folder.oldestSeq) throw graphError(410, 'SyncStateNotFound', 'The sync state generation is not found or has expired.');
      state = skipToken !== null ? parsed : { ...parsed, since: parsed.until, until: seq - 1, offset: 0 };
    } else {
      state = { folder: folder.id, since: 0, until: seq - 1, offset: 0, select: url.searchParams.get('$select') };
    }
    const query = parseMessageQuery(new URL(`http://x/?${state.select === null ? '' : `$select=${encodeURIComponent(state.select)}`}`));
    // Per message the last change in the range counts; a first round lists what the folder holds.
    const last = new Map<string, 'added' | 'updated' | 'removed'>();
    if (state.since === 0) {
      for (const message of account.messages.values()) if (message.folderId === folder.id) last.set(message.id, 'added');
    } else {
      for (const entry of folder.changes) {
        if (entry.seq <= state.since || entry.seq > state.until) continue;
        last.delete(entry.messageId);
        last.set(entry.messageId, entry.kind);
      }
    }
    const entries = [...last].filter(([id, kind]) => kind === 'removed' || account.messages.get(id)?.folderId === folder.id || state.since !== 0);
    const page = entries.slice(state.offset, state.offset + pageSize);
    const value: Message[] = page.map(([id, kind]) => {
      const message = account.messages.get(id);
      if (kind === 'removed' || message === undefined || message.folderId !== folder.id) return { id, '@removed': { reason: 'deleted' } } as Message;
      return messagePayload(message, query);
    });
    const link = `${base}/v1.0/me/mailFolders/${encodeURIComponent(folder.id)}/messages/delta`;
    const answer: { '@odata.context': string; value: Message[]; '@odata.nextLink'?: string; '@odata.deltaLink'?: string } = { '@odata.context': `${base}/v1.0/$metadata#Collection(message)`, value };
    if (state.offset + pageSize < entries.length) answer['@odata.nextLink'] = `${link}?$skiptoken=${encodeState({ ...state, offset: state.offset + pageSize })}`;
    else answer['@odata.deltaLink'] = `${link}?$deltatoken=${encodeState({ ...state, since: state.until === 0 ? 0.5 : state.until, until: state.until, offset: 0 })}`;
    return answer;
  };

  /** `sendMail` with MIME (https://learn.microsoft.com/graph/outlook-send-mime-message): base64 text/plain. */
  const sendMail = (account: Account, request: RequestHead, body: Buffer): void => {
    if (!/^text\/plain/iu.test(request.headers['content-type'] ?? '')) throw graphError(400, 'ErrorInvalidRequest', 'A MIME message must be sent as Content-Type text/plain, base64 encoded.');
    const text = body.toString('ascii').replace(/\s+/gu, '');
    if (text === '' || !/^[A-Za-z0-9+/]+=*$/u.test(text)) throw graphError(400, 'ErrorMimeContentInvalidBase64String', 'Invalid base64 string for MIME content.');
    const source = Buffer.from(text, 'base64');
    const fields = headerFields(source);
    const recipients = fields.filter((field) => /^(to|cc|bcc)$/iu.test(field.name ?? '')).flatMap((field) => recipientsIn(field.value ?? '')).map((entry) => entry.emailAddress?.address ?? '');
    if (recipients.length === 0) throw graphError(400, 'ErrorInvalidRecipients', 'At least one recipient is not valid., Recipient is missing.');
    if (internetMessageIdOf(source) === null) throw graphError(400, 'ErrorMimeContentInvalid', 'The MIME content has no Message-ID.');
    // The Sent Items copy keeps Bcc; what recipients get goes without it.
    store(account, source, folderNamed(account, 'sentitems'), Date.now(), true, conversationFor(account, source));
    const delivered = withoutBcc(source);
    for (const recipient of new Set(recipients.map((address) => address.toLowerCase()))) {
      const other = accounts.get(recipient);
      if (other !== undefined) store(other, delivered, folderNamed(other, 'inbox'), Date.now(), false, conversationFor(other, delivered));
    }
  };

  /** The first injected fault for `name`, one of its `times` used up. */
  const takeFault = (name: string): InjectedFault | undefined => {
    const fault = faults.find((candidate) => candidate.route.test(name));
    if (fault === undefined) return undefined;
    fault.times = (fault.times ?? 1) - 1;
    if (fault.times <= 0) faults.splice(faults.indexOf(fault), 1);
    return fault;
  };
  const faultBody = (fault: InjectedFault) => graphError(fault.status, fault.code ?? defaultCodes[fault.status] ?? 'UnknownError', fault.status === 429 ? 'Application is over its MailboxConcurrency limit.' : 'The service is temporarily unavailable.').body;

  /**
   * JSON batching (https://learn.microsoft.com/graph/json-batching): up to 20 requests in one
   * POST, each answered in `responses` by its id with its own status, headers and body (a
   * 429 inside carries its Retry-After). The batch authenticates as a whole; each request
   * goes through the same routes and injected faults as on its own (by `METHOD /v1.0/path`,
   * recorded in `batchedRequests`); a fault that cuts the connection cuts the batch's.
   */
  const batch = async (request: RequestHead, body: Buffer, base: string): Promise<Answer> => {
    if (!/^application\/json/iu.test(request.headers['content-type'] ?? '')) throw graphError(400, 'BadRequest', 'Content-Type must be application/json.');
    let parsed: BatchRequestBody;
    try {
      parsed = JSON.parse(body.toString('utf8')) as BatchRequestBody;
    } catch {
      throw graphError(400, 'BadRequest', 'The batch request body is not valid JSON.');
    }
    const items = parsed.requests;
    if (!Array.isArray(items) || items.length === 0) throw graphError(400, 'BadRequest', 'The batch request must contain requests.');
    if (items.length > maxBatchRequests) throw graphError(400, 'BadRequest', `The number of batch requests exceeds the limit of ${maxBatchRequests}.`);
    const ids = new Set(items.map((item) => String(item.id).toLowerCase()));
    if (ids.size !== items.length) throw graphError(400, 'BadRequest', 'Batch request ids must be unique.');
    const responses: BatchResponseItem[] = [];
    for (const item of items) {
      if (typeof item.id !== 'string' || typeof item.method !== 'string' || typeof item.url !== 'string') throw graphError(400, 'BadRequest', 'Every batch request needs an id, a method and a url.');
      if (item.dependsOn !== undefined) throw graphError(400, 'BadRequest', 'dependsOn is not supported by the stand-in.');
      if (/^https?:/iu.test(item.url)) throw graphError(400, 'BadRequest', 'Batch request urls are relative to the version root.');
      const url = new URL(`/v1.0${item.url.startsWith('/') ? '' : '/'}${item.url}`, 'http://127.0.0.1');
      const method = item.method.toUpperCase();
      const name = `${method} ${url.pathname}`;
      batchedRequests.push(name);
      const sub: RequestHead = { method, headers: { ...request.headers, ...Object.fromEntries(Object.entries(item.headers ?? {}).map(([key, value]) => [key.toLowerCase(), value])) } };
      const subBody = item.body === undefined ? Buffer.alloc(0) : Buffer.from(typeof item.body === 'string' ? item.body : JSON.stringify(item.body));
      const fault = takeFault(name);
      if (fault !== undefined) {
        if (fault.afterProcessing === true) await route(sub, url, subBody, base).catch(() => undefined);
        if (fault.destroy === true) return { status: 0, destroy: true };
        responses.push({ id: item.id, status: fault.status, headers: { 'Content-Type': 'application/json', ...(fault.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(fault.retryAfterSeconds) }) }, body: faultBody(fault) });
        continue;
      }
      try {
        const answer = await route(sub, url, subBody, base);
        if (answer.text !== undefined) responses.push({ id: item.id, status: answer.status, headers: { 'Content-Type': 'text/plain' }, body: answer.text.toString('base64') });
        else responses.push({ id: item.id, status: answer.status, ...(answer.json === undefined ? {} : { headers: { 'Content-Type': 'application/json' }, body: answer.json }) });
      } catch (error) {
        const failure = error instanceof HttpError ? error : graphError(500, 'InternalServerError', error instanceof Error ? error.message : 'Internal error');
        responses.push({ id: item.id, status: failure.status, headers: { 'Content-Type': 'application/json', ...failure.headers }, body: failure.body });
      }
    }
    // Graph answers in the order it finished them, not the order asked: the id correlates.
    const answer: BatchResponseBody = { responses: responses.reverse() };
    return { status: 200, json: answer };
  };

  const route = async (request: RequestHead, url: URL, body: Buffer, base: string): Promise<Answer> => {
    const method = request.method ?? 'GET';
    const path = url.pathname;
    const identity = /^\/(common|organizations|consumers|[0-9a-f-]{36})\/(.+)$/u.exec(path);
    if (identity !== null) {
      const tenantPath = identity[1] ?? 'common';
      const rest = identity[2] ?? '';
      if (method === 'GET' && rest === 'oauth2/v2.0/authorize') return { status: 302, ...authorize(tenantPath, url) };
      if (method === 'POST' && rest === 'oauth2/v2.0/token') return { status: 200, json: token(tenantPath, new URLSearchParams(body.toString('utf8'))) };
      if (method === 'GET' && rest === 'v2.0/.well-known/openid-configuration') return { status: 200, json: openIdConfiguration(`https://${fakeAuthorityHost}`, tenantPath) };
      if (method === 'GET' && rest === 'discovery/v2.0/keys') return { status: 200, json: { keys: [] } };
      throw aadError(404, 'invalid_request', 900023, 'Specified tenant identifier is neither a valid DNS name, nor a valid external domain.');
    }
    if (path === '/v1.0/$batch') {
      if (method !== 'POST') throw graphError(405, 'BadRequest', 'The $batch endpoint takes POST.');
      signedIn(request);
      return batch(request, body, base);
    }
    const api = /^\/v1\.0\/me(\/.*)?$/u.exec(path);
    if (api === null) throw graphError(400, 'BadRequest', `Resource not found for the segment '${path}'.`);
    const account = signedIn(request);
    const rest = api[1] ?? '';
    if (method === 'GET' && rest === '') {
      const me: User = { id: account.objectId, displayName: account.displayName, mail: account.address, userPrincipalName: account.address };
      return { status: 200, json: me };
    }
    if (method === 'POST' && rest === '/sendMail') {
      sendMail(account, request, body);
      return { status: 202 };
    }
    if (method === 'GET' && rest === '/messages') return { status: 200, json: listMessages(account, null, url, base) };
    const folderRoute = /^\/mailFolders\/([^/]+)(\/messages(\/delta)?)?$/u.exec(rest);
    if (method === 'GET' && folderRoute !== null) {
      const folder = folderOf(account, decodeURIComponent(folderRoute[1] ?? ''));
      if (folder === undefined) throw graphError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
      if (folderRoute[2] === undefined) return { status: 200, json: folderPayload(account, folder) };
      if (folderRoute[3] !== undefined) return { status: 200, json: delta(account, folder, url, request, base) };
      return { status: 200, json: listMessages(account, folder, url, base) };
    }
    const messageRoute = /^\/messages\/([^/]+)(\/\$value)?$/u.exec(rest);
    if (method === 'GET' && messageRoute !== null) {
      const message = account.messages.get(decodeURIComponent(messageRoute[1] ?? ''));
      if (message === undefined) throw graphError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
      if (messageRoute[2] !== undefined) return { status: 200, text: message.raw };
      return { status: 200, json: messagePayload(message, parseMessageQuery(url)) };
    }
    throw graphError(400, 'BadRequest', `Resource not found for the segment '${rest}'.`);
  };

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    const graphCall = (request.url ?? '').startsWith('/v1.0/');
    if (graphCall) {
      inFlight += 1;
      peakInFlight = Math.max(peakInFlight, inFlight);
    }
    let done = false;
    const finished = () => {
      if (graphCall && !done) inFlight -= 1;
      done = true;
    };
    response.on('close', finished);
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const name = `${request.method ?? 'GET'} ${url.pathname}`;
      requests.push(name);
      for (const listener of [...requestListeners]) listener(name);
      const fault = takeFault(name);
      // Answers come after a tick, so requests sent together are in flight together.
      setImmediate(() => {
        if (fault !== undefined) {
          if (fault.afterProcessing === true) void route(request, url, Buffer.concat(chunks), base).catch(() => undefined);
          if (fault.destroy === true) return void request.socket.destroy();
          const headers: Record<string, string> = { 'Content-Type': 'application/json' };
          if (fault.retryAfterSeconds !== undefined) headers['Retry-After'] = String(fault.retryAfterSeconds);
          response.writeHead(fault.status, headers);
          return void response.end(JSON.stringify(faultBody(fault)));
        }
        route(request, url, Buffer.concat(chunks), base).then(
          (answer) => {
            if (answer.destroy === true) return void request.socket.destroy();
            if (answer.location !== undefined) {
              response.writeHead(answer.status, { Location: answer.location });
              return void response.end();
            }
            if (answer.text !== undefined) {
              response.writeHead(answer.status, { 'Content-Type': 'text/plain' });
              return void response.end(answer.text);
            }
            if (answer.json === undefined) {
              response.writeHead(answer.status);
              return void response.end();
            }
            response.writeHead(answer.status, { 'Content-Type': 'application/json; odata.metadata=minimal; charset=utf-8' });
            response.end(JSON.stringify(answer.json));
          },
          (error: unknown) => {
            const failure = error instanceof HttpError ? error : graphError(500, 'InternalServerError', error instanceof Error ? error.message : 'Internal error');
            response.writeHead(failure.status, { 'Content-Type': 'application/json', ...failure.headers });
            response.end(JSON.stringify(failure.body));
          },
        );
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  /** MSAL speaks https to the fake authority host; this carries its requests to the loopback server. */
  const networkClient: INetworkModule = {
    sendGetRequestAsync: <T>(url: string, requestOptions?: NetworkRequestOptions) => forward<T>(url, 'GET', requestOptions),
    sendPostRequestAsync: <T>(url: string, requestOptions?: NetworkRequestOptions) => forward<T>(url, 'POST', requestOptions),
  };
  async function forward<T>(url: string, method: 'GET' | 'POST', requestOptions: NetworkRequestOptions = {}): Promise<NetworkResponse<T>> {
    const target = new URL(url);
    if (target.host !== fakeAuthorityHost) throw new Error(`MSAL asked for ${target.host}, which the stand-in does not serve`);
    const answer = await fetch(`${base}${target.pathname}${target.search}`, { method, ...(requestOptions.headers === undefined ? {} : { headers: requestOptions.headers }), ...(requestOptions.body === undefined ? {} : { body: requestOptions.body }) });
    const headers: Record<string, string> = {};
    answer.headers.forEach((value, key) => (headers[key] = value));
    return { status: answer.status, headers, body: (await answer.json()) as T };
  }

  return {
    graphUrl: `${base}/v1.0/`,
    msal: { authorityHost: fakeAuthorityHost, authorityMetadata: (tenant) => JSON.stringify(openIdConfiguration(`https://${fakeAuthorityHost}`, tenant)), networkClient },
    clientId,
    addAccount(address, displayName) {
      const key = address.toLowerCase();
      if (accounts.has(key)) return;
      const folders = new Map<string, FolderState>();
      for (const known of wellKnownFolders) {
        const id = `AAMkAGI2${known.wellKnownName}${randomBytes(12).toString('base64url')}AAA=`;
        folders.set(id, { id, ...known, changes: [], oldestSeq: 0 });
      }
      accounts.set(key, { address: key, displayName: displayName ?? key.split('@')[0] ?? key, objectId: randomUUID(), tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47', folders, messages: new Map() });
    },
    grant(address, grantOptions = {}) {
      const grant = newGrant(accountOf(address), 'https://graph.microsoft.com/Mail.Read https://graph.microsoft.com/Mail.Send https://graph.microsoft.com/User.Read');
      const access = newAccessToken(grant, grantOptions.expiresInSeconds);
      return { accessToken: access.token, refreshToken: grant.refreshToken, expiresAt: new Date(access.expiresAt) };
    },
    nextSignIn(answer) {
      signInAnswer = answer;
    },
    revoke(refreshToken) {
      const grant = issuedRefreshTokens.get(refreshToken);
      if (grant === undefined) throw new Error('no such refresh token');
      grant.revoked = true;
    },
    currentRefreshToken: (anyRefreshToken) => issuedRefreshTokens.get(anyRefreshToken)?.refreshToken,
    expireAccessTokens() {
      for (const entry of accessTokens.values()) entry.expiresAt = 0;
    },
    deliver,
    remove(address, id) {
      const account = accountOf(address);
      const message = account.messages.get(id);
      if (message === undefined) throw new Error(`no message ${id}`);
      account.messages.delete(id);
      change(account, message.folderId, id, 'removed');
    },
    move(address, id, folderName) {
      const account = accountOf(address);
      const message = account.messages.get(id);
      if (message === undefined) throw new Error(`no message ${id}`);
      const target = folderNamed(account, folderName);
      account.messages.delete(id);
      change(account, message.folderId, id, 'removed');
      const newId = newMessageId();
      account.messages.set(newId, { ...message, id: newId, folderId: target.id });
      change(account, target.id, newId, 'added');
      return newId;
    },
    markRead(address, id, isRead) {
      const account = accountOf(address);
      const message = account.messages.get(id);
      if (message === undefined) throw new Error(`no message ${id}`);
      message.isRead = isRead;
      change(account, message.folderId, id, 'updated');
    },
    expireDelta(address, folderName) {
      const folder = folderNamed(accountOf(address), folderName);
      folder.oldestSeq = seq;
      folder.changes = [];
      seq += 1;
    },
    message(address, id) {
      const account = accountOf(address);
      const message = account.messages.get(id);
      if (message === undefined) return undefined;
      const folder = [...account.folders.values()].find((entry) => entry.id === message.folderId);
      return { folder: folder?.wellKnownName ?? message.folderId, raw: message.raw, conversationId: message.conversationId, isRead: message.isRead };
    },
    messagesIn(address, folderName) {
      const account = accountOf(address);
      const folder = folderNamed(account, folderName);
      return [...account.messages.values()].filter((message) => message.folderId === folder.id).sort((left, right) => left.receivedAt - right.receivedAt).map((message) => message.id);
    },
    folderId: (address, folderName) => folderNamed(accountOf(address), folderName).id,
    requests,
    batchedRequests,
    onRequest(listener) {
      requestListeners.add(listener);
      return () => requestListeners.delete(listener);
    },
    maxInFlight(reset = false) {
      const peak = peakInFlight;
      if (reset) peakInFlight = inFlight;
      return peak;
    },
    inject(fault) {
      faults.push({ ...fault });
    },
    pendingFaults: () => faults.map((fault) => ({ ...fault })),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

interface MessageQuery {
  select: string[] | null;
  /** The extended properties `$expand` asked for. */
  expand: string[];
}

function parseMessageQuery(url: URL): MessageQuery {
  const select = url.searchParams.get('$select');
  const expand = url.searchParams.get('$expand');
  const ids: string[] = [];
  if (expand !== null) {
    // singleValueExtendedProperties($filter=id eq '...' or id eq '...') (https://learn.microsoft.com/graph/api/singlevaluelegacyextendedproperty-get).
    const inner = /^singleValueExtendedProperties\(\$filter=(.+)\)$/u.exec(expand.replace(/\s+/gu, ' ').trim())?.[1];
    for (const term of inner?.split(/ or /u) ?? []) {
      const id = /^id eq '([^']+)'$/u.exec(term.trim())?.[1];
      if (id === undefined || !extendedProperties.includes(id)) throw new HttpError(400, { error: { code: 'BadRequest', message: `$expand '${expand}' is not supported by the stand-in.` } });
      ids.push(id);
    }
    if (ids.length === 0) throw new HttpError(400, { error: { code: 'BadRequest', message: `$expand '${expand}' is not supported by the stand-in.` } });
  }
  return { select: select === null ? null : select.split(',').map((name) => name.trim()).filter((name) => name !== ''), expand: ids };
}

/** The `$filter` forms the provider uses: receivedDateTime comparisons and internetMessageId equality, joined by `and`. */
function parseFilter(filter: string): (message: { receivedAt: number; internetMessageId: string | null }) => boolean {
  const terms = filter.split(/\s+and\s+/iu).map((term) => term.trim());
  const tests = terms.map((term) => {
    const date = /^receivedDateTime (ge|gt|le|lt) (\d{4}-\d{2}-\d{2}T[\d:.]+Z)$/u.exec(term);
    if (date !== null) {
      const at = Date.parse(date[2] ?? '');
      const op = date[1];
      return (message: { receivedAt: number }) => (op === 'ge' ? message.receivedAt >= at : op === 'gt' ? message.receivedAt > at : op === 'le' ? message.receivedAt <= at : message.receivedAt < at);
    }
    const id = /^internetMessageId eq '((?:[^']|'')*)'$/u.exec(term);
    if (id !== null) {
      const wanted = (id[1] ?? '').replace(/''/gu, "'");
      return (message: { internetMessageId: string | null }) => message.internetMessageId === wanted;
    }
    throw new HttpError(400, { error: { code: 'BadRequest', message: `Invalid filter clause: ${term}` } });
  });
  return (message) => tests.every((test) => test(message));
}

/** The header block's fields, unfolded, as written. */
export function headerFields(raw: Buffer): { name: string; value: string }[] {
  const text = raw.toString('utf8');
  const end = text.search(/\r?\n\r?\n/u);
  const head = end < 0 ? text : text.slice(0, end);
  const fields: { name: string; value: string }[] = [];
  for (const line of head.replace(/\r?\n[ \t]+/gu, ' ').split(/\r?\n/u)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    fields.push({ name: line.slice(0, colon).trim(), value: line.slice(colon + 1).trim() });
  }
  return fields;
}

function internetMessageIdOf(raw: Buffer): string | null {
  const value = headerFields(raw).find((field) => field.name.toLowerCase() === 'message-id')?.value;
  const id = value?.match(/<[^<>\s]+>/u)?.[0];
  return id ?? null;
}

/** Recipients as Graph answers them: display names decoded, groups and address-less entries left out. */
function recipientsIn(value: string): Recipient[] {
  const out: Recipient[] = [];
  const visit = (entries: ReturnType<typeof addressparser>) => {
    for (const entry of entries) {
      if ('group' in entry && Array.isArray(entry.group)) visit(entry.group);
      else if (entry.address && entry.address.includes('@')) {
        const emailAddress: EmailAddress = { name: decodeWords(entry.name || '') || entry.address, address: entry.address };
        out.push({ emailAddress });
      }
    }
  };
  visit(addressparser(value));
  return out;
}

/** Graph answers times to the second, in UTC: `2024-05-01T10:00:00Z`. */
function graphDate(time: number): string {
  return new Date(Math.floor(time / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/u, 'Z');
}

function rootConversationIndex(time: number): Buffer {
  // MS-OXOMSG 2.2.1.3: a reserved byte, 5 bytes of FILETIME, a 16-byte GUID.
  const index = Buffer.alloc(22);
  index.writeUInt8(1, 0);
  const fileTime = BigInt(time) * 10_000n + 116_444_736_000_000_000n;
  const high = Number((fileTime >> 24n) & 0xff_ffff_ffffn);
  index.writeUIntBE(high, 1, 5);
  randomBytes(16).copy(index, 6);
  return index;
}

function childConversationIndex(parent: Buffer): Buffer {
  return Buffer.concat([parent, randomBytes(5)]);
}

function withoutBcc(raw: Buffer): Buffer {
  const text = raw.toString('utf8');
  const end = text.search(/\r?\n\r?\n/u);
  const head = end < 0 ? text : text.slice(0, end);
  const kept = head.split(/(?=\r?\n(?![ \t]))/u).filter((field) => !/^(\r?\n)?bcc:/iu.test(field));
  return Buffer.from(kept.join('').replace(/^\r?\n/u, '') + (end < 0 ? '' : text.slice(end)), 'utf8');
}

function encodeState(state: object): string {
  return Buffer.from(JSON.stringify(state)).toString('base64url');
}

function decodeState<T>(token: string): T | null {
  try {
    return JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as T;
  } catch {
    return null;
  }
}
