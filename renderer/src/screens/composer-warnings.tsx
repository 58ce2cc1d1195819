import './composer-warnings.css';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { assertNever } from '../../../shared/assert-never.js';
import type { WireError } from '../../../shared/errors.js';
import { ErrorNotice } from '../components/error-notice.js';
import { composeWarnings, withoutAddress, type ComposeWarning } from '../forms/compose-warnings.js';
import { useComposeContextStore } from '../stores/compose-context-store.js';
import { useMailboxesStore, useTeamStore } from '../stores/lists.js';
import type { Draft, DraftKey } from '../stores/outbox-store.js';
import { parseAddresses, useOutboxStore } from '../stores/outbox-store.js';
import { useSessionStore } from '../stores/session-store.js';
import { canManageCandidates } from '../permissions.js';

/**
 * The composer's warnings (R5, R6, R7), recomputed as the user types, each with its action:
 * unarchive the job, keep an internal applicant's mail between them and the team, remove a
 * colleague, add an address to the candidate or remove it, add the candidate.
 */
export function ComposerWarnings({ draft, draftKey }: { draft: Draft; draftKey: DraftKey }) {
  const candidate = useComposeContextStore((state) => state.candidates[draft.candidateId] ?? null);
  const team = useTeamStore((state) => state.items);
  const mailboxes = useMailboxesStore((state) => state.items);
  const candidateId = draft.candidateId;

  useEffect(() => {
    void useComposeContextStore.getState().ensure(candidateId);
  }, [candidateId]);

  const warnings = composeWarnings({
    to: parseAddresses(draft.to),
    cc: parseAddresses(draft.cc),
    bcc: parseAddresses(draft.bcc),
    candidate,
    team,
    ownAddresses: mailboxes.map((mailbox) => mailbox.address),
    forwardWarningShown: draft.mode !== 'new' && draft.notRecipient !== undefined,
  });
  if (warnings.length === 0) return null;
  return (
    <div className="composer-warnings" data-testid="composer-warnings">
      {warnings.map((warning) => (
        <WarningNotice key={warning.kind} warning={warning} draft={draft} draftKey={draftKey} />
      ))}
    </div>
  );
}

function WarningNotice({ warning, draft, draftKey }: { warning: ComposeWarning; draft: Draft; draftKey: DraftKey }) {
  const { t } = useTranslation();
  const role = useSessionStore((state) => state.session?.user.role);
  const mayManage = role !== undefined && canManageCandidates(role);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<WireError | null>(null);
  const update = (change: Partial<Draft>) => useOutboxStore.getState().updateDraft(draftKey, change);
  const remove = (address: string) => update({ to: withoutAddress(draft.to, address), cc: withoutAddress(draft.cc, address), bcc: withoutAddress(draft.bcc, address) });

  async function run(action: () => Promise<{ ok: boolean; error?: WireError }>) {
    setBusy(true);
    setError(null);
    const result = await action();
    setBusy(false);
    if (!result.ok && result.error) setError(result.error);
  }

  let text: string;
  let actions: { label: string; onClick: () => void }[] = [];
  switch (warning.kind) {
    case 'all-jobs-archived':
      text = t('writing.warning.archived', { name: warning.candidate, jobs: warning.jobs.map((job) => job.title).join(', ') });
      actions = mayManage
        ? warning.jobs.map((job) => ({
            label: t('writing.warning.unarchive', { job: job.title }),
            onClick: () => void run(() => useComposeContextStore.getState().unarchiveJob(draft.candidateId, job.id)),
          }))
        : [];
      break;
    case 'internal-applicant':
      text = warning.others.length > 0 ? t('writing.warning.internalOthers', { name: warning.candidate, others: warning.others.join(', ') }) : t('writing.warning.internal', { name: warning.candidate });
      actions = warning.others.length > 0 ? [{ label: t('writing.warning.onlyCandidate'), onClick: () => update({ cc: '', bcc: '' }) }] : [];
      break;
    case 'colleague':
      text = t('writing.warning.colleague', { names: warning.colleagues.map((colleague) => `${colleague.name} <${colleague.address}>`).join(', ') });
      actions = warning.colleagues.map((colleague) => ({ label: t('writing.warning.remove', { address: colleague.address }), onClick: () => remove(colleague.address) }));
      break;
    case 'not-on-candidate':
      text = t('writing.warning.notOnCandidate', { name: warning.candidate, addresses: warning.addresses.join(', ') });
      actions = warning.addresses.flatMap((address) => [
        ...(mayManage ? [{ label: t('writing.warning.addToCandidate', { address, name: warning.candidate }), onClick: () => void run(() => useComposeContextStore.getState().addAddress(draft.candidateId, address)) }] : []),
        { label: t('writing.warning.remove', { address }), onClick: () => remove(address) },
      ]);
      break;
    case 'candidate-not-recipient':
      text = t('writing.warning.notRecipient', { name: warning.candidate, recipients: warning.recipients.join(', ') });
      actions = [{ label: t('writing.warning.addCandidate', { name: warning.candidate }), onClick: () => update({ to: [draft.to.trim(), warning.primaryAddress].filter((part) => part !== '').join(', ') }) }];
      break;
    default:
      return assertNever(warning);
  }
  return (
    <div className="notice notice-warning composer-warning" role="note" data-warning={warning.kind}>
      <p>{text}</p>
      {actions.length > 0 ? (
        <div className="composer-warning-actions">
          {actions.map((action) => (
            <button key={action.label} type="button" className="button button-secondary button-small" disabled={busy} onClick={action.onClick}>
              {action.label}
            </button>
          ))}
        </div>
      ) : null}
      {error ? <ErrorNotice error={error} /> : null}
    </div>
  );
}
