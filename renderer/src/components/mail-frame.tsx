import { useEffect, useMemo, useRef } from 'react';
import { mailDocument, sanitiseMailHtml } from '../mail/mail-html.js';

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
 * in a frame that is sandboxed without `allow-scripts` (nothing in it runs) and carries a
 * policy of its own that lets nothing load but images after "show images". The sandbox
 * keeps `allow-same-origin` only so this component can catch link clicks (to show the
 * real target first) and size the frame to its content; without scripts in the frame that
 * grants the mail nothing (docs/decisions.md "Inbox I").
 */
export function MailFrame({ html, showImages, title, onBlockedImages, onLink, onKeyDown }: MailFrameProps) {
  const frame = useRef<HTMLIFrameElement>(null);
  const sanitised = useMemo(() => sanitiseMailHtml(html, { showImages }), [html, showImages]);
  const handlers = useRef({ onLink, onKeyDown });
  handlers.current = { onLink, onKeyDown };

  useEffect(() => onBlockedImages(sanitised.blockedImages), [sanitised.blockedImages, onBlockedImages]);

  useEffect(() => {
    const element = frame.current;
    if (!element) return;
    let observer: ResizeObserver | undefined;
    let attachedTo: Document | null = null;
    const attach = () => {
      const document = element.contentDocument;
      if (!document || document === attachedTo) return;
      attachedTo = document;
      const fit = () => {
        element.style.height = `${Math.max(document.documentElement.scrollHeight, 24)}px`;
      };
      fit();
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
    element.addEventListener('load', attach);
    // A srcdoc may finish loading before this effect runs: attach to what is there now too.
    if (element.contentDocument?.readyState === 'complete' && element.contentDocument.URL === 'about:srcdoc') attach();
    return () => {
      element.removeEventListener('load', attach);
      observer?.disconnect();
    };
  }, []);

  return (
    <iframe
      ref={frame}
      className="mail-frame"
      title={title}
      sandbox="allow-same-origin"
      referrerPolicy="no-referrer"
      srcDoc={mailDocument(sanitised.html, showImages)}
    />
  );
}
