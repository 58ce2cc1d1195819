import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isDangerousFileName, safeSaveName } from '../../../shared/dangerous-files.js';
import type { WireError } from '../../../shared/errors.js';
import type { AttachmentView, MailAddressView, ThreadMessageView } from '../../../shared/model.js';
import { ErrorNotice } from '../components/error-notice.js';
import { PaperclipIcon } from '../components/icons.js';
import { MailFrame } from '../components/mail-frame.js';
import { formatDateTime, formatSize, initialsOf } from '../format.js';
import { usePreferencesStore } from '../stores/preferences-store.js';
import { saveAttachment, useThreadStore } from '../stores/thread-store.js';
import { type OpenDialog } from './thread-dialogs.js';

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

export function MessageCard({
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
