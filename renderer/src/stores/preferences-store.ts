import { create } from 'zustand';
import type { WireError } from '../../../shared/errors.js';
import type { Language, LanguagePreference, NewMailNotifications, Preferences } from '../../../shared/model.js';
import { call } from '../api/client.js';
import { applyLanguage } from '../i18n/index.js';
import { resolveLanguage, systemLanguages } from '../i18n/language.js';

interface PreferencesStore {
  /** `null` until the engine has told us (and before first run, when there is none). */
  preference: LanguagePreference | null;
  /** The language the UI shows now. */
  language: Language;
  saving: boolean;
  error: WireError | null;
  /** Seconds a sent mail waits so "Undo" can take it back (0: none). */
  undoSendSeconds: number;
  /** Which new candidate mail the user is told of. */
  newMailNotifications: NewMailNotifications;
  load(): Promise<void>;
  setNewMailNotifications(choice: NewMailNotifications): Promise<boolean>;
  setUndoSendSeconds(seconds: number): Promise<boolean>;
  /** Switches at once; goes back to the previous choice if the engine refuses. */
  setLanguage(preference: LanguagePreference): Promise<void>;
  /** Applies preferences the engine pushed (another window changed them). */
  apply(preferences: Preferences): void;
}

/** The user's preferences. They live in the engine, so every window and reload agrees. */
export const usePreferencesStore = create<PreferencesStore>((set, get) => ({
  preference: null,
  language: resolveLanguage('system', systemLanguages()),
  saving: false,
  error: null,
  undoSendSeconds: 10,
  newMailNotifications: 'all',

  load: async () => {
    const result = await call('preferences:get', {});
    if (result.ok) get().apply(result.value);
    else set({ error: result.error });
  },

  setLanguage: async (preference) => {
    const previous = get().preference;
    show(set, preference);
    set({ saving: true, error: null });
    const result = await call('preferences:update', { language: preference });
    if (result.ok) {
      set({ saving: false });
      get().apply(result.value);
    } else {
      set({ saving: false, error: result.error });
      show(set, previous ?? 'system');
    }
  },

  setUndoSendSeconds: async (seconds) => {
    set({ saving: true, error: null });
    const result = await call('preferences:update', { undoSendSeconds: seconds });
    if (result.ok) get().apply(result.value);
    set({ saving: false, error: result.ok ? null : result.error });
    return result.ok;
  },

  setNewMailNotifications: async (choice) => {
    const previous = get().newMailNotifications;
    set({ saving: true, error: null, newMailNotifications: choice });
    const result = await call('preferences:update', { newMailNotifications: choice });
    if (result.ok) get().apply(result.value);
    set({ saving: false, error: result.ok ? null : result.error, ...(result.ok ? {} : { newMailNotifications: previous }) });
    return result.ok;
  },

  apply: (preferences) => {
    show(set, preferences.language);
    set({ undoSendSeconds: preferences.undoSendSeconds, newMailNotifications: preferences.newMailNotifications });
  },
}));

function show(set: (partial: Partial<PreferencesStore>) => void, preference: LanguagePreference): void {
  const language = resolveLanguage(preference, systemLanguages());
  set({ preference, language });
  applyLanguage(language);
}
