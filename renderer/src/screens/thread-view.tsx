import './thread-view.css';
import { useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isDangerousFileName, safeSaveName } from '../../../shared/dangerous-files.js';
import type { WireError } from '../../../shared/errors.js';
import type { AttachmentView, CandidateSummary, LinkReason, MailAddressView, ThreadDetail, ThreadMessageView } from '../../../shared/model.js';
import { ActionDialog, Dialog } from '../components/dialog.js';
import { ErrorNotice } from '../components/error-notice.js';
import { PaperclipIcon, SearchIcon } from '../components/icons.js';
import { MailFrame } from '../components/mail-frame.js';
import { formatDateTime, initialsOf } from '../format.js';
import { canManageCandidates } from '../permissions.js';
import { searchCandidatePicker, useCandidatePickerStore } from '../stores/lists.js';
import { hrefOf } from '../stores/navigation-store.js';
import { usePreferencesStore } from '../stores/preferences-store.js';
import { useSessionStore } from '../stores/session-store.js';
import { useConnectionStore } from '../stores/connection-store.js';
import { saveAttachment, setThreadRead, useThreadStore } from '../stores/thread-store.js';
import { startForward } from './composer-forward.js';
import { ThreadComposer } from './composer.js';
import { ThreadTeam } from './thread-team.js';

/** Badge class for a link reason; a forward is marked apart (R6). */
export function reasonBadgeClass(reason: LinkReason): string {
  return reason === 'forward' ? 'badge badge-warning' : reason === 'manual' ? 'badge badge-accent' : 'badge badge-muted';
}

type OpenDialog =
  | { kind: 'unlink'; candidate: { id: string; name: string } }
  | { kind: 'link' }
  | { kind: 'open-link'; href: string; text: string }
  | { kind: 'dangerous'; attachment: AttachmentView };

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

function nameOf(address: MailAddressView | undefined): string {
  return address === undefined ? '' : address.name || address.address;
}

function AddressList({ label, addresses }: { label: string; addresses: MailAddressView[] }) {
  if (addresses.length === 0) return null;
  return (
    <div className="recipients-row">
      <dt>{label}</dt>
      <dd>
        {addresses.map((address, index) => (
          <span key={`${address.address}-${index}`} className="recipient" title={address.address}>
            {address.name ? (
              <>
                {address.name} <span className="recipient-address">&lt;{address.address}&gt;</span>
              </>
            ) : (
              address.address
            )}
            {index < addresses.length - 1 ? ', ' : ''}
          </span>
        ))}
      </dd>
    </div>
  );
}

function MessageCard({
  message,
  last,
  onOpen,
  onKeyDown,
  onForward,
}: {
  message: ThreadMessageView;
  /** Null for a mail linked to no candidate (a forward of it would be on no profile). */
  onForward: (() => void) | null;
  last: boolean;
  onOpen: (dialog: OpenDialog) => void;
  onKeyDown: (event: KeyboardEvent) => void;
}) {
  const { t } = useTranslation();
  const language = usePreferencesStore((state) => state.language);
  const imagesShown = useThreadStore((state) => state.imagesShown.has(message.id));
  const showImages = useThreadStore((state) => state.showImages);
  const [blocked, setBlocked] = useState(0);
  const sender = message.from[0];
  const onLink = useCallback((href: string, text: string) => onOpen({ kind: 'open-link', href, text }), [onOpen]);
  const files = message.attachments.filter((attachment) => !attachment.isInline);

  return (
    <li className={last ? 'message-card message-last' : 'message-card'} data-message-id={message.id}>
      <header className="message-header">
        <span className="avatar" aria-hidden="true">
          {initialsOf(nameOf(sender) || '?')}
        </span>
        <div className="message-meta">
          <div className="message-sender-line">
            <span className="message-sender">{nameOf(sender)}</span>
            {sender?.name ? <span className="message-sender-address">&lt;{sender.address}&gt;</span> : null}
            <time className="message-date" dateTime={message.date}>
              {formatDateTime(message.date, language)}
            </time>
            {onForward !== null ? (
              <button type="button" className="button button-quiet button-small message-forward" onClick={onForward} title={`${t('forwarding.forward')} (F)`}>
                {t('forwarding.forward')}
              </button>
            ) : null}
          </div>
          <dl className="recipients">
            <AddressList label={t('mail.to')} addresses={message.to} />
            <AddressList label={t('mail.cc')} addresses={message.cc} />
            <AddressList label={t('mail.bcc')} addresses={message.bcc} />
          </dl>
        </div>
      </header>
      {blocked > 0 && !imagesShown ? (
        <div className="images-blocked" role="status">
          <span>{t('mail.imagesBlocked', { count: blocked })}</span>
          <button type="button" className="button button-secondary button-small" onClick={() => showImages(message.id)}>
            {t('mail.showImages')}
          </button>
        </div>
      ) : null}
      <div className="message-body">
        {message.bodyState === 'none' ? (
          <p className="message-note">{t('mail.headersOnly')}</p>
        ) : message.bodyState === 'failed' ? (
          <p className="message-note">{t('mail.bodyFailed')}</p>
        ) : message.html ? (
          <MailFrame
            html={message.html}
            showImages={imagesShown}
            title={t('mail.mailContent', { name: nameOf(sender) })}
            onBlockedImages={setBlocked}
            onLink={onLink}
            onKeyDown={onKeyDown}
          />
        ) : message.text ? (
          <PlainText text={message.text} />
        ) : (
          <p className="message-note">{t('mail.noContent')}</p>
        )}
      </div>
      {files.length > 0 ? (
        <section className="attachments" aria-label={t('mail.attachmentsTitle')}>
          <ul className="attachment-list">
            {files.map((attachment) => (
              <AttachmentChip key={attachment.id} attachment={attachment} onOpen={onOpen} />
            ))}
          </ul>
        </section>
      ) : null}
    </li>
  );
}

