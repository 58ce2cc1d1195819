import { useEffect, useMemo, useRef } from 'react';
import { mailFramePaths } from '../../../shared/mail-frame.js';
import { mailFrameStyles, sanitiseMailHtml } from '../mail/mail-html.js';

interface MailFrameProps {
  /** The mail's HTML as received; sanitised here, never inserted into the app's page. */
  html: string;
  showImages: boolean;
  title: string;
  /** Called when the mail's remote images were counted (to offer "show images"). */
  onBlockedImages: (count: number) => void;
  /** A link in the mail was clicked: its real target and the text it showed. */
  onLink: (href: string, text: string) => void;
  /** Key presses inside the mail, so shortcuts keep working there. */
  onKeyDown: (event: KeyboardEvent) => void;
}

/**
 * One mail's HTML, isolated (DESIGN.md "Mail content"): sanitised by DOMPurify, then shown
 * in the mail frame document (shared/mail-frame.ts), which both shells serve from the app's
 * origin under a policy of its own that lets nothing load but images after "show images"
 * (that variant has its own path and policy). The frame is sandboxed without `allow-scripts`
 * (nothing in it runs); it keeps `allow-same-origin` only so this component can write the
 * mail into it, catch link clicks (to show the real target first) and size it to its
 * content. The frame document keeps its own policy while we write into it; the app's page
 * keeps its strict one (docs/decisions.md "Inbox I").
 */
export function MailFrame({ html, showImages, title, onBlockedImages, onLink, onKeyDown }: MailFrameProps) {
  const frame = useRef<HTMLIFrameElement>(null);
  const sanitised = useMemo(() => sanitiseMailHtml(html, { showImages }), [html, showImages]);
  const path = showImages ? mailFramePaths.images : mailFramePaths.plain;
  const handlers = useRef({ onLink, onKeyDown });
  handlers.current = { onLink, onKeyDown };
  /** What the frame should show now; read when its document is ready. */
  const wanted = useRef({ path, html: sanitised.html });
  wanted.current = { path, html: sanitised.html };
  const update = useRef<() => void>(() => {});

  useEffect(() => onBlockedImages(sanitised.blockedImages), [sanitised.blockedImages, onBlockedImages]);

  useEffect(() => {
    const element = frame.current;
    if (!element) return;
    let observer: ResizeObserver | undefined;
    let attachedTo: Document | null = null;
    let written: string | null = null;
    const fit = () => {
      const document = element.contentDocument;
      if (document) element.style.height = `${Math.max(document.documentElement.scrollHeight, 24)}px`;
    };
    const attach = (document: Document) => {
      attachedTo = document;
      written = null;
      const styles = document.createElement('style');
      styles.textContent = mailFrameStyles;
      document.head.append(styles);
      observer?.disconnect();
      observer = new ResizeObserver(fit);
      observer.observe(document.documentElement);
      document.addEventListener(
        'click',
        (event) => {
          // The target belongs to the frame's realm, so `instanceof Element` (ours) is false.
          const target = event.target as Element | null;
          const anchor = target !== null && typeof target.closest === 'function' ? target.closest('a') : null;
          if (!anchor) return;
          event.preventDefault();
          const href = anchor.getAttribute('data-hb-link');
          if (href) handlers.current.onLink(href, anchor.textContent?.trim() ?? '');
        },
        true,
      );
      document.addEventListener('keydown', (event) => handlers.current.onKeyDown(event));
    };
    const show = () => {
      const document = element.contentDocument;
      // Only ever write into the loaded frame document of the wanted variant: before it has
      // loaded, the frame holds an initial about:blank under the app's policy, and while
      // switching to "show images" the old document still holds the stricter one.
      if (!document || document.readyState !== 'complete' || new URL(document.URL).pathname !== wanted.current.path) return;
      if (document !== attachedTo) attach(document);
      if (written === wanted.current.html) return;
      document.body.innerHTML = wanted.current.html;
      written = wanted.current.html;
      fit();
    };
    update.current = show;
    element.addEventListener('load', show);
    show();
    return () => {
      element.removeEventListener('load', show);
      observer?.disconnect();
      update.current = () => {};
    };
  }, []);

  useEffect(() => update.current(), [sanitised.html, path]);

  return (
    <iframe ref={frame} className="mail-frame" title={title} sandbox="allow-same-origin" referrerPolicy="no-referrer" src={path} />
  );
}
