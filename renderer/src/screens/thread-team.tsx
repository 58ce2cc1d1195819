import './thread-team.css';
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WireError } from '../../../shared/errors.js';
import type { ThreadTeamView } from '../../../shared/model.js';
import { call, subscribe } from '../api/client.js';
import { ErrorNotice } from '../components/error-notice.js';
import { formatDateTime } from '../format.js';
import { useTeamStore } from '../stores/lists.js';
import { usePreferencesStore } from '../stores/preferences-store.js';
import { useSessionStore } from '../stores/session-store.js';

/** How often "who is replying" is asked again while a thread is open. */
const presencePollMs = 20_000;

/**
 * Working together on the open thread (issue 21, as in Front): who takes care of it (assign,
 * or "Take it" for oneself), who is writing a reply right now, and internal notes for the
 * team that are never sent. Follows `inbox:changed` for this thread.
 */
export function ThreadTeam({ threadId }: { threadId: string }) {
  const { t } = useTranslation();
  const language = usePreferencesStore((state) => state.language);
  const selfId = useSessionStore((state) => state.session?.user.id);
  const team = useTeamStore();
  const [view, setView] = useState<ThreadTeamView | null>(null);
  const [error, setError] = useState<WireError | null>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const noteId = useId();
  const assignId = useId();

  async function load() {
    const result = await call('threads:team', { threadId });
    if (result.ok) {
      setView(result.value);
      setError(null);
    } else setError(result.error);
  }

  useEffect(() => {
    setView(null);
    void load();
    if (team.status === 'idle') void team.load();
    const stop = subscribe('inbox:changed', (event) => {
      if (event.threadIds.includes(threadId)) void load();
    });
    const timer = setInterval(() => void load(), presencePollMs);
    return () => {
      stop();
      clearInterval(timer);
    };
  }, [threadId]);

  async function act(run: () => ReturnType<typeof call<'threads:assign'>>) {
    setBusy(true);
    const result = await run();
    setBusy(false);
    if (result.ok) {
      setView(result.value);
      setError(null);
      return true;
    }
    setError(result.error);
    return false;
  }

  if (view === null) return error === null ? null : <ErrorNotice error={error} onRetry={() => void load()} />;
  const assignedToMe = view.assignee?.id === selfId;
  return (
    <section className="thread-team" aria-label={t('threadTeam.label')}>
      {view.replyingNow.length > 0 ? (
        <p className="notice notice-warning thread-replying" role="status">
          {t('threadTeam.replying', { names: view.replyingNow.map((entry) => entry.name).join(', '), count: view.replyingNow.length })}
        </p>
      ) : null}
      <div className="thread-assign">
        <label htmlFor={assignId}>{t('threadTeam.assignee')}</label>
        <select
          id={assignId}
          className="select select-compact"
          value={view.assignee?.id ?? ''}
          disabled={busy}
          onChange={(event) => {
            const userId = event.currentTarget.value;
            void act(() => call('threads:assign', { threadId, userId: userId === '' ? null : userId }));
          }}
        >
          <option value="">{t('threadTeam.nobody')}</option>
          {view.assignee !== null && !team.items.some((user) => user.id === view.assignee?.id) ? <option value={view.assignee.id}>{view.assignee.name}</option> : null}
          {team.items.map((user) => (
            <option key={user.id} value={user.id}>
              {user.id === selfId ? t('sharedInbox.you', { name: user.name }) : user.name}
            </option>
          ))}
        </select>
        {!assignedToMe && selfId !== undefined ? (
          <button type="button" className="button button-secondary button-small" disabled={busy} onClick={() => void act(() => call('threads:assign', { threadId, userId: selfId }))}>
            {t('threadTeam.takeIt')}
          </button>
        ) : null}
      </div>
      {error !== null ? <ErrorNotice error={error} /> : null}
      <div className="thread-notes">
        <h3 className="thread-notes-title">{t('threadTeam.notes')}</h3>
        {view.comments.length === 0 ? <p className="field-hint">{t('threadTeam.noNotes')}</p> : null}
        <ol className="thread-note-list">
          {view.comments.map((comment) => (
            <li key={comment.id} className="thread-note">
              <p className="thread-note-meta">
                <strong>{comment.author?.name ?? t('threadTeam.formerMember')}</strong> · <time dateTime={comment.createdAt}>{formatDateTime(comment.createdAt, language)}</time>
              </p>
              <p className="thread-note-body">{comment.body}</p>
            </li>
          ))}
        </ol>
        <form
          className="thread-note-form"
          onSubmit={(event) => {
            event.preventDefault();
            if (note.trim() === '') return;
            void act(() => call('threads:comment', { threadId, body: note })).then((ok) => {
              if (ok) setNote('');
            });
          }}
        >
          <label htmlFor={noteId} className="visually-hidden">
            {t('threadTeam.noteLabel')}
          </label>
          <textarea id={noteId} className="textarea" rows={2} value={note} placeholder={t('threadTeam.notePlaceholder')} onChange={(event) => setNote(event.currentTarget.value)} maxLength={10_000} />
          <button type="submit" className="button button-secondary button-small" disabled={busy || note.trim() === ''}>
            {t('threadTeam.addNote')}
          </button>
        </form>
      </div>
    </section>
  );
}
