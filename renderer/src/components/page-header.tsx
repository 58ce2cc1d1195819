import './page-header.css';
import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';
import { useNavigationStore } from '../stores/navigation-store.js';

/**
 * A page's title. After the user navigates, focus moves to it, so a screen reader
 * announces the new page and the keyboard starts from its top. It also catches focus
 * that was lost, e.g. when the first-run form disappears after setup.
 */
export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  const heading = useRef<HTMLHeadingElement>(null);
  const navigations = useNavigationStore((state) => state.navigations);
  useEffect(() => {
    const focusLost = document.activeElement === null || document.activeElement === document.body;
    if (navigations > 0 || focusLost) heading.current?.focus({ preventScroll: true });
  }, [navigations]);
  return (
    <header className="page-header">
      <h1 ref={heading} tabIndex={-1}>
        {title}
      </h1>
      {children ? <div className="page-header-tools">{children}</div> : null}
    </header>
  );
}
