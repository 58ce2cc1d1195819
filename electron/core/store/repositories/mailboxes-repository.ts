import type { MailboxKind, MailboxProvider, MailboxSummary } from '../../../../shared/model.js';
import type { Page } from '../../../../shared/paging.js';
import type { MailboxStatusReport } from '../../../../shared/status.js';
import { AppError } from '../../errors.js';
import { checkLimit, decodeCursor, toPage } from '../cursor.js';
import type { Database } from '../database.js';
import { isForeignKeyViolation, isUniqueViolation } from '../sqlite-errors.js';
import { parseMailboxStatus } from './mailbox-status.js';

interface MailboxRow {
  id: string;
  address: string;
  display_name: string;
  signature: string | null;
  provider: MailboxProvider;
  kind: MailboxKind;
  owner_user_id: string | null;
  status: string;
  last_synced_at: string | null;
  created_at: string;
  is_company_inbox: number;
}

export interface NewMailbox {
  id: string;
  /** Normalised by the caller. */
  address: string;
  displayName: string;
  provider: MailboxProvider;
  kind: MailboxKind;
  /** Required for a personal mailbox. */
  ownerUserId: string | null;
  createdAt: string;
}

/** A mailbox connected with its settings and sealed secrets (R11). */
export interface NewConnectedMailbox extends NewMailbox {
  /**
   * Provider settings without secrets (hosts, ports, security, user name), stored as JSON:
   * a plain object; a key that names a secret (`password`, `accessToken`, ...) is refused.
   */
  connection: object;
  /** Sealed by the credential vault; the store never sees plain secrets. */
  credentials: Buffer;
}

/** What sync needs to connect a mailbox. */
export interface MailboxConnection {
  /** The settings as stored by `create` (parsed JSON), null for a mailbox without any. */
  connection: unknown;
  /** The sealed secrets, null once they were removed (R12). */
  credentials: Buffer | null;
}

/** Keys that hold a secret, lower case: never stored in `connection` (it is not sealed). */
const secretKeys = new Set(['password', 'pass', 'secret', 'clientsecret', 'token', 'accesstoken', 'refreshtoken', 'idtoken']);

export interface MailboxListOptions {
  viewerUserId: string;
  cursor?: string | undefined;
  limit: number;
}

type ListParameters = { viewerUserId: string; fetch: number; afterCreatedAt?: string; afterId?: string };

const listName = 'mailboxes';
const columns =
  'mb.id, mb.address, mb.display_name, mb.signature, mb.provider, mb.kind, mb.owner_user_id, mb.status, mb.last_synced_at, mb.created_at, mb.is_company_inbox';

function listSql(afterCursor: boolean): string {
  return `SELECT ${columns} FROM mailboxes mb
    WHERE mb.sample = 0 AND ((mb.kind = 'personal' AND mb.owner_user_id = @viewerUserId)
           OR (mb.kind = 'shared' AND EXISTS (SELECT 1 FROM shared_mailbox_members m
                                              WHERE m.mailbox_id = mb.id AND m.user_id = @viewerUserId)))
      ${afterCursor ? 'AND (mb.created_at, mb.id) > (@afterCreatedAt, @afterId)' : ''}
    ORDER BY mb.created_at, mb.id
    LIMIT @fetch`;
}

/** Connected mailboxes, the members of shared ones, and their status (R14). */
export class MailboxesRepository {
  readonly #insert;
  readonly #insertMember;
  readonly #updateStatus;
  readonly #select;
  readonly #firstPage;
  readonly #nextPage;

  readonly #addresses;
  readonly #members;
  readonly #updateSettings;
  readonly #create;
  readonly #connectionOf;
  readonly #saveCredentials;
  readonly #relink;
  readonly #removeMembers;
  readonly #clearCompanyInbox;
  readonly #markCompanyInbox;
  readonly #forgetCursors;
  readonly #saveConnection;
  readonly #all;

