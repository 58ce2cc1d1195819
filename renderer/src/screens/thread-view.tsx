import './thread-view.css';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LinkReason, ThreadDetail } from '../../../shared/model.js';
import { ErrorNotice } from '../components/error-notice.js';
import { initialsOf } from '../format.js';
import { canManageCandidates } from '../permissions.js';
import { hrefOf } from '../stores/navigation-store.js';
import { useSessionStore } from '../stores/session-store.js';
import { useConnectionStore } from '../stores/connection-store.js';
import { setThreadRead, useThreadStore } from '../stores/thread-store.js';
import { startForward } from './composer-forward.js';
import { ThreadComposer } from './composer.js';
import { ThreadTeam } from './thread-team.js';
import { MessageCard } from './thread-message-card.js';
import { DangerousAttachmentDialog, LinkCandidateDialog, type OpenDialog, OpenLinkDialog, UnlinkDialog } from './thread-dialogs.js';

/** Badge class for a link reason; a forward is marked apart (R6). */
export function reasonBadgeClass(reason: LinkReason): string {
  return reason === 'forward' ? 'badge badge-warning' : reason === 'manual' ? 'badge badge-accent' : 'badge badge-muted';
}

/**
 * The reading pane: one conversation, oldest message first, with why it is linked, what
 * can be done about that, each mail's sender and recipients, its text or its isolated
 * HTML, and its attachments.
 */
export function ThreadView({ threadId, onClose, onKeyDown }: { threadId: string; onClose: () => void; onKeyDown: (event: KeyboardEvent) => void }) {
  const { t } = useTranslation();
  const { status, thread, error } = useThreadStore();
  const shownId = useThreadStore((state) => state.threadId);
  const connection = useConnectionStore((state) => state.state);
  const [dialog, setDialog] = useState<OpenDialog | null>(null);

  useEffect(() => {
    void useThreadStore.getState().open(threadId);
  }, [threadId]);

  if (shownId !== threadId || status === 'loading' || status === 'idle') {
    return (
      <div className="thread-view">
        <p className="loading" role="status">
          {/* Without the engine nothing loads: say so, instead of "Loading…" that never ends. */}
          {connection.kind === 'reconnecting' ? t('mail.waitingForConnection') : t('app.loading')}
        </p>
      </div>
    );
  }
  if (status === 'error' || !thread) {
    return (
      <div className="thread-view">
        {error && error.code !== 'not-found' ? <ErrorNotice error={error} onRetry={() => void useThreadStore.getState().open(threadId)} /> : <p className="thread-gone">{t('mail.gone')}</p>}
      </div>
    );
  }
  return (
    <article className="thread-view" aria-labelledby="thread-subject">
      <ThreadHeader thread={thread} onClose={onClose} onOpen={setDialog} />
      <EarlierMessages thread={thread} />
      <ol className="message-list">
        {thread.messages.map((message, index) => (
          <MessageCard
            key={message.id}
            message={message}
            onForward={message.links.length > 0 ? () => startForward(thread, message) : null}
            last={index === thread.messages.length - 1}
            onOpen={setDialog}
            onKeyDown={onKeyDown}
          />
        ))}
      </ol>
      <ThreadTeam threadId={thread.id} />
      <ThreadComposer thread={thread} />
      {dialog?.kind === 'unlink' ? <UnlinkDialog candidate={dialog.candidate} onClose={() => setDialog(null)} /> : null}
      {dialog?.kind === 'link' ? <LinkCandidateDialog thread={thread} onClose={() => setDialog(null)} /> : null}
      {dialog?.kind === 'open-link' ? <OpenLinkDialog href={dialog.href} text={dialog.text} onClose={() => setDialog(null)} /> : null}
      {dialog?.kind === 'dangerous' ? <DangerousAttachmentDialog attachment={dialog.attachment} onClose={() => setDialog(null)} /> : null}
    </article>
  );
}

/** The nearest ancestor that scrolls (the reading pane), or the document's scroller. */
function scrollerOf(element: HTMLElement): HTMLElement {
  for (let node = element.parentElement; node !== null; node = node.parentElement) {
    const overflow = getComputedStyle(node).overflowY;
    if ((overflow === 'auto' || overflow === 'scroll') && node.scrollHeight > node.clientHeight) return node;
  }
  return (document.scrollingElement as HTMLElement | null) ?? document.documentElement;
}

