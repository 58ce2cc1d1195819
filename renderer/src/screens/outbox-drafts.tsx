import './outbox-drafts.css';
import { useTranslation } from 'react-i18next';
import type { SavedDraft } from '../../../shared/drafts.js';
import { formatDateTime } from '../format.js';
import { hrefOf } from '../stores/navigation-store.js';
import { useOutboxStore } from '../stores/outbox-store.js';
import { usePreferencesStore } from '../stores/preferences-store.js';

/** Where a saved draft is written, to reopen it there: its conversation or the candidate's profile. */
function hrefOfDraft(draft: SavedDraft): string {
  const [kind, id = ''] = draft.place.split(':');
  return kind === 'candidate' ? hrefOf({ page: 'candidates', candidateId: id }) : hrefOf({ page: 'inbox', threadId: id });
}

function titleOf(draft: SavedDraft): string {
  return draft.composer.forwardOf !== undefined ? `Fwd: ${draft.composer.forwardOf.subject}` : draft.subject || draft.composer.threadSubject || '';
}

/** On the outbox page: the drafts saved as the user typed, each opened where it is written. */
export function OutboxDrafts() {
  const { t } = useTranslation();
  const language = usePreferencesStore((state) => state.language);
  const drafts = useOutboxStore((state) => state.savedDrafts);
  if (drafts.length === 0) return null;
  return (
    <section className="outbox-group" aria-labelledby="outbox-drafts" data-testid="outbox-drafts">
      <h2 id="outbox-drafts" className="outbox-group-title">
        {t('drafts.title', { count: drafts.length })}
      </h2>
      <ul className="outbox-list">
        {drafts.map((draft) => (
          <li key={draft.id} className="outbox-row outbox-draft">
            <div className="outbox-status outbox-status-muted">
              <div className="outbox-status-line">
                <span className="badge badge-muted">{t(`drafts.mode.${draft.composer.mode}`)}</span>
                <span className="outbox-subject">{titleOf(draft) || t('inbox.noSubject')}</span>
                <span className="outbox-to">{t('drafts.forCandidate', { name: draft.candidateName })}</span>
                <time className="outbox-time" dateTime={draft.updatedAt}>
                  {formatDateTime(draft.updatedAt, language)}
                </time>
                <a className="outbox-open" href={hrefOfDraft(draft)}>
                  {t('drafts.open')}
                </a>
              </div>
              {draft.body.trim() !== '' ? <p className="outbox-detail outbox-draft-text">{draft.body.trim().slice(0, 200)}</p> : null}
              {draft.attachments.length > 0 ? (
                <p className="outbox-detail outbox-draft-files">{t('drafts.files', { names: draft.attachments.map((attachment) => attachment.fileName).join(', ') })}</p>
              ) : null}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