  constructor(db: Database) {
    this.#create = db.prepare<[string, string, string, MailboxProvider, MailboxKind, string | null, string, Buffer, string]>(
      `INSERT INTO mailboxes (id, address, display_name, provider, kind, owner_user_id, connection, credentials, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.#connectionOf = db.prepare<[string], { connection: string | null; credentials: Buffer | null; created_at: string }>(
      'SELECT connection, credentials, created_at FROM mailboxes WHERE id = ?',
    );
    this.#saveCredentials = db.prepare<[Buffer | null, string]>('UPDATE mailboxes SET credentials = ? WHERE id = ?');
    this.#relink = db.prepare<[MailboxProvider, string, Buffer, string]>('UPDATE mailboxes SET provider = ?, connection = ?, credentials = ?, disconnected_at = NULL WHERE id = ? AND disconnected_at IS NOT NULL');
    this.#removeMembers = db.prepare<[string]>('DELETE FROM shared_mailbox_members WHERE mailbox_id = ?');
    this.#clearCompanyInbox = db.prepare<[]>('UPDATE mailboxes SET is_company_inbox = 0 WHERE is_company_inbox = 1');
    this.#markCompanyInbox = db.prepare<[string]>("UPDATE mailboxes SET is_company_inbox = 1 WHERE id = ? AND kind = 'shared'");
    this.#forgetCursors = db.prepare<[string]>('UPDATE mailbox_folders SET uidvalidity = NULL, cursor = NULL WHERE mailbox_id = ?');
    this.#saveConnection = db.prepare<[string, string]>('UPDATE mailboxes SET connection = ? WHERE id = ?');
    // The sample mailbox (issue 25) is never synced, listed or an own address: left out here.
    this.#all = db.prepare<[], MailboxRow>(`SELECT ${columns} FROM mailboxes mb WHERE mb.sample = 0 ORDER BY mb.created_at, mb.id`);
    this.#addresses = db.prepare<[], { address: string; display_name: string }>('SELECT address, display_name FROM mailboxes WHERE sample = 0');
    this.#updateSettings = db.prepare<{ id: string; displayName: string | null; signature: string | null }>(
      'UPDATE mailboxes SET display_name = ifnull(@displayName, display_name), signature = ifnull(@signature, signature) WHERE id = @id',
    );
    this.#members = db.prepare<[string], string>('SELECT user_id FROM shared_mailbox_members WHERE mailbox_id = ?').pluck();
    this.#insert = db.prepare<[string, string, string, MailboxProvider, MailboxKind, string | null, string]>(
      `INSERT INTO mailboxes (id, address, display_name, provider, kind, owner_user_id, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    this.#insertMember = db.prepare<[string, string]>(
      'INSERT INTO shared_mailbox_members (mailbox_id, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING',
    );
    this.#updateStatus = db.prepare<[string, string | null, string]>(
      'UPDATE mailboxes SET status = ?, last_synced_at = ? WHERE id = ?',
    );
    this.#select = db.prepare<[string], MailboxRow>(`SELECT ${columns} FROM mailboxes mb WHERE mb.id = ?`);
    this.#firstPage = db.prepare<ListParameters, MailboxRow>(listSql(false));
    this.#nextPage = db.prepare<ListParameters, MailboxRow>(listSql(true));
  }

  /**
   * Adds a mailbox in state `connecting`.
   * @throws AppError `conflict` (rule R8, field `address`) when the address is connected already.
   */
  insert(mailbox: NewMailbox): void {
    const { id, address, displayName, provider, kind, ownerUserId, createdAt } = mailbox;
    try {
      this.#insert.run(id, address, displayName, provider, kind, ownerUserId, createdAt);
    } catch (error) {
      throw translateInsertError(error);
    }
  }

  /**
   * Connects a mailbox with its settings and sealed credentials, in state `connecting`.
   * @throws AppError `conflict` (rule R8, field `address`) when the address is connected
   *   already; `invalid-input` (field `connection`) for settings that are not a plain
   *   object or name a secret; `not-found` for an unknown owner.
   */
  create(mailbox: NewConnectedMailbox): void {
    const { id, address, displayName, provider, kind, ownerUserId, createdAt, credentials } = mailbox;
    const connection = connectionJson(mailbox.connection);
    try {
      this.#create.run(id, address, displayName, provider, kind, ownerUserId, connection, credentials, createdAt);
    } catch (error) {
      throw translateInsertError(error);
    }
  }

  /**
   * Links an unlinked mailbox again (R12: "connect it again"): its new settings and sealed
   * credentials; its folders forget their cursors, so the first sync takes the first window
   * again (R10) instead of everything since it was unlinked. Id and stored mail stay.
   * @throws AppError `not-found` for a mailbox that is unknown or not unlinked.
   */
  relink(id: string, relinked: { provider: MailboxProvider; connection: object; credentials: Buffer }): void {
    if (this.#relink.run(relinked.provider, connectionJson(relinked.connection), relinked.credentials, id).changes === 0) throw new AppError('not-found', 'There is no unlinked mailbox with this id.');
    this.#forgetCursors.run(id);
  }

  /** The settings and sealed credentials sync connects with, or null for an unknown mailbox. */
  connectionOf(id: string): MailboxConnection | null {
    const row = this.#connectionOf.get(id);
    if (row === undefined) return null;
    return { connection: row.connection === null ? null : readJson(row.connection), credentials: row.credentials };
  }

  /**
   * Replaces the connection settings (the user changed a server or user name).
   * @throws AppError `invalid-input` (field `connection`) as `create`; `not-found` for an unknown mailbox.
   */
  updateConnection(id: string, connection: object): void {
    if (this.#saveConnection.run(connectionJson(connection), id).changes === 0) throw new AppError('not-found', 'There is no mailbox with this id.');
  }

  /** When the mailbox was connected (ISO 8601): its initial window (R10) ends there. Null for an unknown mailbox. */
  connectedAt(id: string): string | null {
    return this.#connectionOf.get(id)?.created_at ?? null;
  }

  /**
   * Replaces the sealed credentials (a refreshed token), or removes them with null (R12).
   * @throws AppError `not-found` for an unknown mailbox.
   */
  saveCredentials(id: string, credentials: Buffer | null): void {
    if (this.#saveCredentials.run(credentials, id).changes === 0) throw new AppError('not-found', 'There is no mailbox with this id.');
  }

  /** Every mailbox, whoever owns it, oldest first: what the sync engine starts with. */
  all(): MailboxSummary[] {
    return this.#all.all().map(toMailboxSummary);
  }

  /**
   * Lets a user see a shared mailbox (R13); idempotent.
   * @throws AppError `not-found` for an unknown mailbox or user; `invalid-input` for a personal mailbox.
   */
  addMember(mailboxId: string, userId: string): void {
    const mailbox = this.#select.get(mailboxId);
    if (mailbox === undefined) throw new AppError('not-found', 'There is no mailbox with this id.');
    if (mailbox.kind !== 'shared') {
      throw new AppError('invalid-input', 'Only a shared inbox has a list of who may see it.', { rule: 'R13' });
    }
    try {
      this.#insertMember.run(mailboxId, userId);
    } catch (error) {
      if (isForeignKeyViolation(error)) throw new AppError('not-found', 'There is no user with this id.', { cause: error });
      throw error;
    }
  }

  /** Marks one shared inbox as the company inbox (R13), or none (`null`); one at most. Run it in a transaction. */
  setCompanyInbox(mailboxId: string | null): void {
    this.#clearCompanyInbox.run();
    if (mailboxId !== null) this.#markCompanyInbox.run(mailboxId);
  }

  /** The company inbox (R13), or null. */
  companyInbox(): MailboxSummary | null {
    return this.all().find((mailbox) => mailbox.isCompanyInbox === true) ?? null;
  }

  /**
   * Replaces a shared inbox's list (R13) with exactly `userIds`; run it in a transaction.
   * @throws AppError as `addMember`.
   */
  setMembers(mailboxId: string, userIds: readonly string[]): void {
    this.#removeMembers.run(mailboxId);
    for (const userId of new Set(userIds)) this.addMember(mailboxId, userId);
  }

  /** The sender name and signature of mail written from this mailbox. @throws AppError `not-found`. */
  updateSettings(id: string, settings: { displayName?: string | undefined; signature?: string | undefined }): void {
    const result = this.#updateSettings.run({ id, displayName: settings.displayName ?? null, signature: settings.signature ?? null });
    if (result.changes === 0) throw new AppError('not-found', 'There is no mailbox with this id.');
  }

  /** The users on a shared inbox's list (R13); empty for a personal mailbox. */
  members(mailboxId: string): string[] {
    return this.#members.all(mailboxId);
  }

  /** Stores the mailbox's status (R14). @throws AppError `not-found` for an unknown id. */
  setStatus(id: string, report: MailboxStatusReport): void {
    const result = this.#updateStatus.run(JSON.stringify(report.status), report.lastSyncedAt, id);
    if (result.changes === 0) throw new AppError('not-found', 'There is no mailbox with this id.');
  }

  /** Every connected mailbox's address (the R4 guard reads them). */
  addresses(): { address: string; displayName: string }[] {
    return this.#addresses.all().map((row) => ({ address: row.address, displayName: row.display_name }));
  }

  /** One mailbox, whoever asks: the caller checks who may see it. */
  get(id: string): MailboxSummary | null {
    const row = this.#select.get(id);
    return row === undefined ? null : toMailboxSummary(row);
  }

  /** The viewer's personal mailboxes and the shared ones they are a member of, oldest first. */
  list(options: MailboxListOptions): Page<MailboxSummary> {
    const limit = checkLimit(options.limit);
    const parameters: ListParameters = { viewerUserId: options.viewerUserId, fetch: limit + 1 };
    let rows: MailboxRow[];
    if (options.cursor === undefined) {
      rows = this.#firstPage.all(parameters);
    } else {
      const [afterCreatedAt, afterId] = decodeCursor(listName, options.cursor, ['string', 'string'] as const);
      rows = this.#nextPage.all({ ...parameters, afterCreatedAt, afterId });
    }
    return toPage(rows, limit, listName, (row) => [row.created_at, row.id], toMailboxSummary);
  }
}

function translateInsertError(error: unknown): unknown {
  if (isUniqueViolation(error, 'mailboxes.address')) {
    return new AppError(
      'conflict',
      'This mailbox is already connected by a user. To work in it together, connect it once as a shared inbox.',
      { field: 'address', rule: 'R8', cause: error },
    );
  }
  if (isForeignKeyViolation(error)) return new AppError('not-found', 'There is no user with this id.', { cause: error });
  return error;
}

/** Stored JSON, or — damaged on disk — its text, which the settings' schema then refuses in words. */
function readJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** `connection` as stored JSON; refuses anything that is not plain data without secrets. */
function connectionJson(connection: object): string {
  const refuse = (reason: string) => new AppError('invalid-input', `The connection settings ${reason}.`, { field: 'connection' });
  if (Array.isArray(connection) || connection === null || typeof connection !== 'object') throw refuse('must be an object');
  const visit = (value: unknown, depth: number): void => {
    if (depth > 8) throw refuse('are nested too deeply');
    if (Array.isArray(value)) {
      for (const item of value) visit(item, depth + 1);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    for (const [key, inner] of Object.entries(value)) {
      if (secretKeys.has(key.toLowerCase())) throw refuse(`hold a secret ("${key}"); secrets belong in the sealed credentials`);
      visit(inner, depth + 1);
    }
  };
  visit(connection, 0);
  return JSON.stringify(connection);
}

function toMailboxSummary(row: MailboxRow): MailboxSummary {
  return {
    id: row.id,
    address: row.address,
    displayName: row.display_name,
    signature: row.signature ?? '',
    provider: row.provider,
    kind: row.kind,
    ownerUserId: row.owner_user_id,
    status: parseMailboxStatus(row.status),
    lastSyncedAt: row.last_synced_at,
    isCompanyInbox: row.is_company_inbox === 1,
  };
}
