import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { safeSaveName } from '../../../shared/dangerous-files.js';
import type { WireError } from '../../../shared/errors.js';
import type { AttachmentView, CandidateSummary, ThreadDetail } from '../../../shared/model.js';
import { ActionDialog, Dialog } from '../components/dialog.js';
import { ErrorNotice } from '../components/error-notice.js';
import { CandidatePicker } from '../components/candidate-picker.js';
import { saveAttachment, useThreadStore } from '../stores/thread-store.js';

export type OpenDialog =
  | { kind: 'unlink'; candidate: { id: string; name: string } }
  | { kind: 'link' }
  | { kind: 'open-link'; href: string; text: string }
  | { kind: 'dangerous'; attachment: AttachmentView };

export function DangerousAttachmentDialog({ attachment, onClose }: { attachment: AttachmentView; onClose: () => void }) {
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
export function OpenLinkDialog({ href, text, onClose }: { href: string; text: string; onClose: () => void }) {
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

export function UnlinkDialog({ candidate, onClose }: { candidate: { id: string; name: string }; onClose: () => void }) {
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

export function LinkCandidateDialog({ thread, onClose }: { thread: ThreadDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const link = useThreadStore((state) => state.linkCandidate);
  const [picked, setPicked] = useState<CandidateSummary | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<WireError | null>(null);

  return (
    <Dialog title={t('mail.linkTitle')} onClose={onClose} busy={busy} size="medium">
      <p className="dialog-lead">{t('mail.linkIntro')}</p>
      <CandidatePicker
        searchLabel={t('mail.linkSearch')}
        resultsLabel={t('mail.linkSearch')}
        excluded={new Set(thread.candidates.map((candidate) => candidate.id))}
        emptyText={(query) => (query ? t('candidates.noMatchTitle', { query }) : t('mail.linkNoOne'))}
        picked={picked}
        onPick={setPicked}
        disabled={busy}
      />
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
