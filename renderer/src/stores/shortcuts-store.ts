import { create } from 'zustand';

/** Whether the keyboard shortcuts overlay is shown (from `?` in the inbox or the command palette). */
export const useShortcutsStore = create<{ open: boolean }>(() => ({ open: false }));

export function openShortcuts(): void {
  useShortcutsStore.setState({ open: true });
}

export function closeShortcuts(): void {
  useShortcutsStore.setState({ open: false });
}
