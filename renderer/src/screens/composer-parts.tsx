import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WireError } from '../../../shared/errors.js';
import { holdsSignature } from '../../../shared/templates.js';
import { ConfirmDialog } from '../components/dialog.js';
import { PaperclipIcon } from '../components/icons.js';
import { formatDateTime, formatSize } from '../format.js';
import { useErrorText } from '../i18n/use-error-text.js';
import type { Draft } from '../stores/outbox-store.js';
import { parseAddresses } from '../stores/outbox-store.js';
import { usePreferencesStore } from '../stores/preferences-store.js';

/** Below a reply: the mail it answers, quoted when sent; collapsed until asked for. */
export function QuotedHistory({ draft }: { draft: Draft }) {
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
export function ComposerError({ error, draft }: { error: WireError; draft: Draft }) {
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

/** One address line of the composer (To, Cc, Bcc): addresses as typed, comma-separated. */
export function AddressInput({ id, label, value, invalid, onChange }: { id: string; label: string; value: string; invalid: boolean; onChange: (value: string) => void }) {
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <input id={id} type="text" value={value} spellCheck={false} autoComplete="off" aria-invalid={invalid ? true : undefined} onChange={(event) => onChange(event.currentTarget.value)} />
    </>
  );
}

/** The mailbox's signature, shown below the body while the body does not hold it already: it is added when sent. */
export function ComposerSignature({ draft, signature }: { draft: Draft; signature: string }) {
  const { t } = useTranslation();
  if (signature.trim() === '' || holdsSignature(draft.body, signature)) return null;
  return (
    <div className="composer-signature" aria-label={t('compose.signature')}>
      <span className="composer-signature-label">{t('compose.signatureAdded')}</span>
      <pre>{`-- \n${signature}`}</pre>
    </div>
  );
}

/** The files attached to the draft, each removable, and those still uploading. */
export function ComposerAttachments({ draft, onRemove }: { draft: Draft; onRemove: (blobId: string) => void }) {
  const { t } = useTranslation();
  if (draft.attachments.length === 0 && draft.uploading.length === 0) return null;
  return (
    <ul className="attachment-list composer-attachments" aria-label={t('compose.attachments')}>
      {draft.attachments.map((attachment) => (
        <li key={attachment.blobId} className="attachment">
          <PaperclipIcon />
          <span className="attachment-name">{attachment.fileName}</span>
          <span className="attachment-size">{formatSize(attachment.size)}</span>
          <button type="button" className="button button-quiet button-small" aria-label={t('compose.removeAttachment', { name: attachment.fileName })} onClick={() => onRemove(attachment.blobId)}>
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
  );
}

/** "Discard this draft?" when something was written. */
export function DiscardDraftDialog({ onCancel, onConfirm }: { onCancel: () => void; onConfirm: () => void }) {
  const { t } = useTranslation();
  return (
    <ConfirmDialog
      title={t('compose.discardTitle')}
      confirmLabel={t('compose.discardConfirm')}
      cancelLabel={t('compose.keepWriting')}
      busyLabel={t('app.loading')}
      danger
      busy={false}
      error={null}
      onCancel={onCancel}
      onConfirm={onConfirm}
    >
      <p>{t('compose.discardBody')}</p>
    </ConfirmDialog>
  );
}

/** A forward goes to someone other than the candidate: the user confirms it first (R6). */
export function ConfirmForwardDialog({ candidateName, busy, onCancel, onConfirm }: { candidateName: string; busy: boolean; onCancel: () => void; onConfirm: () => void }) {
  const { t } = useTranslation();
  return (
    <ConfirmDialog
      title={t('forwarding.confirmTitle')}
      confirmLabel={t('forwarding.confirmSend')}
      busyLabel={t('compose.sending')}
      busy={busy}
      error={null}
      onCancel={onCancel}
      onConfirm={onConfirm}
    >
      <p>{t('forwarding.confirmBody', { name: candidateName })}</p>
    </ConfirmDialog>
  );
}
