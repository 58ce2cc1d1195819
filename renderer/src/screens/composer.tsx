import './composer.css';
import { useEffect, useId, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { WireError } from '../../../shared/errors.js';
import type { MailAddressView, MailboxSummary, OutboxItemView, ThreadDetail, ThreadMessageView } from '../../../shared/model.js';
import { ConfirmDialog } from '../components/dialog.js';
import { RichTextEditor, type RichTextHandle } from '../components/rich-text-editor.js';
import { htmlToPlainText } from '../../../shared/rich-text.js';
import { ErrorNotice } from '../components/error-notice.js';
import { PaperclipIcon } from '../components/icons.js';
import { formatDateTime } from '../format.js';
import { useErrorText } from '../i18n/use-error-text.js';
import { useMailboxesStore } from '../stores/lists.js';
import { hrefOf } from '../stores/navigation-store.js';
import type { Draft, DraftKey } from '../stores/outbox-store.js';
import { editorHtml, mayCancel, parseAddresses, useOutboxStore } from '../stores/outbox-store.js';
import { usePreferencesStore } from '../stores/preferences-store.js';
import { useSessionStore } from '../stores/session-store.js';
import { holdsSignature, standingPlaceholders } from '../../../shared/templates.js';
import { ForwardedOriginal, forwardKey } from './composer-forward.js';
import { StandingPlaceholders, TemplatePicker, standingInDraft } from './composer-templates.js';
import { ComposerWarnings } from './composer-warnings.js';
import { OutboxWaitingLine, SendLaterControl } from './outbox-waiting.js';

/*
 * Compose (writing mail): replying below a conversation, a new mail from a candidate's profile,
 * and the outbox state of what was sent, where it was written (docs/decisions.md "Compose").
 */

/**
 * Mailboxes the user may send from: their own personal mailboxes and the shared ones they
 * are on — never an unlinked one (R12), which the engine would refuse.
 */
export function sendableMailboxes(mailboxes: readonly MailboxSummary[], userId: string | undefined): MailboxSummary[] {
  return mailboxes.filter((mailbox) => !mailbox.unlinkedAt && (mailbox.kind === 'shared' || mailbox.ownerUserId === userId));
}

/** Loads the mailboxes once (without blanking a list another page shows; pushes keep it current). */
function ensureMailboxes(): void {
  const { status } = useMailboxesStore.getState();
  if (status === 'idle' || status === 'error') void useMailboxesStore.getState().load();
}

/**
 * R6: the candidate's name when a reply to `parent` would not reach them — the mail is linked
 * to them as a forward, so they are not among its sender and recipients — else null.
 */
export function forwardedCandidateName(parent: ThreadMessageView, candidateId: string): string | null {
  const link = parent.links.find((candidate) => candidate.candidateId === candidateId);
  return link?.reason === 'forward' ? link.name : null;
}

function formatAddress(address: MailAddressView): string {
  return address.name ? `${address.name} <${address.address}>` : address.address;
}

/**
 * Opens (or brings back) the reply to a conversation. It answers the newest mail linked to a
 * candidate: to its sender — or, for the user's own mail, to its recipients; "reply all"
 * adds the other recipients as Cc, never the user's own addresses. Answers false when the
 * conversation has no mail to answer.
 */
export function startReply(thread: ThreadDetail, mode: 'reply' | 'reply-all'): boolean {
  const key: DraftKey = `thread:${thread.id}`;
  const store = useOutboxStore.getState();
  if (store.drafts[key]) {
    store.openDraft({ ...store.drafts[key], key });
    return true;
  }
  const fields = replyFields(thread, mode);
  if (fields === null) return false;
  // The conversation's subject names the draft in the Drafts list.
  store.openDraft({ key, ...fields, threadSubject: thread.subject });
  return true;
}

/**
 * A reply in `thread` as a draft's fields: to the newest mail linked to `forCandidate` (or to
 * any candidate), its recipients worked out as `startReply` describes. Null when no mail
 * there is linked to that candidate.
 */
export function replyFields(thread: ThreadDetail, mode: 'reply' | 'reply-all', forCandidate?: string): Omit<Draft, 'key' | 'uploading' | 'sending' | 'error' | 'focusRequest' | 'showBcc' | 'attachments' | 'bcc'> | null {
  const parent = [...thread.messages].reverse().find((message) => (forCandidate === undefined ? message.links.length > 0 : message.links.some((link) => link.candidateId === forCandidate)));
  const candidateId = forCandidate ?? parent?.links[0]?.candidateId;
  if (!parent || candidateId === undefined) return null;
  const mailboxes = useMailboxesStore.getState().items;
  const own = new Set(mailboxes.map((mailbox) => mailbox.address.toLowerCase()));
  const isOwn = (address: MailAddressView) => own.has(address.address.toLowerCase());
  const fromUs = parent.from.some(isOwn);
  const to = (fromUs ? parent.to : parent.from).filter((address) => !isOwn(address) || fromUs);
  const taken = new Set(to.map((address) => address.address.toLowerCase()));
  const cc =
    mode === 'reply-all'
      ? [...parent.to, ...parent.cc].filter((address) => {
          const lower = address.address.toLowerCase();
          if (isOwn(address) || taken.has(lower)) return false;
          taken.add(lower);
          return true;
        })
      : [];
  const sendable = sendableMailboxes(mailboxes, useSessionStore.getState().session?.user.id);
  const mailboxId = sendable.some((mailbox) => mailbox.id === thread.mailboxId) ? thread.mailboxId : (sendable[0]?.id ?? thread.mailboxId);
  const notRecipient = forwardedCandidateName(parent, candidateId);
  const quoted = parent.text ?? '';
  return {
    mode,
    candidateId,
    replyToMessageId: parent.id,
    mailboxId,
    to: to.map(formatAddress).join(', '),
    cc: cc.map(formatAddress).join(', '),
    subject: '',
    body: '',
    ...(notRecipient === null ? {} : { notRecipient }),
    ...(quoted.trim() === '' ? {} : { quote: { from: parent.from.map(formatAddress).join(', '), date: parent.date, text: quoted } }),
  };
}

/** Opens (or brings back) a new mail to a candidate's primary address. */
export function startNewMail(candidate: { id: string; name: string; primaryEmail: string }): void {
  const sendable = sendableMailboxes(useMailboxesStore.getState().items, useSessionStore.getState().session?.user.id);
  const key: DraftKey = `candidate:${candidate.id}`;
  const existing = useOutboxStore.getState().drafts[key];
  useOutboxStore.getState().openDraft(
    existing ?? {
      key,
      mode: 'new',
      candidateId: candidate.id,
      mailboxId: sendable[0]?.id ?? '',
      to: formatAddress({ name: candidate.name, address: candidate.primaryEmail }),
      cc: '',
      subject: '',
      body: '',
    },
  );
}

function hasContent(draft: Draft): boolean {
  return draft.body.trim() !== '' || draft.attachments.length > 0 || (draft.mode === 'new' && draft.subject.trim() !== '');
}

/** The inline composer of one draft. */
export function Composer({ draftKey, title }: { draftKey: DraftKey; title: string }) {
  const { t } = useTranslation();
  const draft = useOutboxStore((state) => state.drafts[draftKey]);
  const mailboxes = useMailboxesStore((state) => state.items);
  const userId = useSessionStore((state) => state.session?.user.id);
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  const language = usePreferencesStore((state) => state.language);
  /** A forward waits for the user's confirmation (R6); with the time when it was "Send later". */
  const [pendingForward, setPendingForward] = useState<{ sendAt?: string } | null>(null);
  const [picking, setPicking] = useState(false);
  const bodyRef = useRef<RichTextHandle>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const ids = { standing: useId(), to: useId(), cc: useId(), bcc: useId(), subject: useId(), body: useId(), from: useId(), title: useId() };
  const focusRequest = draft?.focusRequest ?? 0;

  useEffect(() => {
    ensureMailboxes();
  }, []);

  useEffect(() => {
    if (focusRequest === 0) return;
    bodyRef.current?.focus();
    bodyRef.current?.scrollIntoView();
  }, [focusRequest]);

  const sendableIds = sendableMailboxes(mailboxes, userId).map((mailbox) => mailbox.id);
  const draftMailbox = draft?.mailboxId;
  useEffect(() => {
    // A mail is never sent from a mailbox the user may not use: the first one they may, until they choose.
    const first = sendableIds[0];
    if (draftMailbox !== undefined && first !== undefined && !sendableIds.includes(draftMailbox)) useOutboxStore.getState().updateDraft(draftKey, { mailboxId: first });
  }, [draftKey, draftMailbox, sendableIds.join(',')]); // eslint-disable-line react-hooks/exhaustive-deps

  if (!draft) return null;
  const update = (change: Partial<Draft>) => useOutboxStore.getState().updateDraft(draftKey, change);
  const sendable = sendableMailboxes(mailboxes, userId);
  const from = mailboxes.find((mailbox) => mailbox.id === draft.mailboxId);
  const busy = draft.sending;
  const fieldError = (field: string) => (draft.error?.field?.startsWith(field) ? draft.error : null);

  const standing = standingInDraft(draft);

  async function send(options?: { sendAt?: string }) {
    if (standing.length > 0) {
      // A placeholder without a value is never sent as `{...}`: the notice names it.
      bodyRef.current?.focus();
      return;
    }
    if (draft?.mode === 'forward') {
      setPendingForward(options ?? {});
      return;
    }
    const quote = draft?.quote;
    const quoteIntro = quote === undefined ? undefined : t('quoting.intro', { date: formatDateTime(quote.date, language), name: quote.from });
    await useOutboxStore.getState().send(draftKey, { ...options, ...(quoteIntro === undefined ? {} : { quoteIntro }) });
  }
  function discard() {
    if (draft && hasContent(draft)) setConfirmDiscard(true);
    else useOutboxStore.getState().discardDraft(draftKey);
  }

  return (
    <section className="composer" aria-labelledby={ids.title} data-testid="composer">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void send();
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
            event.preventDefault();
            void send();
          } else if (event.altKey && !event.ctrlKey && !event.metaKey && event.code === 'KeyT' && !busy) {
            event.preventDefault();
            setPicking(true);
          } else if (event.key === 'Escape' && !busy) {
            // Esc closes the composer; what was written is not lost without asking.
            event.preventDefault();
            event.stopPropagation();
            discard();
          }
        }}
      >
        <header className="composer-header">
          <h3 id={ids.title} className="composer-title">
            {title}
          </h3>
          <button type="button" className="button button-quiet button-small" onClick={discard} aria-label={t('compose.discard')} title={t('compose.discard')} disabled={busy}>
            ✕
          </button>
        </header>
        {draft.mode !== 'new' && draft.notRecipient !== undefined ? (
          <div className="notice notice-warning composer-warning" role="note" data-testid="composer-not-recipient">
            <p>{t('followUps.notRecipient', { name: draft.notRecipient })}</p>
          </div>
        ) : null}
        {/* A forward goes to someone else by design: its confirmation replaces the recipient warnings. */}
        {draft.mode === 'forward' ? null : <ComposerWarnings draft={draft} draftKey={draftKey} />}
        <fieldset className="composer-fields" disabled={busy}>
          <div className="composer-row">
            <label htmlFor={ids.from}>{t('compose.from')}</label>
            {sendable.length === 0 ? (
              <span className="composer-none">{t('compose.noMailbox')}</span>
            ) : (
              <select id={ids.from} value={draft.mailboxId} onChange={(event) => update({ mailboxId: event.currentTarget.value })}>
                {sendable.map((mailbox) => (
                  <option key={mailbox.id} value={mailbox.id}>
                    {mailbox.displayName ? `${mailbox.displayName} <${mailbox.address}>` : mailbox.address}
                  </option>
                ))}
              </select>
            )}
          </div>
          <div className="composer-row">
            <label htmlFor={ids.to}>{t('compose.to')}</label>
            <input id={ids.to} type="text" value={draft.to} spellCheck={false} autoComplete="off" aria-invalid={fieldError('to') ? true : undefined} onChange={(event) => update({ to: event.currentTarget.value })} />
            {!draft.showBcc ? (
              <button type="button" className="button button-quiet button-small composer-bcc-toggle" onClick={() => update({ showBcc: true })}>
                {t('compose.showBcc')}
              </button>
            ) : null}
          </div>
          <div className="composer-row">
            <label htmlFor={ids.cc}>{t('compose.cc')}</label>
            <input id={ids.cc} type="text" value={draft.cc} spellCheck={false} autoComplete="off" aria-invalid={fieldError('cc') ? true : undefined} onChange={(event) => update({ cc: event.currentTarget.value })} />
          </div>
          {draft.showBcc ? (
            <div className="composer-row">
              <label htmlFor={ids.bcc}>{t('compose.bcc')}</label>
              <input id={ids.bcc} type="text" value={draft.bcc} spellCheck={false} autoComplete="off" aria-invalid={fieldError('bcc') ? true : undefined} onChange={(event) => update({ bcc: event.currentTarget.value })} />
            </div>
          ) : null}
          {draft.mode === 'new' || draft.mode === 'forward' ? (
            <div className="composer-row">
              <label htmlFor={ids.subject}>{t('compose.subject')}</label>
              <input id={ids.subject} type="text" value={draft.subject} aria-invalid={fieldError('subject') || standingPlaceholders(draft.subject).length > 0 ? true : undefined} onChange={(event) => update({ subject: event.currentTarget.value })} />
            </div>
          ) : null}
          <RichTextEditor
            handle={bodyRef}
            className={standing.length > 0 ? 'composer-body composer-body-standing' : 'composer-body'}
            html={editorHtml(draft)}
            label={t('compose.body')}
            placeholder={t('compose.bodyPlaceholder')}
            invalid={standing.length > 0}
            describedBy={standing.length > 0 ? ids.standing : undefined}
            onChange={(html) => update({ html, body: html === '' ? '' : htmlToPlainText(html) })}
          />
          {from && from.signature.trim() !== '' && !holdsSignature(draft.body, from.signature) ? (
            <div className="composer-signature" aria-label={t('compose.signature')}>
              <span className="composer-signature-label">{t('compose.signatureAdded')}</span>
              <pre>{`-- \n${from.signature}`}</pre>
            </div>
          ) : null}
          {draft.attachments.length > 0 || draft.uploading.length > 0 ? (
            <ul className="attachment-list composer-attachments" aria-label={t('compose.attachments')}>
              {draft.attachments.map((attachment) => (
                <li key={attachment.blobId} className="attachment">
                  <PaperclipIcon />
                  <span className="attachment-name">{attachment.fileName}</span>
                  <span className="attachment-size">{formatSize(attachment.size)}</span>
                  <button
                    type="button"
                    className="button button-quiet button-small"
                    aria-label={t('compose.removeAttachment', { name: attachment.fileName })}
                    onClick={() => update({ attachments: draft.attachments.filter((other) => other.blobId !== attachment.blobId) })}
                  >
                    ✕
                  </button>
                </li>
              ))}
              {draft.uploading.map((name, index) => (
                <li key={`${name}-${index}`} className="attachment attachment-uploading" role="status">
                  <PaperclipIcon />
                  <span className="attachment-name">{name}</span>
                  <span className="attachment-size">{t('compose.uploading')}</span>
                </li>
              ))}
            </ul>
          ) : null}
          <ForwardedOriginal draft={draft} draftKey={draftKey} />
          <QuotedHistory draft={draft} />
        </fieldset>
        <StandingPlaceholders draft={draft} id={ids.standing} />
        {draft.error ? <ComposerError error={draft.error} draft={draft} /> : null}
        <footer className="composer-footer">
          <button type="submit" className="button button-primary" disabled={busy || draft.uploading.length > 0 || sendable.length === 0} aria-busy={busy}>
            {busy ? t('compose.sending') : t('compose.send')}
          </button>
          <SendLaterControl disabled={busy || draft.uploading.length > 0 || sendable.length === 0} onSchedule={(sendAt) => void send({ sendAt })} />
          <span className="composer-hint">{t('compose.sendHint')}</span>
          <input
            ref={fileRef}
            type="file"
            multiple
            className="visually-hidden"
            tabIndex={-1}
            aria-hidden="true"
            data-testid="composer-file"
            onChange={(event) => {
              const files = [...(event.currentTarget.files ?? [])];
              event.currentTarget.value = '';
              void useOutboxStore.getState().addFiles(draftKey, files);
            }}
          />
          <button type="button" className="button button-secondary" disabled={busy} onClick={() => setPicking(true)} aria-keyshortcuts="Alt+T" title={`${t('templates.pick')} (Alt+T)`}>
            {t('templates.pick')}
          </button>
          <button type="button" className="button button-secondary" disabled={busy} onClick={() => fileRef.current?.click()}>
            <PaperclipIcon /> {t('compose.attach')}
          </button>
          <button type="button" className="button button-quiet composer-discard" disabled={busy} onClick={discard}>
            {t('compose.discard')}
          </button>
        </footer>
      </form>
      {picking ? (
        <TemplatePicker
          draft={draft}
          draftKey={draftKey}
          onClose={() => {
            setPicking(false);
            bodyRef.current?.focus();
          }}
        />
      ) : null}
      {confirmDiscard ? (
        <ConfirmDialog
          title={t('compose.discardTitle')}
          confirmLabel={t('compose.discardConfirm')}
          cancelLabel={t('compose.keepWriting')}
          busyLabel={t('app.loading')}
          danger
          busy={false}
          error={null}
          onCancel={() => {
            setConfirmDiscard(false);
            bodyRef.current?.focus();
          }}
          onConfirm={() => {
            setConfirmDiscard(false);
            useOutboxStore.getState().discardDraft(draftKey);
          }}
        >
          <p>{t('compose.discardBody')}</p>
        </ConfirmDialog>
      ) : null}
      {pendingForward !== null && draft.forwardOf !== undefined ? (
        <ConfirmDialog
          title={t('forwarding.confirmTitle')}
          confirmLabel={t('forwarding.confirmSend')}
          busyLabel={t('compose.sending')}
          busy={busy}
          error={null}
          onCancel={() => {
            setPendingForward(null);
            bodyRef.current?.focus();
          }}
          onConfirm={() => {
            const options = pendingForward;
            setPendingForward(null);
            void useOutboxStore.getState().send(draftKey, options);
          }}
        >
          <p>{t('forwarding.confirmBody', { name: draft.forwardOf.candidateName })}</p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}

/** Below a reply: the mail it answers, quoted when sent; collapsed until asked for. */
function QuotedHistory({ draft }: { draft: Draft }) {
  const { t } = useTranslation();
  const language = usePreferencesStore((state) => state.language);
  const [open, setOpen] = useState(false);
  const quote = draft.quote;
  if (quote === undefined || draft.mode === 'forward') return null;
  return (
    <div className="composer-forwarded" data-testid="composer-quoted">
      <button type="button" className="button button-quiet button-small composer-quote-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? t('quoting.hide') : t('quoting.show')}
      </button>
      {open ? (
        <blockquote className="composer-quote" aria-label={t('quoting.label')}>
          <p className="composer-quote-meta">{t('quoting.intro', { date: formatDateTime(quote.date, language), name: quote.from })}</p>
          <pre>{quote.text}</pre>
        </blockquote>
      ) : null}
    </div>
  );
}

/** What went wrong with the mail, at the field it concerns, naming the value typed there. */
function ComposerError({ error, draft }: { error: WireError; draft: Draft }) {
  const errorText = useErrorText();
  const match = /^(to|cc|bcc)\.(\d+)$/.exec(error.field ?? '');
  const value = match ? parseAddresses(draft[match[1] as 'to' | 'cc' | 'bcc'])[Number(match[2])] : undefined;
  return (
    <div className="notice notice-error" role="alert">
      {/* Channel words are looked up by exact field: `to.1` is `to.*` there. */}
      <p>{errorText(error.field === undefined ? error : { ...error, field: error.field.replace(/\.\d+$/, '.*') }, value, 'outbox:send')}</p>
    </div>
  );
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Tone of an outbox state, for its badge. */
function toneOf(item: OutboxItemView): 'success' | 'danger' | 'warning' | 'muted' | 'info' {
  switch (item.state.state) {
    case 'accepted':
    case 'filed':
      return item.state.refusedRecipients.length > 0 ? 'warning' : 'success';
    case 'failed-permanent':
      return 'danger';
    case 'failed-retryable':
    case 'outcome-unknown':
    case 'draft':
      return 'warning';
    case 'cancelled':
      return 'muted';
    default:
      return 'info';
  }
}

/** What became of one sent mail, in words, with what the user can still do about it (R15). */
export function OutboxItemStatus({ item, showSubject = false, children }: { item: OutboxItemView; showSubject?: boolean; children?: ReactNode }) {
  const { t } = useTranslation();
  const language = usePreferencesStore((state) => state.language);
  const [confirm, setConfirm] = useState<'send-anyway' | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<WireError | null>(null);
  const state = item.state;

  async function run(action: () => Promise<{ ok: boolean; error?: WireError }>) {
    setBusy(true);
    setError(null);
    const result = await action();
    setBusy(false);
    if (!result.ok && result.error) setError(result.error);
    return result.ok;
  }

  let detail: string | null = null;
  switch (state.state) {
    case 'failed-retryable':
      detail = t('outbox.detail.retrying', { time: formatDateTime(state.nextAttemptAt, language), reason: state.reason });
      break;
    case 'queued':
      // Held or waiting: the line below says why.
      break;
    case 'failed-permanent':
      detail = t('outbox.detail.refused', { reason: state.reason });
      break;
    case 'outcome-unknown':
      detail = t('outbox.detail.unknown');
      break;
    case 'accepted':
    case 'filed':
      detail = state.refusedRecipients.length > 0 ? t('outbox.detail.someRefused', { recipients: state.refusedRecipients.join('; ') }) : null;
      break;
    case 'draft':
      detail = t('outbox.detail.draft');
      break;
    default:
      break;
  }

  return (
    <div className={`outbox-status outbox-status-${toneOf(item)}`} data-testid="outbox-status" data-state={state.state} data-item-id={item.id} role="status">
      <div className="outbox-status-line">
        <span className={`badge badge-${toneOf(item)}`}>{t(`outbox.state.${state.state}`)}</span>
        {showSubject ? <span className="outbox-subject">{item.subject || t('inbox.noSubject')}</span> : null}
        <span className="outbox-to">{t('outbox.toLine', { to: item.to.join(', ') })}</span>
        <time className="outbox-time" dateTime={item.updatedAt}>
          {formatDateTime(item.updatedAt, language)}
        </time>
        {children}
      </div>
      {detail ? <p className="outbox-detail">{detail}</p> : null}
      <OutboxWaitingLine item={item} />
      {state.state === 'outcome-unknown' || (mayCancel(item) && !(state.state === 'queued' && item.waiting?.reason === 'scheduled')) ? (
        <div className="outbox-actions">
          {state.state === 'outcome-unknown' ? (
            <button type="button" className="button button-secondary button-small" disabled={busy} onClick={() => setConfirm('send-anyway')}>
              {t('outbox.sendAnyway')}
            </button>
          ) : null}
          {mayCancel(item) ? (
            <button type="button" className="button button-quiet button-small" disabled={busy} onClick={() => void run(() => useOutboxStore.getState().cancel(item.id))}>
              {state.state === 'outcome-unknown' ? t('outbox.doNotResend') : state.state === 'failed-permanent' ? t('outbox.dismiss') : t('outbox.cancel')}
            </button>
          ) : null}
        </div>
      ) : null}
      {error && !confirm ? <ErrorNotice error={error} /> : null}
      {confirm === 'send-anyway' ? (
        <ConfirmDialog
          title={t('outbox.sendAnywayTitle')}
          confirmLabel={t('outbox.sendAnywayConfirm')}
          busyLabel={t('compose.sending')}
          danger
          busy={busy}
          error={error}
          onCancel={() => setConfirm(null)}
          onConfirm={() => {
            void run(() => useOutboxStore.getState().sendAnyway(item.id)).then((ok) => {
              if (ok) setConfirm(null);
            });
          }}
        >
          <p>{t('outbox.sendAnywayBody')}</p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}

/** Items sent from this window (or still needing the user) that belong here. */
function useItemsWhere(match: (item: OutboxItemView) => boolean): OutboxItemView[] {
  const items = useOutboxStore((state) => state.items);
  const sentHere = useOutboxStore((state) => state.sentHere);
  return items.filter((item) => match(item) && (sentHere.has(item.id) || (item.state.state !== 'filed' && item.state.state !== 'accepted' && item.state.state !== 'cancelled'))).reverse();
}

/** Below a conversation: what was sent in it and how it went, then Reply / Reply all or the reply being written. */
export function ThreadComposer({ thread }: { thread: ThreadDetail }) {
  const { t } = useTranslation();
  const key: DraftKey = `thread:${thread.id}`;
  const draft = useOutboxStore((state) => state.drafts[key]);
  const forward = useOutboxStore((state) => state.drafts[forwardKey(thread.id)]);
  const sentFrom = useOutboxStore((state) => state.sentFrom);
  const items = useItemsWhere((item) => item.threadId === thread.id || sentFrom[item.id] === forwardKey(thread.id));
  const [noParent, setNoParent] = useState(false);
  const answerable = thread.messages.some((message) => message.links.length > 0);

  useEffect(() => {
    ensureMailboxes();
  }, []);

  const open = (mode: 'reply' | 'reply-all') => setNoParent(!startReply(thread, mode));

  return (
    <div className="thread-compose">
      {items.length > 0 ? (
        <section className="outbox-in-thread" aria-label={t('outbox.inThread')}>
          {items.map((item) =>
            item.threadId === thread.id ? (
              <OutboxItemStatus key={item.id} item={item} />
            ) : (
              // A forward written here lives in a conversation of its own (R6).
              <OutboxItemStatus key={item.id} item={item} showSubject>
                {item.threadId !== null ? (
                  <a className="outbox-open" href={hrefOf({ page: 'inbox', threadId: item.threadId })}>
                    {t('outbox.openConversation')}
                  </a>
                ) : null}
              </OutboxItemStatus>
            ),
          )}
        </section>
      ) : null}
      {forward?.forwardOf !== undefined ? <Composer draftKey={forwardKey(thread.id)} title={t('forwarding.forwardTitle', { subject: forward.forwardOf.subject })} /> : null}
      {draft ? (
        <Composer draftKey={key} title={draft.mode === 'reply-all' ? t('compose.replyAllTitle') : t('compose.replyTitle')} />
      ) : (
        <div className="reply-bar">
          <button type="button" className="button button-secondary" onClick={() => open('reply')} disabled={!answerable} title={`${t('compose.reply')} (R)`}>
            {t('compose.reply')}
          </button>
          <button type="button" className="button button-secondary" onClick={() => open('reply-all')} disabled={!answerable}>
            {t('compose.replyAll')}
          </button>
          {!answerable || noParent ? <span className="field-hint">{t('compose.noParent')}</span> : null}
        </div>
      )}
    </div>
  );
}

/** On a candidate's profile: the new mail being written to them and how what was sent from here went. */
export function CandidateComposer({ candidateId }: { candidateId: string }) {
  const { t } = useTranslation();
  const key: DraftKey = `candidate:${candidateId}`;
  const draft = useOutboxStore((state) => state.drafts[key]);
  const sentHere = useOutboxStore((state) => state.sentHere);
  const items = useItemsWhere((item) => item.candidateId === candidateId && item.threadId === null).concat(
    useOutboxStore((state) => state.items).filter((item) => item.candidateId === candidateId && item.threadId !== null && sentHere.has(item.id)),
  );
  if (!draft && items.length === 0) return null;
  return (
    <div className="profile-compose">
      {items.length > 0 ? (
        <section className="outbox-in-thread" aria-label={t('outbox.inThread')}>
          {items.map((item) => (
            <OutboxItemStatus key={item.id} item={item} showSubject>
              {item.threadId !== null ? (
                <a className="outbox-open" href={hrefOf({ page: 'inbox', threadId: item.threadId })}>
                  {t('outbox.openConversation')}
                </a>
              ) : null}
            </OutboxItemStatus>
          ))}
        </section>
      ) : null}
      {draft ? <Composer draftKey={key} title={draft.mode === 'new' ? t('compose.newTitle') : t('writing.picker.replyTitle', { subject: draft.threadSubject ?? '' })} /> : null}
    </div>
  );
}
