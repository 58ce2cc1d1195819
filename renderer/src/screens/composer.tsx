import './composer.css';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OutboxItemView, ThreadDetail } from '../../../shared/model.js';
import { hrefOf } from '../stores/navigation-store.js';
import type { DraftKey } from '../stores/outbox-store.js';
import { useOutboxStore } from '../stores/outbox-store.js';
import { forwardKey } from './composer-forward.js';
import { ensureMailboxes, startReply } from './composer-drafts.js';
import { Composer } from './composer-form.js';
import { OutboxItemStatus } from './outbox-item-status.js';

/*
 * Compose (writing mail): replying below a conversation, a new mail from a candidate's profile,
 * and the outbox state of what was sent, where it was written (docs/decisions.md "Compose").
 */

export { forwardedCandidateName, replyFields, sendableMailboxes, startNewMail, startReply } from './composer-drafts.js';
export { Composer } from './composer-form.js';
export { OutboxItemStatus } from './outbox-item-status.js';

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
