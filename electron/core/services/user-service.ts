import { randomUUID } from 'node:crypto';
import type { Preferences, Role, User } from '../../../shared/model.js';
import type { Page } from '../../../shared/paging.js';
import type { EventBus } from '../api/events.js';
import { normalizeAddress } from '../domain/addresses.js';
import { AppError } from '../errors.js';
import type { Store } from '../store/store.js';

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
      if (this.store.users.findByAddress(email) !== null) {
        throw new AppError('conflict', `A team member with the address ${email} exists already.`, { field: 'email' });
      }
      const user: User = { id: randomUUID(), name: input.name, email, aliases: [], role: input.role, isOwner: false };
      this.store.users.insert({ ...user, createdAt: this.now().toISOString() });
      return user;
    });
  }

  preferences(userId: string): Preferences {
    return this.store.preferences.get(userId);
  }

  updatePreferences(userId: string, preferences: Preferences): Preferences {
    const saved = this.store.preferences.set(userId, preferences);
    this.events.publish('preferences:changed', saved, { kind: 'user', userId });
    return saved;
  }
}
