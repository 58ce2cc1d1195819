import type { LanguagePreference, Preferences } from '../../../../shared/model.js';
import { AppError } from '../../errors.js';
import type { Database } from '../database.js';
import { isForeignKeyViolation } from '../sqlite-errors.js';

const defaults: Preferences = { language: 'system' };

/** Per-user settings that live in the engine (not in renderer storage). */
export class PreferencesRepository {
  readonly #select;
  readonly #upsert;

  constructor(db: Database) {
    this.#select = db.prepare<[string], { language: LanguagePreference }>(
      'SELECT language FROM user_preferences WHERE user_id = ?',
    );
    this.#upsert = db.prepare<{ userId: string; language: LanguagePreference }>(
      `INSERT INTO user_preferences (user_id, language) VALUES (@userId, @language)
       ON CONFLICT (user_id) DO UPDATE SET language = excluded.language`,
    );
  }

  /** The user's preferences; the defaults (`language: 'system'`) until they change one. */
  get(userId: string): Preferences {
    const row = this.#select.get(userId);
    return row === undefined ? { ...defaults } : { language: row.language };
  }

  /**
   * Stores the user's preferences and returns them.
   * @throws AppError `not-found` for an unknown user.
   */
  set(userId: string, preferences: Preferences): Preferences {
    try {
      this.#upsert.run({ userId, language: preferences.language });
    } catch (error) {
      if (isForeignKeyViolation(error)) throw new AppError('not-found', 'There is no user with this id.', { cause: error });
      throw error;
    }
    return { language: preferences.language };
  }
}
