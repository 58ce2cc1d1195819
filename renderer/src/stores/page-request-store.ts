import { create } from 'zustand';

/** Something a page opens when it shows next, asked for from elsewhere (the command palette). */
export type PageRequest = 'new-candidate' | 'import-candidates' | 'new-job';

interface PageRequestStore {
  request: PageRequest | null;
}

export const usePageRequestStore = create<PageRequestStore>(() => ({ request: null }));

/** Asks the page to open its form (the candidates page its "New candidate" dialog, ...). */
export function requestPageAction(request: PageRequest): void {
  usePageRequestStore.setState({ request });
}

/** True once when `request` is pending; it is then cleared, so a later visit does not open it again. */
export function takePageRequest(request: PageRequest): boolean {
  if (usePageRequestStore.getState().request !== request) return false;
  usePageRequestStore.setState({ request: null });
  return true;
}
