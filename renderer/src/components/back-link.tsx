import type { Route } from '../stores/navigation-store.js';
import { hrefOf } from '../stores/navigation-store.js';

/** "← Candidates" above a detail page: the way back to its list. */
export function BackLink({ route, label }: { route: Route; label: string }) {
  return (
    <a className="back-link" href={hrefOf(route)}>
      <span aria-hidden="true">←</span> {label}
    </a>
  );
}
