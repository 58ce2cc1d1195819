import './empty-state.css';
import type { ReactNode } from 'react';

interface EmptyStateProps {
  icon: ReactNode;
  /** Left out where the page's own heading already says it (e.g. "Candidate not found"). */
  title?: string;
  children?: ReactNode;
  /** A link or button that leads somewhere useful. */
  action?: ReactNode;
}

/** What a page shows when it has nothing to list: what will appear here, and how. */
export function EmptyState({ icon, title, children, action }: EmptyStateProps) {
  const content = (
    <>
      <div className="empty-state-icon">{icon}</div>
      {title !== undefined ? <h2 className="empty-state-title">{title}</h2> : null}
      {children ? <div className="empty-state-body">{children}</div> : null}
      {action ? <div className="empty-state-action">{action}</div> : null}
    </>
  );
  return title !== undefined ? (
    <section className="empty-state" aria-label={title}>
      {content}
    </section>
  ) : (
    <div className="empty-state">{content}</div>
  );
}
