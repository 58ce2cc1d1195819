import { randomUUID } from 'node:crypto';
import { AppError } from '../../errors.js';
import type { Database } from '../database.js';
import { isForeignKeyViolation } from '../sqlite-errors.js';

/**
 * Where a message lives on a server (PRODUCT.md "Message"): an IMAP folder with
 * UIDVALIDITY and UID, or the provider's id (Gmail message id, Graph item id), or both.
 */
export interface NewLocation {
  messageId: string;
  mailboxId: string;
  /** Required with a UID; null for a provider id that belongs to no folder (Gmail). */
  folderId: string | null;
  /** Both set (IMAP) or both null. */
  uidValidity: number | null;
  uid: number | null;
  providerId: string | null;
}

/** A stored location. */
export interface LocationRecord extends NewLocation {
  id: string;
}

interface LocationRow {
  id: string;
  message_id: string;
  mailbox_id: string;
  folder_id: string | null;
  uidvalidity: number | null;
  uid: number | null;
  provider_id: string | null;
}

/** Where stored messages live on the servers; one message may have many locations. */
export class LocationsRepository {
  readonly #db: Database;
  readonly #byUid;
  readonly #byProviderId;
  readonly #insert;
  readonly #knownUids;
  readonly #listFor;
  readonly #staleIn;
  readonly #removeStaleIn;
  readonly #removeUidRange;
  readonly #knownProviderIds;
  readonly #removeProviderIds;

