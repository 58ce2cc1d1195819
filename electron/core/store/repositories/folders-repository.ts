import { randomUUID } from 'node:crypto';
import { AppError } from '../../errors.js';
import type { Database } from '../database.js';
import { isForeignKeyViolation } from '../sqlite-errors.js';

/** What a folder is scanned for (R9); `custom` is one a user added. */
export type FolderRole = 'inbox' | 'sent' | 'custom';

/** A folder of a mailbox as sync found it (R9). */
export interface FolderInput {
  /** IMAP path (decoded), Gmail label id or Graph folder id: unique within the mailbox. */
  path: string;
  /** What settings show. */
  name: string;
  role: FolderRole;
  /** The rule that gave the role (`special-use`, `well-known-name`, `user`, ...), null if none. */
  roleSource: string | null;
  scanned: boolean;
}

/** A stored folder with its sync position. */
export interface FolderRecord {
  id: string;
  mailboxId: string;
  path: string;
  name: string;
  role: FolderRole;
  roleSource: string | null;
  scanned: boolean;
  /** IMAP UIDVALIDITY the cursor belongs to (RFC 3501 §2.3.1.1), null before the first sync. */
  uidValidity: number | null;
  /** Opaque to the store: HIGHESTMODSEQ/UIDNEXT, a Graph delta link, ... */
  cursor: string | null;
}

/** Where sync stands in a folder. */
export interface FolderCursor {
  uidValidity: number | null;
  cursor: string | null;
}

interface FolderRow {
  id: string;
  mailbox_id: string;
  path: string;
  name: string;
  role: FolderRole;
  role_source: string | null;
  scanned: number;
  uidvalidity: number | null;
  cursor: string | null;
}

const columns = 'id, mailbox_id, path, name, role, role_source, scanned, uidvalidity, cursor';

/** The folders of connected mailboxes, which of them are scanned, and their cursors. */
export class FoldersRepository {
  readonly #upsert;
  readonly #list;
  readonly #get;
  readonly #setScanned;
  readonly #saveCursor;

  constructor(db: Database) {
    // The id is kept on conflict: locations point to it.
    this.#upsert = db.prepare<[string, string, string, string, FolderRole, string | null, number], FolderRow>(
      `INSERT INTO mailbox_folders (id, mailbox_id, path, name, role, role_source, scanned) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (mailbox_id, path) DO UPDATE SET
         name = excluded.name, role = excluded.role, role_source = excluded.role_source, scanned = excluded.scanned
       RETURNING ${columns}`,
    );
    this.#list = db.prepare<[string], FolderRow>(
      `SELECT ${columns} FROM mailbox_folders WHERE mailbox_id = ?
       ORDER BY scanned DESC, CASE role WHEN 'inbox' THEN 0 WHEN 'sent' THEN 1 ELSE 2 END, path`,
    );
    this.#get = db.prepare<[string], FolderRow>(`SELECT ${columns} FROM mailbox_folders WHERE id = ?`);
    this.#setScanned = db.prepare<[number, string]>('UPDATE mailbox_folders SET scanned = ? WHERE id = ?');
    this.#saveCursor = db.prepare<[number | null, string | null, string]>('UPDATE mailbox_folders SET uidvalidity = ?, cursor = ? WHERE id = ?');
  }

  /**
   * Adds the folder, or updates the one with this path in the mailbox: name, role, role
   * source and `scanned` take the given values (pass the stored `scanned` to keep a user's
   * choice); the id, UIDVALIDITY and cursor stay.
   * @throws AppError `not-found` for an unknown mailbox.
   */
  upsert(mailboxId: string, folder: FolderInput): FolderRecord {
    try {
      const row = this.#upsert.get(randomUUID(), mailboxId, folder.path, folder.name, folder.role, folder.roleSource, folder.scanned ? 1 : 0);
      return toFolderRecord(row as FolderRow);
    } catch (error) {
      if (isForeignKeyViolation(error)) throw new AppError('not-found', 'There is no mailbox with this id.', { cause: error });
      throw error;
    }
  }

  /** The mailbox's folders: scanned first, then inbox, sent, custom, then by path. */
  list(mailboxId: string): FolderRecord[] {
    return this.#list.all(mailboxId).map(toFolderRecord);
  }

  get(folderId: string): FolderRecord | null {
    const row = this.#get.get(folderId);
    return row === undefined ? null : toFolderRecord(row);
  }

  /** Starts or stops scanning a folder (R9 beyond). @throws AppError `not-found` for an unknown folder. */
  setScanned(folderId: string, scanned: boolean): void {
    if (this.#setScanned.run(scanned ? 1 : 0, folderId).changes === 0) throw notFound();
  }

  /**
   * Stores where sync stands in the folder. Call it in the transaction that stored what
   * was fetched up to that point, so a crash never leaves the cursor ahead of the mail.
   * @throws AppError `not-found` for an unknown folder.
   */
  saveCursor(folderId: string, position: FolderCursor): void {
    if (this.#saveCursor.run(position.uidValidity, position.cursor, folderId).changes === 0) throw notFound();
  }
}

function notFound(): AppError {
  return new AppError('not-found', 'There is no folder with this id.');
}

function toFolderRecord(row: FolderRow): FolderRecord {
  return {
    id: row.id,
    mailboxId: row.mailbox_id,
    path: row.path,
    name: row.name,
    role: row.role,
    roleSource: row.role_source,
    scanned: row.scanned === 1,
    uidValidity: row.uidvalidity,
    cursor: row.cursor,
  };
}