/**
 * Plain text as written: line breaks kept, quoted lines (`>`, RFC 3676) set apart by
 * depth, links left as text (nothing in a mail navigates by itself).
 */
function PlainText({ text }: { text: string }) {
  const blocks: { depth: number; lines: string[] }[] = [];
  for (const line of text.replace(/\r\n/g, '\n').split('\n')) {
    const depth = /^(\s?>)+/.exec(line)?.[0].replace(/[^>]/g, '').length ?? 0;
    const content = depth > 0 ? line.replace(/^(\s?>)+\s?/, '') : line;
    const current = blocks[blocks.length - 1];
    if (current && current.depth === depth) current.lines.push(content);
    else blocks.push({ depth, lines: [content] });
  }
  return (
    <div className="mail-text">
      {blocks.map((block, index) =>
        block.depth === 0 ? (
          <div key={index} className="mail-text-block">
            {block.lines.join('\n')}
          </div>
        ) : (
          <blockquote key={index} className="mail-quote" data-depth={Math.min(block.depth, 3)}>
            {block.lines.join('\n')}
          </blockquote>
        ),
      )}
    </div>
  );
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function AttachmentChip({ attachment, onOpen }: { attachment: AttachmentView; onOpen: (dialog: OpenDialog) => void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<WireError | null>(null);
  const [busy, setBusy] = useState(false);
  const dangerous = isDangerousFileName(attachment.fileName);
  // Shown as it will be saved: direction marks cannot make `fdp.exe` read as `exe.pdf`.
  const shownName = safeSaveName(attachment.fileName);
  async function save() {
    if (dangerous) return onOpen({ kind: 'dangerous', attachment });
    setBusy(true);
    setError(null);
    const result = await saveAttachment(attachment.id);
    setBusy(false);
    if (!result.ok) setError(result.error);
  }
  return (
    <li className={dangerous ? 'attachment attachment-dangerous' : 'attachment'}>
      <PaperclipIcon />
      <span className="attachment-name">{shownName}</span>
      <span className="attachment-size">{attachment.stored ? formatSize(attachment.size) : t('mail.notStored')}</span>
      {dangerous ? <span className="badge badge-danger">{t('mail.dangerousMark')}</span> : null}
      <button
        type="button"
        className="button button-quiet button-small"
        disabled={!attachment.stored || busy}
        aria-busy={busy}
        aria-label={`${t('mail.save')} ${shownName}`}
        onClick={() => void save()}
      >
        {t('mail.save')}
      </button>
      {error ? <ErrorNotice error={error} /> : null}
    </li>
  );
}

function DangerousAttachmentDialog({ attachment, onClose }: { attachment: AttachmentView; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <ActionDialog
      title={t('mail.dangerousTitle')}
      confirmLabel={t('mail.dangerousConfirm')}
      busyLabel={t('app.loading')}
      danger
      onCancel={onClose}
      action={() => saveAttachment(attachment.id)}
      onDone={onClose}
    >
      <p>{t('mail.dangerousBody', { name: safeSaveName(attachment.fileName) })}</p>
    </ActionDialog>
  );
}

/** The real target of a link, before anything opens (DESIGN.md "Mail content"). */
function OpenLinkDialog({ href, text, onClose }: { href: string; text: string; onClose: () => void }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  const shownElsewhere = text !== '' && /[a-z0-9-]+\.[a-z]{2,}/i.test(text) && !href.toLowerCase().includes(text.replace(/^https?:\/\//i, '').replace(/\/$/, '').toLowerCase());
  return (
    <Dialog title={t('mail.linkDialogTitle')} onClose={onClose} size="small">
      <p>{t('mail.linkDialogBody')}</p>
      <p className="link-target" data-testid="link-target">
        {href}
      </p>
      {shownElsewhere ? <p className="confirm-warning">{t('mail.linkTextDiffers', { text })}</p> : null}
      <div className="dialog-actions">
        <button
          type="button"
          className="button button-secondary"
          onClick={() => {
            void navigator.clipboard?.writeText(href).then(() => setCopied(true), () => setCopied(false));
          }}
        >
          {copied ? t('mail.copied') : t('mail.copyLink')}
        </button>
        <button
          type="button"
          className="button button-primary"
          data-autofocus
          onClick={() => {
            // The desktop shell denies the new window and hands https/mailto to the system browser.
            window.open(href, '_blank', 'noopener,noreferrer');
            onClose();
          }}
        >
          {t('mail.openLink')}
        </button>
      </div>
    </Dialog>
  );
}

function UnlinkDialog({ candidate, onClose }: { candidate: { id: string; name: string }; onClose: () => void }) {
  const { t } = useTranslation();
  const unlink = useThreadStore((state) => state.unlinkCandidate);
  return (
    <ActionDialog
      title={t('mail.notThisCandidateTitle', { name: candidate.name })}
      confirmLabel={t('mail.notThisCandidateConfirm', { name: candidate.name })}
      busyLabel={t('mail.removing')}
      danger
      onCancel={onClose}
      action={() => unlink(candidate.id)}
      onDone={onClose}
    >
      <p>{t('mail.notThisCandidateBody', { name: candidate.name })}</p>
    </ActionDialog>
  );
}

function LinkCandidateDialog({ thread, onClose }: { thread: ThreadDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const picker = useCandidatePickerStore();
  const link = useThreadStore((state) => state.linkCandidate);
  const [picked, setPicked] = useState<CandidateSummary | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<WireError | null>(null);
  const searchId = useId();

  useEffect(() => {
    searchCandidatePicker('', 0);
  }, []);

  const linked = new Set(thread.candidates.map((candidate) => candidate.id));
  const choices = picker.items.filter((candidate) => !linked.has(candidate.id));

  return (
    <Dialog title={t('mail.linkTitle')} onClose={onClose} busy={busy} size="medium">
      <p className="dialog-lead">{t('mail.linkIntro')}</p>
      <div className="field">
        <label htmlFor={searchId}>{t('mail.linkSearch')}</label>
        <div className="search-field search-field-wide">
          <SearchIcon size={18} />
          <input
            id={searchId}
            type="search"
            placeholder={t('candidates.searchPlaceholder')}
            value={picker.params.query}
            spellCheck={false}
            autoComplete="off"
            disabled={busy}
            onChange={(event) => searchCandidatePicker(event.currentTarget.value)}
          />
        </div>
      </div>
      <fieldset className="pick-list" disabled={busy}>
        <legend className="visually-hidden">{t('mail.linkSearch')}</legend>
        {picker.status !== 'ready' ? (
          <p className="field-hint" role="status">
            {t('app.loading')}
          </p>
        ) : choices.length === 0 ? (
          <p className="field-hint">{t('mail.linkNoOne')}</p>
        ) : (
          choices.map((candidate) => (
            <label key={candidate.id} className="pick">
              <input type="radio" name={`${searchId}-choice`} checked={picked?.id === candidate.id} onChange={() => setPicked(candidate)} />
              <span className="avatar" aria-hidden="true">
                {initialsOf(candidate.name)}
              </span>
              <span className="candidate-text">
                <span className="candidate-name">{candidate.name}</span>
                <span className="candidate-email">{candidate.primaryEmail}</span>
              </span>
            </label>
          ))
        )}
      </fieldset>
      {error ? <ErrorNotice error={error} /> : null}
      <div className="dialog-actions">
        <button type="button" className="button button-secondary" onClick={onClose} disabled={busy}>
          {t('dialog.cancel')}
        </button>
        <button
          type="button"
          className="button button-primary"
          disabled={!picked || busy}
          aria-busy={busy}
          onClick={async () => {
            if (!picked) return;
            setBusy(true);
            setError(null);
            const result = await link(picked.id);
            setBusy(false);
            if (result.ok) onClose();
            else setError(result.error);
          }}
        >
          {busy ? t('mail.linking') : t('mail.linkConfirm')}
        </button>
      </div>
    </Dialog>
  );
}
