import { create } from 'zustand';
import type { InputOf } from '../../../shared/contract.js';
import type { Result, WireError } from '../../../shared/errors.js';
import type { AppInfo, Session, User, Workspace } from '../../../shared/model.js';
import { call } from '../api/client.js';
import { usePreferencesStore } from './preferences-store.js';

export type SetupInput = InputOf<'setup:create'>;

interface SessionStore {
  /**
   * `loading` until the engine answers; `setup` while first run is needed; `ready` with a
   * session; `failed` when the engine could not be asked (see `error`).
   */
  phase: 'loading' | 'setup' | 'ready' | 'failed';
  appInfo: AppInfo | null;
  session: Session | null;
  error: WireError | null;
  load(): Promise<void>;
  /** First run. The result carries field errors (`error.field`) for the form. */
  createWorkspace(input: SetupInput): Promise<Result<Session>>;
  /** Applies a workspace the engine pushed. */
  applyWorkspace(workspace: Workspace): void;
  /** The signed-in user's new work address (`users:update`); the error's `field` is `email`. */
  changeWorkAddress(email: string): Promise<Result<User>>;
}

/** Who is signed in and to which workspace; whether first run is still needed. */
export const useSessionStore = create<SessionStore>((set, get) => ({
  phase: 'loading',
  appInfo: null,
  session: null,
  error: null,

  load: async () => {
    if (get().phase !== 'ready') set({ phase: 'loading', error: null });
    const info = await call('app:info', {});
    if (!info.ok) {
      set({ phase: 'failed', error: info.error });
      return;
    }
    if (info.value.setupNeeded) {
      set({ phase: 'setup', appInfo: info.value, session: null, error: null });
      return;
    }
    await loadSession(info.value);
  },

  createWorkspace: async (input) => {
    const result = await call('setup:create', input);
    if (result.ok) {
      // Preferences exist from now on; load them before the app frame shows.
      await usePreferencesStore.getState().load();
      set((state) => ({
        phase: 'ready',
        session: result.value,
        error: null,
        appInfo: state.appInfo ? { ...state.appInfo, setupNeeded: false } : state.appInfo,
      }));
    } else if (result.error.code === 'already-set-up') {
      // Another window finished first run meanwhile; continue with that workspace.
      await get().load();
    }
    return result;
  },

  applyWorkspace: (workspace) => {
    const { session } = get();
    if (session) set({ session: { ...session, workspace } });
  },

  changeWorkAddress: async (email) => {
    const session = get().session;
    if (!session) return { ok: false, error: { code: 'setup-required', message: 'Not set up.', retryable: false } };
    const result = await call('users:update', { userId: session.user.id, email });
    const current = get().session;
    if (result.ok && current) set({ session: { ...current, user: result.value } });
    return result;
  },
}));

async function loadSession(appInfo: AppInfo): Promise<void> {
  // The language preference is loaded before the frame shows, so a German user never
  // sees the English frame flash by.
  const [session] = await Promise.all([call('session:get', {}), usePreferencesStore.getState().load()]);
  if (session.ok) {
    useSessionStore.setState({ phase: 'ready', appInfo, session: session.value, error: null });
  } else if (session.error.code === 'setup-required') {
    useSessionStore.setState({ phase: 'setup', appInfo, session: null, error: null });
  } else {
    useSessionStore.setState({ phase: 'failed', appInfo, error: session.error });
  }
}
