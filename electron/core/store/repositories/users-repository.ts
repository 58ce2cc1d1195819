import type { Role, User } from '../../../../shared/model.js';
import type { Page } from '../../../../shared/paging.js';
import { AppError } from '../../errors.js';
import { checkLimit, decodeCursor, toPage } from '../cursor.js';
import type { Database } from '../database.js';
import { isUniqueViolation } from '../sqlite-errors.js';

interface UserRow {
  id: string;
  name: string;
  email: string;
  role: Role;
  is_owner: number;
}

export interface NewUser {
  id: string;
  name: string;
  /** Normalised by the caller. */
  email: string;
  role: Role;
  isOwner: boolean;
  createdAt: string;
}

const columns = 'u.id, u.name, u.email, u.role, u.is_owner';
const listName = 'users';

/** The team directory: users and their aliases. */
export class UsersRepository {
  readonly #insert;
  readonly #insertAlias;
  readonly #select;
  readonly #selectOwner;
  readonly #selectByAddress;
  readonly #selectAliases;
  readonly #firstPage;
  readonly #nextPage;
  readonly #count;
  readonly #update;
  readonly #deleteAlias;
  readonly #adminCount;
  readonly #ownAddresses;

  constructor(db: Database) {
    this.#update = db.prepare<{ id: string; name: string | null; role: Role | null; email: string | null }>(
      'UPDATE users SET name = ifnull(@name, name), role = ifnull(@role, role), email = ifnull(@email, email) WHERE id = @id',
    );
    this.#deleteAlias = db.prepare<[string, string]>('DELETE FROM user_aliases WHERE user_id = ? AND address = ?');
    this.#adminCount = db.prepare<[], number>("SELECT count(*) FROM users WHERE role = 'admin'").pluck();
    this.#ownAddresses = db.prepare<[], { address: string; name: string; kind: 'work' | 'alias' }>(
      `SELECT email AS address, name, 'work' AS kind FROM users
       UNION ALL
       SELECT a.address, u.name, 'alias' AS kind FROM user_aliases a JOIN users u ON u.id = a.user_id`,
    );
    this.#insert = db.prepare<[string, string, string, Role, number, string]>(
      'INSERT INTO users (id, name, email, role, is_owner, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.#insertAlias = db.prepare<[string, string]>('INSERT INTO user_aliases (address, user_id) VALUES (?, ?)');
    this.#select = db.prepare<[string], UserRow>(`SELECT ${columns} FROM users u WHERE u.id = ?`);
    this.#selectOwner = db.prepare<[], UserRow>(`SELECT ${columns} FROM users u WHERE u.is_owner = 1`);
    this.#selectByAddress = db.prepare<{ address: string }, UserRow>(
      `SELECT ${columns} FROM users u WHERE u.email = @address
       UNION
       SELECT ${columns} FROM users u JOIN user_aliases a ON a.user_id = u.id WHERE a.address = @address`,
    );
    this.#selectAliases = db.prepare<[string], { user_id: string; address: string }>(
      `SELECT user_id, address FROM user_aliases
       WHERE user_id IN (SELECT value FROM json_each(?)) ORDER BY address`,
    );
    this.#firstPage = db.prepare<{ fetch: number }, UserRow>(
      `SELECT ${columns} FROM users u ORDER BY u.name, u.id LIMIT @fetch`,
    );
    this.#nextPage = db.prepare<{ fetch: number; name: string; id: string }, UserRow>(
      `SELECT ${columns} FROM users u WHERE (u.name, u.id) > (@name, @id) ORDER BY u.name, u.id LIMIT @fetch`,
    );
    this.#count = db.prepare<[], number>('SELECT count(*) FROM users').pluck();
  }

  /**
   * Adds a user (without aliases).
   * @throws AppError `conflict`: field `email` when a user has this address; field
   *   `isOwner` when the installation already has its owner.
   */
  insert(user: NewUser): User {
    try {
      this.#insert.run(user.id, user.name, user.email, user.role, user.isOwner ? 1 : 0, user.createdAt);
    } catch (error) {
      if (isUniqueViolation(error, 'users.email')) {
        throw new AppError('conflict', 'A user with this address already exists.', { field: 'email', cause: error });
      }
      if (isUniqueViolation(error, 'users.is_owner')) {
        throw new AppError('conflict', 'This installation already has its owner.', { field: 'isOwner', cause: error });
      }
      throw error;
    }
    return { id: user.id, name: user.name, email: user.email, aliases: [], role: user.role, isOwner: user.isOwner };
  }

  /**
   * Adds an alias address (normalised by the caller) to a user.
   * @throws AppError `conflict` (field `address`) when the alias is taken.
   */
  addAlias(userId: string, address: string): void {
    try {
      this.#insertAlias.run(address, userId);
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new AppError('conflict', 'This alias already belongs to a user.', { field: 'address', cause: error });
      }
      throw error;
    }
  }

  get(id: string): User | null {
    const row = this.#select.get(id);
    return row === undefined ? null : this.#withAliases([row])[0]!;
  }

  /** The person this installation belongs to, or `null` before first run. */
  owner(): User | null {
    const row = this.#selectOwner.get();
    return row === undefined ? null : this.#withAliases([row])[0]!;
  }

  /** The user whose email or alias is exactly `address` (the caller normalises it). */
  findByAddress(address: string): User | null {
    const row = this.#selectByAddress.get({ address });
    return row === undefined ? null : this.#withAliases([row])[0]!;
  }

  /** Users by name (case-insensitive), then id. */
  list(options: { cursor?: string | undefined; limit: number }): Page<User> {
    const limit = checkLimit(options.limit);
    const fetch = limit + 1;
    let rows: UserRow[];
    if (options.cursor === undefined) {
      rows = this.#firstPage.all({ fetch });
    } else {
      const [name, id] = decodeCursor(listName, options.cursor, ['string', 'string'] as const);
      rows = this.#nextPage.all({ fetch, name, id });
    }
    const users = new Map(this.#withAliases(rows.slice(0, limit)).map((user) => [user.id, user]));
    return toPage(rows, limit, listName, (row) => [row.name, row.id], (row) => users.get(row.id)!);
  }

  /** @throws AppError `not-found` for an unknown id; the schema refuses an owner who is not admin. */
  update(id: string, changes: { name?: string | undefined; role?: Role | undefined; email?: string | undefined }): User {
    if (this.#update.run({ id, name: changes.name ?? null, role: changes.role ?? null, email: changes.email ?? null }).changes === 0) {
      throw new AppError('not-found', 'There is no user with this id.');
    }
    return this.get(id)!;
  }

  removeAlias(userId: string, address: string): boolean {
    return this.#deleteAlias.run(userId, address).changes > 0;
  }

  adminCount(): number {
    return this.#adminCount.get()!;
  }

  /** Every work address and alias of the team, with whose it is (the R4 guard reads them). */
  ownAddresses(): { address: string; name: string; kind: 'work' | 'alias' }[] {
    return this.#ownAddresses.all();
  }

  count(): number {
    return this.#count.get()!;
  }

  #withAliases(rows: readonly UserRow[]): User[] {
    const aliases = new Map<string, string[]>();
    for (const { user_id, address } of this.#selectAliases.all(JSON.stringify(rows.map((row) => row.id)))) {
      aliases.set(user_id, [...(aliases.get(user_id) ?? []), address]);
    }
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      email: row.email,
      aliases: aliases.get(row.id) ?? [],
      role: row.role,
      isOwner: row.is_owner === 1,
    }));
  }
}
