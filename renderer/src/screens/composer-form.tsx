import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RichTextEditor, type RichTextHandle } from '../components/rich-text-editor.js';
import { htmlToPlainText } from '../../../shared/rich-text.js';
import { PaperclipIcon } from '../components/icons.js';
import { formatDateTime } from '../format.js';
import { useMailboxesStore } from '../stores/lists.js';
import type { Draft, DraftKey } from '../stores/outbox-store.js';
import { editorHtml, useOutboxStore } from '../stores/outbox-store.js';
import { usePreferencesStore } from '../stores/preferences-store.js';
import { useSessionStore } from '../stores/session-store.js';
import { standingPlaceholders } from '../../../shared/templates.js';
import { ForwardedOriginal } from './composer-forward.js';
import { StandingPlaceholders, TemplatePicker, standingInDraft } from './composer-templates.js';
import { ComposerWarnings } from './composer-warnings.js';
import { SendLaterControl } from './outbox-waiting.js';
import { hasContent, ensureMailboxes, sendableMailboxes } from './composer-drafts.js';
import { AddressInput, ComposerAttachments, ComposerError, ComposerSignature, ConfirmForwardDialog, DiscardDraftDialog, QuotedHistory } from './composer-parts.js';

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
            <AddressInput id={ids.to} label={t('compose.to')} value={draft.to} invalid={fieldError('to') !== null} onChange={(to) => update({ to })} />
            {!draft.showBcc ? (
              <button type="button" className="button button-quiet button-small composer-bcc-toggle" onClick={() => update({ showBcc: true })}>
                {t('compose.showBcc')}
              </button>
            ) : null}
          </div>
          <div className="composer-row">
            <AddressInput id={ids.cc} label={t('compose.cc')} value={draft.cc} invalid={fieldError('cc') !== null} onChange={(cc) => update({ cc })} />
          </div>
          {draft.showBcc ? (
            <div className="composer-row">
              <AddressInput id={ids.bcc} label={t('compose.bcc')} value={draft.bcc} invalid={fieldError('bcc') !== null} onChange={(bcc) => update({ bcc })} />
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
          {from ? <ComposerSignature draft={draft} signature={from.signature} /> : null}
          <ComposerAttachments draft={draft} onRemove={(blobId) => update({ attachments: draft.attachments.filter((other) => other.blobId !== blobId) })} />
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
        <DiscardDraftDialog
          onCancel={() => {
            setConfirmDiscard(false);
            bodyRef.current?.focus();
          }}
          onConfirm={() => {
            setConfirmDiscard(false);
            useOutboxStore.getState().discardDraft(draftKey);
          }}
        />
      ) : null}
      {pendingForward !== null && draft.forwardOf !== undefined ? (
        <ConfirmForwardDialog
          candidateName={draft.forwardOf.candidateName}
          busy={busy}
          onCancel={() => {
            setPendingForward(null);
            bodyRef.current?.focus();
          }}
          onConfirm={() => {
            const options = pendingForward;
            setPendingForward(null);
            void useOutboxStore.getState().send(draftKey, options);
          }}
        />
      ) : null}
    </section>
  );
}
