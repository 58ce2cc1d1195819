import { create } from 'zustand';
import type { InputOf } from '../../../shared/contract.js';
import type { Result, WireError } from '../../../shared/errors.js';
import type { MessageTemplate } from '../../../shared/templates.js';
import { call } from '../api/client.js';

/** The workspace's mail templates: picked in the composer, managed in Settings › Templates. */
interface TemplatesStore {
  status: 'idle' | 'loading' | 'ready' | 'error';
  items: MessageTemplate[];
  error: WireError | null;
  /** Loads the list (again). */
  load(): Promise<void>;
  /** Loads the list the first time it is needed. */
  ensure(): void;
  save(input: InputOf<'templates:save'>): Promise<Result<MessageTemplate>>;
  remove(templateId: string): Promise<Result<{ deleted: boolean }>>;
}

export const useTemplatesStore = create<TemplatesStore>((set, get) => ({
  status: 'idle',
  items: [],
  error: null,

  load: async () => {
    if (get().status !== 'ready') set({ status: 'loading' });
    const result = await call('templates:list', {});
    if (result.ok) set({ status: 'ready', items: result.value, error: null });
    else set({ status: 'error', error: result.error });
  },

  ensure: () => {
    if (get().status === 'idle' || get().status === 'error') void get().load();
  },

  save: async (input) => {
    const result = await call('templates:save', input);
    if (result.ok) await get().load();
    return result;
  },

  remove: async (templateId) => {
    const result = await call('templates:delete', { templateId });
    if (result.ok) await get().load();
    return result;
  },
}));
