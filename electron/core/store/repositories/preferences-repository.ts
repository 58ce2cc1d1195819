import type { LanguagePreference, NewMailNotifications, Preferences } from '../../../../shared/model.js';
import { AppError } from '../../errors.js';
import type { Database } from '../database.js';
import { isForeignKeyViolation } from '../sqlite-errors.js';

const defaults: Preferences = { language: 'system', undoSendSeconds: 10, newMailNotifications: 'all' };

/** Per-user settings that live in the engine (not in renderer storage). */
export class PreferencesRepository {
  readonly #select;
  readonly #upsert;

  constructor(db: Database) {
    this.#select = db.prepare<[string], { language: LanguagePreference; undo_send_seconds: number; new_mail_notifications: NewMailNotifications }>(
      'SELECT language, undo_send_seconds, new_mail_notifications FROM user_preferences WHERE user_id = ?',
    );
    this.#upsert = db.prepare<{ userId: string; language: LanguagePreference; undoSendSeconds: number; newMailNotifications: NewMailNotifications }>(
      `INSERT INTO user_preferences (user_id, language, undo_send_seconds, new_mail_notifications) VALUES (@userId, @language, @undoSendSeconds, @newMailNotifications)
       ON CONFLICT (user_id) DO UPDATE SET language = excluded.language, undo_send_seconds = excluded.undo_send_seconds,
         new_mail_notifications = excluded.new_mail_notifications`,
    );
  }

  /** The user's preferences; the defaults (`language: 'system'`, 10 s to undo a send, every new mail notified) until they change one. */
  get(userId: string): Preferences {
    const row = this.#select.get(userId);
    return row === undefined
      ? { ...defaults }
      : { language: row.language, undoSendSeconds: row.undo_send_seconds, newMailNotifications: row.new_mail_notifications };
  }

  /**
   * Stores the given preferences (the others stay) and returns them all.
   * @throws AppError `not-found` for an unknown user.
   */
  set(userId: string, change: Partial<Preferences>): Preferences {
    const next: Preferences = { ...this.get(userId), ...definedOnly(change) };
    try {
      this.#upsert.run({ userId, language: next.language, undoSendSeconds: next.undoSendSeconds, newMailNotifications: next.newMailNotifications });
    } catch (error) {
      if (isForeignKeyViolation(error)) throw new AppError('not-found', 'There is no user with this id.', { cause: error });
      throw error;
    }
    return next;
  }
}

function definedOnly(change: Partial<Preferences>): Partial<Preferences> {
  return Object.fromEntries(Object.entries(change).filter(([, value]) => value !== undefined)) as Partial<Preferences>;
}
