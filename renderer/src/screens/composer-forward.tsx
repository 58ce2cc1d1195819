import './composer-forward.css';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MailAddressView, ThreadDetail, ThreadMessageView } from '../../../shared/model.js';
import { PaperclipIcon } from '../components/icons.js';
import { formatDateTime } from '../format.js';
import { useMailboxesStore } from '../stores/lists.js';
import type { Draft, DraftKey } from '../stores/outbox-store.js';
import { useOutboxStore } from '../stores/outbox-store.js';
import { usePreferencesStore } from '../stores/preferences-store.js';
import { useSessionStore } from '../stores/session-store.js';

/*
 * Forward (R6): a stored mail of a candidate carried on to someone else, as a new thread
 * marked `Fwd:`, with its stored attachments. The engine writes the quoted original; the
 * composer shows it and confirms that the forward stays on the candidate's profile.
 */

/** Where a forward from a conversation is written: one at a time per conversation. */
export function forwardKey(threadId: string): DraftKey {
  return `forward:${threadId}`;
}

function formatAddresses(addresses: readonly MailAddressView[]): string {
  return addresses.map((address) => (address.name ? `${address.name} <${address.address}>` : address.address)).join(', ');
}

/** The newest mail of the conversation linked to a candidate: what `f` forwards. */
export function newestForwardable(thread: ThreadDetail): ThreadMessageView | null {
  return [...thread.messages].reverse().find((message) => message.links.length > 0) ?? null;
}

/**
 * Opens (or brings back) the forward of `message`, a mail of `thread` linked to a
 * candidate. Answers false for a mail linked to nobody (it would not be on any profile).
 */
export function startForward(thread: ThreadDetail, message: ThreadMessageView): boolean {
  const key = forwardKey(thread.id);
  const store = useOutboxStore.getState();
  const existing = store.drafts[key];
  if (existing?.forwardOf?.messageId === message.id) {
    store.openDraft({ ...existing, key });
    return true;
  }
  const link = message.links[0];
  if (link === undefined) return false;
  if (existing) store.discardDraft(key);
  const userId = useSessionStore.getState().session?.user.id;
  const sendable = useMailboxesStore.getState().items.filter((mailbox) => !mailbox.unlinkedAt && (mailbox.kind === 'shared' || mailbox.ownerUserId === userId));
  const mailboxId = sendable.some((mailbox) => mailbox.id === thread.mailboxId) ? thread.mailboxId : (sendable[0]?.id ?? thread.mailboxId);
  store.openDraft({
    key,
    mode: 'forward',
    candidateId: link.candidateId,
    mailboxId,
    to: '',
    cc: '',
    subject: `Fwd: ${message.subject}`,
    body: '',
    forwardOf: {
      messageId: message.id,
      candidateName: link.name,
      from: formatAddresses(message.from),
      date: message.date,
      subject: message.subject,
      text: message.text,
      attachments: message.attachments.filter((attachment) => !attachment.isInline && attachment.stored),
    },
  });
  return true;
}

/** Below the text of a forward: the attachments it carries and the original, collapsed. */
export function ForwardedOriginal({ draft, draftKey }: { draft: Draft; draftKey: DraftKey }) {
  const { t } = useTranslation();
  const language = usePreferencesStore((state) => state.language);
  const [open, setOpen] = useState(false);
  const original = draft.forwardOf;
  if (original === undefined) return null;
  const drop = (attachmentId: string) =>
    useOutboxStore.getState().updateDraft(draftKey, { forwardOf: { ...original, attachments: original.attachments.filter((attachment) => attachment.id !== attachmentId) } });
  return (
    <div className="composer-forwarded" data-testid="composer-forwarded">
      {original.attachments.length > 0 ? (
        <ul className="attachment-list" aria-label={t('forwarding.carried')}>
          {original.attachments.map((attachment) => (
            <li key={attachment.id} className="attachment">
              <PaperclipIcon />
              <span className="attachment-name">{attachment.fileName}</span>
              <button type="button" className="button button-quiet button-small" aria-label={t('compose.removeAttachment', { name: attachment.fileName })} onClick={() => drop(attachment.id)}>
                ✕
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <button type="button" className="button button-quiet button-small composer-quote-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? t('forwarding.hideOriginal') : t('forwarding.showOriginal')}
      </button>
      {open ? (
        <blockquote className="composer-quote" aria-label={t('forwarding.original')}>
          <p className="composer-quote-meta">{t('forwarding.originalFrom', { from: original.from, date: formatDateTime(original.date, language) })}</p>
          <pre>{original.text ?? ''}</pre>
        </blockquote>
      ) : null}
    </div>
  );
}
