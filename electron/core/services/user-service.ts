import { randomUUID } from 'node:crypto';
import type { Preferences, Role, User } from '../../../shared/model.js';
import type { Page } from '../../../shared/paging.js';
import type { EventBus } from '../events/event-bus.js';
import { normalizeAddress } from '../domain/addresses.js';
import { AppError } from '../errors.js';
import type { Store } from '../store/store.js';
import type { AddressGuard } from './address-guard.js';

export interface NewUser {
  name: string;
  email: string;
  role: Role;
}

/** The team directory and each user's preferences. */
export class UserService {
  constructor(
    private readonly store: Store,
    private readonly events: EventBus,
    private readonly guard: AddressGuard,
    private readonly now: () => Date = () => new Date(),
  ) {}

  get(userId: string): User | null {
    return this.store.users.get(userId);
  }

  /** The owner of this installation, or null before first run. */
  owner(): User | null {
    return this.store.users.owner();
  }

  list(page: { cursor?: string | undefined; limit: number }): Page<User> {
    return this.store.users.list(page);
  }

  create(input: NewUser): User {
    const email = normalizeAddress(input.email, 'email');
    return this.store.transaction(() => {
      this.#assertAddressFree(email, 'email');
      const user: User = { id: randomUUID(), name: input.name, email, aliases: [], role: input.role, isOwner: false };
      this.store.users.insert({ ...user, createdAt: this.now().toISOString() });
      return user;
    });
  }

  /**
   * A name, role or work address change; the last admin stays admin, and the owner stays
   * admin. A new work address is checked like a new user's (not the team's, R4: not on a
   * candidate).
   */
  update(input: { userId: string; name?: string | undefined; role?: Role | undefined; email?: string | undefined }): User {
    const email = input.email === undefined ? undefined : normalizeAddress(input.email, 'email');
    return this.store.transaction(() => {
      const user = this.#require(input.userId);
      if (email !== undefined && email !== user.email) {
        const holder = this.store.users.findByAddress(email);
        // The user's own alias may become their work address; anyone else's address may not.
        if (holder !== null && holder.id !== user.id) throw new AppError('conflict', `The address ${email} belongs to a team member already.`, { field: 'email' });
        if (holder === null) this.guard.assertNotOnCandidate(email, 'email');
      }
      if (input.role !== undefined && input.role !== 'admin' && user.role === 'admin') {
        if (user.isOwner) throw new AppError('conflict', 'The owner of this installation is always an admin.', { field: 'role' });
        if (this.store.users.adminCount() <= 1) throw new AppError('conflict', 'The workspace needs at least one admin.', { field: 'role' });
      }
      return this.store.users.update(input.userId, { name: input.name, role: input.role, email });
    });
  }

  addAlias(userId: string, rawAddress: string): User {
    const address = normalizeAddress(rawAddress, 'address');
    return this.store.transaction(() => {
      this.#require(userId);
      this.#assertAddressFree(address, 'address');
      this.store.users.addAlias(userId, address);
      return this.store.users.get(userId)!;
    });
  }

  removeAlias(userId: string, rawAddress: string): User {
    const address = normalizeAddress(rawAddress, 'address');
    this.#require(userId);
    if (!this.store.users.removeAlias(userId, address)) throw new AppError('not-found', `${address} is not an alias of this user.`, { field: 'address' });
    return this.store.users.get(userId)!;
  }

  #require(userId: string): User {
    const user = this.store.users.get(userId);
    if (user === null) throw new AppError('not-found', 'There is no team member with this id.', { field: 'userId' });
    return user;
  }

  /** A new work address or alias: not the team's already, not on a candidate (R4). */
  #assertAddressFree(address: string, field: string): void {
    if (this.store.users.findByAddress(address) !== null) {
      throw new AppError('conflict', `The address ${address} belongs to a team member already.`, { field });
    }
    this.guard.assertNotOnCandidate(address, field);
  }

  preferences(userId: string): Preferences {
    return this.store.preferences.get(userId);
  }

  updatePreferences(
    userId: string,
    preferences: { language?: Preferences['language'] | undefined; undoSendSeconds?: number | undefined; newMailNotifications?: Preferences['newMailNotifications'] | undefined },
  ): Preferences {
    const saved = this.store.preferences.set(userId, preferences);
    this.events.publish('preferences:changed', saved, { kind: 'user', userId });
    return saved;
  }
}