  constructor(db: Database) {
    this.#db = db;
    this.#byUid = db
      .prepare<[string, string, number, number], string>(
        'SELECT message_id FROM message_locations WHERE mailbox_id = ? AND folder_id = ? AND uidvalidity = ? AND uid = ?',
      )
      .pluck();
    // Written like the expression of message_locations_by_provider_id so that index serves it.
    this.#byProviderId = db
      .prepare<[string, string | null, string], string>(
        "SELECT message_id FROM message_locations WHERE mailbox_id = ? AND ifnull(folder_id, '') = ifnull(?, '') AND provider_id = ?",
      )
      .pluck();
    this.#insert = db.prepare<[string, string, string, string | null, number | null, number | null, string | null]>(
      `INSERT INTO message_locations (id, message_id, mailbox_id, folder_id, uidvalidity, uid, provider_id)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    this.#knownUids = db
      .prepare<{ mailboxId: string; folderId: string; uidValidity: number; uids: string }, number>(
        // IN, not a join on json_each: the join let SQLite walk every location of the folder
        // once per wanted UID (issue 9 benchmark); IN looks each UID up in the unique index.
        `SELECT l.uid FROM message_locations l
          WHERE l.mailbox_id = @mailboxId AND l.folder_id = @folderId AND l.uidvalidity = @uidValidity
            AND l.uid IN (SELECT value FROM json_each(@uids))
          ORDER BY l.uid`,
      )
      .pluck();
    this.#listFor = db.prepare<[string], LocationRow>(
      `SELECT id, message_id, mailbox_id, folder_id, uidvalidity, uid, provider_id FROM message_locations
       WHERE message_id = ? ORDER BY mailbox_id, folder_id, uidvalidity, uid, provider_id`,
    );
    // Issue 7: locations a rebuilt folder (new UIDVALIDITY) left behind.
    this.#staleIn = db.prepare<[string, number], { count: number; oldest: string | null }>(
      `SELECT count(*) AS count, min(coalesce(m.internal_date, m.date)) AS oldest
       FROM message_locations l JOIN messages m ON m.id = l.message_id
       WHERE l.folder_id = ? AND l.uidvalidity IS NOT NULL AND l.uidvalidity <> ?`,
    );
    this.#removeStaleIn = db.prepare<[string, number]>('DELETE FROM message_locations WHERE folder_id = ? AND uidvalidity IS NOT NULL AND uidvalidity <> ?');
    // Issue 7 (CONDSTORE): mail expunged or moved away on the server.
    this.#removeUidRange = db.prepare<[string, number, number, number]>('DELETE FROM message_locations WHERE folder_id = ? AND uidvalidity = ? AND uid BETWEEN ? AND ?');
    // Both written like the expression of message_locations_by_provider_id, so that index serves them.
    this.#knownProviderIds = db
      .prepare<{ mailboxId: string; folderId: string; ids: string }, string>(
        `SELECT provider_id FROM message_locations
          WHERE mailbox_id = @mailboxId AND ifnull(folder_id, '') = @folderId AND provider_id IN (SELECT value FROM json_each(@ids))`,
      )
      .pluck();
    this.#removeProviderIds = db.prepare<{ mailboxId: string; folderId: string; ids: string }>(
      `DELETE FROM message_locations
        WHERE mailbox_id = @mailboxId AND ifnull(folder_id, '') = @folderId AND provider_id IN (SELECT value FROM json_each(@ids))`,
    );
  }

  /**
   * Locations in the folder under another UIDVALIDITY than `uidValidity` (the folder was
   * rebuilt on the server, RFC 9051 §2.3.1.1), and the oldest received time among their
   * messages (ISO 8601), so a re-map knows how far back to look.
   */
  staleIn(folderId: string, uidValidity: number): { count: number; oldest: string | null } {
    return this.#staleIn.get(folderId, uidValidity) ?? { count: 0, oldest: null };
  }

  /** Forgets the folder's locations under any other UIDVALIDITY; the messages stay. Returns how many went. */
  removeStaleIn(folderId: string, uidValidity: number): number {
    return this.#removeStaleIn.run(folderId, uidValidity).changes;
  }

  /**
   * Forgets the folder's locations at UIDs the server no longer has (inclusive ranges,
   * under `uidValidity`); the messages stay. Returns how many went.
   */
  removeUidRanges(folderId: string, uidValidity: number, ranges: readonly (readonly [number, number])[]): number {
    return this.#db.transaction(() => ranges.reduce((removed, [first, last]) => removed + this.#removeUidRange.run(folderId, uidValidity, first, last).changes, 0))();
  }

  /**
   * Records a location of a message; idempotent. Returns whether it was new.
   * @throws AppError `invalid-input` for a location that names no place (see `NewLocation`);
   *   `conflict` when the place is recorded for another message (a server must never
   *   reuse a UID within one UIDVALIDITY, RFC 3501 §2.3.1.1); `not-found` for an unknown
   *   message, mailbox or folder.
   */
  add(location: NewLocation): boolean {
    checkShape(location);
    return this.#db.transaction(() => {
      const { messageId, mailboxId, folderId, uidValidity, uid, providerId } = location;
      const holders = [
        uid === null || uidValidity === null || folderId === null ? undefined : this.#byUid.get(mailboxId, folderId, uidValidity, uid),
        providerId === null ? undefined : this.#byProviderId.get(mailboxId, folderId, providerId),
      ].filter((holder): holder is string => holder !== undefined);
      if (holders.some((holder) => holder !== messageId)) {
        throw new AppError('conflict', 'This place on the server is recorded for another message.');
      }
      if (holders.length > 0) return false;
      try {
        this.#insert.run(randomUUID(), messageId, mailboxId, folderId, uidValidity, uid, providerId);
      } catch (error) {
        if (isForeignKeyViolation(error)) throw new AppError('not-found', 'There is no such message, mailbox or folder.', { cause: error });
        throw error;
      }
      return true;
    })();
  }

  /** Whether a message is recorded at this UID (header-first sync skips it then). */
  has(mailboxId: string, folderId: string, uidValidity: number, uid: number): boolean {
    return this.#byUid.get(mailboxId, folderId, uidValidity, uid) !== undefined;
  }

  /** Which of `uids` are recorded in the folder under this UIDVALIDITY, ascending. */
  knownUids(mailboxId: string, folderId: string, uidValidity: number, uids: readonly number[]): number[] {
    if (uids.length === 0) return [];
    return this.#knownUids.all({ mailboxId, folderId, uidValidity, uids: JSON.stringify([...new Set(uids)]) });
  }

  /** Which of `providerIds` (Gmail message ids, Graph item ids) are recorded in the folder. */
  knownProviderIds(mailboxId: string, folderId: string, providerIds: readonly string[]): string[] {
    if (providerIds.length === 0) return [];
    return this.#knownProviderIds.all({ mailboxId, folderId, ids: JSON.stringify([...new Set(providerIds)]) });
  }

  /**
   * Forgets the folder's locations of these provider ids — mail deleted on the server or
   * no longer carrying the label; the messages stay. Returns how many went.
   */
  removeProviderIds(mailboxId: string, folderId: string, providerIds: readonly string[]): number {
    if (providerIds.length === 0) return 0;
    return this.#removeProviderIds.run({ mailboxId, folderId, ids: JSON.stringify([...new Set(providerIds)]) }).changes;
  }

  /** Every location of a message. */
  listFor(messageId: string): LocationRecord[] {
    return this.#listFor.all(messageId).map((row) => ({
      id: row.id,
      messageId: row.message_id,
      mailboxId: row.mailbox_id,
      folderId: row.folder_id,
      uidValidity: row.uidvalidity,
      uid: row.uid,
      providerId: row.provider_id,
    }));
  }
}

/** The CHECKs of message_locations, as errors that say what is wrong. */
function checkShape(location: NewLocation): void {
  const refuse = (message: string) => new AppError('invalid-input', message, { field: 'location' });
  if ((location.uid === null) !== (location.uidValidity === null)) throw refuse('A UID needs its UIDVALIDITY, and the other way round.');
  if (location.uid !== null && location.folderId === null) throw refuse('A UID needs the folder it belongs to.');
  if (location.uid === null && location.providerId === null) throw refuse('A location needs a UID or a provider id.');
  for (const value of [location.uid, location.uidValidity]) {
    // RFC 3501 §2.3.1.1: UID and UIDVALIDITY are non-zero 32-bit unsigned integers.
    if (value !== null && !(Number.isInteger(value) && value > 0 && value <= 0xffff_ffff)) {
      throw refuse('UID and UIDVALIDITY are whole numbers from 1 to 4294967295.');
    }
  }
}