/**
 * "Show earlier messages (n)" above a long thread (issue 23: `threads:get` answers the newest
 * 100). The older page goes in front; the message that was first stays where it was on
 * screen, so the reader does not lose their place.
 */
function EarlierMessages({ thread }: { thread: ThreadDetail }) {
  const { t } = useTranslation();
  const loading = useThreadStore((state) => state.loadingEarlier);
  const button = useRef<HTMLButtonElement>(null);
  const anchor = useRef<{ id: string; top: number } | null>(null);
  const [failed, setFailed] = useState(false);

  useLayoutEffect(() => {
    const kept = anchor.current;
    if (kept === null) return;
    const element = document.querySelector<HTMLElement>(`[data-message-id="${CSS.escape(kept.id)}"]`);
    if (element === null) return;
    const moved = element.getBoundingClientRect().top - kept.top;
    if (moved !== 0) scrollerOf(element).scrollTop += moved;
    anchor.current = null;
  }, [thread.messages]);

  if (thread.earlierCount === 0) return null;
  const load = async () => {
    const first = thread.messages[0];
    const element = first === undefined ? null : document.querySelector<HTMLElement>(`[data-message-id="${CSS.escape(first.id)}"]`);
    anchor.current = first !== undefined && element !== null ? { id: first.id, top: element.getBoundingClientRect().top } : null;
    const result = await useThreadStore.getState().loadEarlier();
    setFailed(!result.ok);
  };
  return (
    <div className="thread-earlier">
      <button ref={button} type="button" className="button button-secondary button-small" onClick={() => void load()} disabled={loading} aria-busy={loading}>
        {loading ? t('mail.loadingEarlier') : t('mail.showEarlier', { count: thread.earlierCount })}
      </button>
      {failed ? (
        <p className="thread-earlier-error" role="alert">
          {t('mail.earlierFailed')}
        </p>
      ) : null}
    </div>
  );
}

function ThreadHeader({ thread, onClose, onOpen }: { thread: ThreadDetail; onClose: () => void; onOpen: (dialog: OpenDialog) => void }) {
  const { t } = useTranslation();
  const role = useSessionStore((state) => state.session?.user.role);
  const unread = thread.messages.some((message) => message.unread);
  return (
    <header className="thread-header">
      <div className="thread-header-top">
        <h2 id="thread-subject" className="thread-title">
          {thread.subject || t('inbox.noSubject')}
        </h2>
        <div className="thread-actions">
          <button type="button" className="button button-quiet button-small" onClick={() => void setThreadRead(thread.id, unread)}>
            {unread ? t('mail.markRead') : t('mail.markUnread')}
          </button>
          {role !== undefined && canManageCandidates(role) ? (
            <button type="button" className="button button-secondary button-small" onClick={() => onOpen({ kind: 'link' })}>
              {t('mail.linkToCandidate')}
            </button>
          ) : null}
          <button type="button" className="button button-quiet button-small thread-close" onClick={onClose} aria-label={t('mail.close')} title={`${t('mail.close')} (Esc)`}>
            ✕
          </button>
        </div>
      </div>
      <section className="why-linked" aria-label={t('mail.whyLinked')}>
        <ul className="why-linked-list">
          {thread.candidates.map((candidate) => (
            <li key={candidate.id} className="why-linked-item">
              <a className="why-linked-name" href={hrefOf({ page: 'candidates', candidateId: candidate.id })}>
                <span className="avatar avatar-small" aria-hidden="true">
                  {initialsOf(candidate.name)}
                </span>
                {candidate.name}
              </a>
              <span className={reasonBadgeClass(candidate.reason)} data-reason={candidate.reason}>
                {t(`mail.reason.${candidate.reason}`)}
              </span>
              <button
                type="button"
                className="button button-quiet button-small"
                onClick={() => onOpen({ kind: 'unlink', candidate })}
                aria-label={t('mail.notThisCandidateFor', { name: candidate.name })}
              >
                {t('mail.notThisCandidate')}
              </button>
            </li>
          ))}
          {thread.jobs.map((job) => (
            <li key={job.id}>
              <a className="job-chip" href={hrefOf({ page: 'jobs', jobId: job.id })}>
                {job.title}
              </a>
            </li>
          ))}
        </ul>
      </section>
    </header>
  );
}
