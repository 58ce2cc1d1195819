import './outbox-page.css';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../components/empty-state.js';
import { ErrorNotice } from '../components/error-notice.js';
import { SendIcon } from '../components/icons.js';
import { PageHeader } from '../components/page-header.js';
import { hrefOf } from '../stores/navigation-store.js';
import { needsAttention, useOutboxStore } from '../stores/outbox-store.js';
import { OutboxItemStatus } from './composer.js';
import { OutboxDrafts } from './outbox-drafts.js';

/** Compose (writing mail): the user's outbox — what needs them first, then everything sent, newest first (R15). */
export function OutboxPage() {
  const { t } = useTranslation();
  const { status, items, error, savedDrafts } = useOutboxStore();

  useEffect(() => {
    void useOutboxStore.getState().load();
    void useOutboxStore.getState().loadDrafts();
  }, []);

  const attention = items.filter(needsAttention);
  const rest = items.filter((item) => !needsAttention(item));

  return (
    <div className="page-body page-scroll outbox-page">
      <PageHeader title={t('outbox.title')} />
      <p className="page-lead">{t('outbox.lead')}</p>
      <OutboxDrafts />
      {status === 'error' && error ? (
        <ErrorNotice error={error} onRetry={() => void useOutboxStore.getState().load()} />
      ) : status !== 'ready' ? (
        <p className="loading" role="status">
          {t('app.loading')}
        </p>
      ) : items.length === 0 && savedDrafts.length === 0 ? (
        <EmptyState icon={<SendIcon size={28} />} title={t('outbox.emptyTitle')}>
          <p>{t('outbox.emptyBody')}</p>
        </EmptyState>
      ) : (
        <>
          {attention.length > 0 ? (
            <section className="outbox-group" aria-labelledby="outbox-attention">
              <h2 id="outbox-attention" className="outbox-group-title">
                {t('outbox.needsAttention', { count: attention.length })}
              </h2>
              <OutboxList items={attention} />
            </section>
          ) : null}
          {rest.length > 0 ? (
            <section className="outbox-group" aria-labelledby="outbox-rest">
              <h2 id="outbox-rest" className="outbox-group-title">
                {t('outbox.allSent')}
              </h2>
              <OutboxList items={rest} />
            </section>
          ) : null}
        </>
      )}
    </div>
  );
}

function OutboxList({ items }: { items: ReturnType<typeof useOutboxStore.getState>['items'] }) {
  const { t } = useTranslation();
  return (
    <ul className="outbox-list">
      {items.map((item) => (
        <li key={item.id} className="outbox-row">
          <OutboxItemStatus item={item} showSubject>
          {item.threadId !== null ? (
            <a className="outbox-open" href={hrefOf({ page: 'inbox', threadId: item.threadId })}>
              {t('outbox.openConversation')}
            </a>
          ) : item.candidateId !== null ? (
            <a className="outbox-open" href={hrefOf({ page: 'candidates', candidateId: item.candidateId })}>
              {t('outbox.openCandidate')}
            </a>
          ) : null}
          </OutboxItemStatus>
        </li>
      ))}
    </ul>
  );
}
