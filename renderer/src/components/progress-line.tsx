import './progress-line.css';
import type { ReactNode } from 'react';

/** A spinner with what is under way ("Checking the connection…"), announced politely. */
export function ProgressLine({ children }: { children: ReactNode }) {
  return (
    <p className="progress-line" role="status">
      <span className="spinner" aria-hidden="true" />
      {children}
    </p>
  );
}
