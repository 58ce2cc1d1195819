import './composer-templates.css';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fillPlaceholders, standingPlaceholders, type MessageTemplate, type TemplatePlaceholder } from '../../../shared/templates.js';
import { Dialog } from '../components/dialog.js';
import { htmlToPlainText, textToHtml } from '../../../shared/rich-text.js';
import { useComposeContextStore } from '../stores/compose-context-store.js';
import { useMailboxesStore } from '../stores/lists.js';
import type { Draft, DraftKey } from '../stores/outbox-store.js';
import { editorHtml, useOutboxStore } from '../stores/outbox-store.js';
import { usePreferencesStore } from '../stores/preferences-store.js';
import { useSessionStore } from '../stores/session-store.js';
import { useTemplatesStore } from '../stores/templates-store.js';

/*
 * Templates in the composer (writing to candidates): picked by keyboard (Alt+T, type to
 * filter, arrows, Enter), placeholders filled for the candidate and the sending mailbox;
 * one without a value stays visible and blocks sending — never sent as `{...}`.
 */

/** The placeholders' values for this draft: the candidate's first name and job, the sender's name and signature. */
function usePlaceholderValues(draft: Draft): Partial<Record<TemplatePlaceholder, string>> {
  const candidate = useComposeContextStore((state) => state.candidates[draft.candidateId] ?? null);
  const mailbox = useMailboxesStore((state) => state.items.find((item) => item.id === draft.mailboxId));
  const userName = useSessionStore((state) => state.session?.user.name);
  // The job the candidate applied to that is still open; with several, the newest application.
  const job = [...(candidate?.applications ?? [])].filter((application) => application.jobStatus === 'open').sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
  const values: Partial<Record<TemplatePlaceholder, string>> = {};
  const firstName = candidate?.name.trim().split(/\s+/u)[0];
  if (firstName) values.firstName = firstName;
  if (job) values.jobTitle = job.jobTitle;
  const senderName = mailbox?.displayName || userName;
  if (senderName) values.senderName = senderName;
  if (mailbox && mailbox.signature.trim() !== '') values.signature = mailbox.signature.trim();
  return values;
}

/** The placeholders still standing in the draft: it may not be sent while there is one. */
export function standingInDraft(draft: Draft): TemplatePlaceholder[] {
  return standingPlaceholders(`${draft.subject}\n${draft.body}`);
}

/** The first line of `text` holding `{name}`, split around it so the placeholder can be marked. */
function lineWith(text: string, name: TemplatePlaceholder): [string, string] | null {
  const written = `{${name}}`;
  const line = text.split(/\r\n|\r|\n/u).find((candidate) => candidate.includes(written));
  if (line === undefined) return null;
  const at = line.indexOf(written);
  return [line.slice(0, at).trimStart(), line.slice(at + written.length).trimEnd()];
}

/** One line holding a placeholder, the placeholder marked, after the field's name. */
function StandingLine({ around, name, label }: { around: [string, string]; name: TemplatePlaceholder; label: string }) {
  return (
    <p className="composer-standing-line">
      <span className="composer-standing-where">{label}:</span> {around[0]}
      <mark className="placeholder-mark">{`{${name}}`}</mark>
      {around[1]}
    </p>
  );
}

/** Above the send button: each placeholder without a value, named, and marked where it stands. */
export function StandingPlaceholders({ draft, id }: { draft: Draft; id?: string }) {
  const { t } = useTranslation();
  const standing = standingInDraft(draft);
  if (standing.length === 0) return null;
  return (
    <div id={id} className="notice notice-error composer-warning" role="alert" data-testid="composer-placeholders">
      {standing.map((name) => {
        const inSubject = lineWith(draft.subject, name);
        const inBody = lineWith(draft.body, name);
        return (
          <div key={name} className="composer-standing">
            <p>{t('templates.missing', { placeholder: `{${name}}` })}</p>
            {inSubject ? <StandingLine around={inSubject} name={name} label={t('compose.subject')} /> : null}
            {inBody ? <StandingLine around={inBody} name={name} label={t('templates.inText')} /> : null}
          </div>
        );
      })}
    </div>
  );
}

/** The template list to pick from, filtered as the user types; Enter inserts the active one. */
export function TemplatePicker({ draft, draftKey, onClose }: { draft: Draft; draftKey: DraftKey; onClose: () => void }) {
  const { t } = useTranslation();
  const language = usePreferencesStore((state) => state.language);
  const { status, items } = useTemplatesStore();
  const values = usePlaceholderValues(draft);
  const [filter, setFilter] = useState('');
  const [active, setActive] = useState(0);
  const inputRef = useRef<HTMLInputElement>(null);
  const listId = useId();

  useEffect(() => {
    useTemplatesStore.getState().ensure();
    // The candidate's jobs fill {jobTitle}; a forward shows no warnings, which load them otherwise.
    void useComposeContextStore.getState().ensure(draft.candidateId);
    inputRef.current?.focus();
  }, []); // eslint-disable-line react-hooks/exhaustive-deps

  // The user's language first, then by name (the engine's order).
  const preferred = language === 'de' || language === 'en' ? language : document.documentElement.lang.startsWith('de') ? 'de' : 'en';
  const needle = filter.trim().toLowerCase();
  const shown = items
    .filter((template) => needle === '' || template.name.toLowerCase().includes(needle) || template.body.toLowerCase().includes(needle))
    .sort((a, b) => Number(b.language === preferred) - Number(a.language === preferred));
  const current = Math.min(active, Math.max(0, shown.length - 1));

  function insert(template: MessageTemplate) {
    const body = fillPlaceholders(template.body, values).text;
    const subject = template.subject.trim() === '' ? '' : fillPlaceholders(template.subject, values).text;
    const takesSubject = (draft.mode === 'new' || draft.mode === 'forward') && draft.subject.trim() === '' && subject !== '';
    // Rich text: the template's plain text goes in as paragraphs below what is written.
    const before = draft.body.trim() === '' ? '' : editorHtml(draft);
    const html = `${before}${textToHtml(body)}`;
    useOutboxStore.getState().updateDraft(draftKey, {
      html,
      body: htmlToPlainText(html),
      ...(takesSubject ? { subject } : {}),
      focusRequest: draft.focusRequest + 1,
    });
    onClose();
  }

  return (
    <Dialog title={t('templates.pickTitle')} onClose={onClose} size="small">
      <div className="field">
        <label htmlFor={`${listId}-filter`}>{t('templates.filter')}</label>
        <input
          id={`${listId}-filter`}
          ref={inputRef}
          type="search"
          value={filter}
          role="combobox"
          aria-expanded="true"
          aria-controls={listId}
          aria-activedescendant={shown[current] ? `${listId}-${shown[current].id}` : undefined}
          onChange={(event) => {
            setFilter(event.currentTarget.value);
            setActive(0);
          }}
          onKeyDown={(event) => {
            if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
              event.preventDefault();
              setActive(Math.max(0, Math.min(shown.length - 1, current + (event.key === 'ArrowDown' ? 1 : -1))));
            } else if (event.key === 'Enter') {
              event.preventDefault();
              const chosen = shown[current];
              if (chosen) insert(chosen);
            }
          }}
        />
      </div>
      {status === 'ready' && items.length === 0 ? <p className="field-hint">{t('templates.noneYet')}</p> : null}
      {items.length > 0 && shown.length === 0 ? <p className="field-hint">{t('templates.none')}</p> : null}
      <ul id={listId} role="listbox" aria-label={t('templates.title')} className="template-options">
        {shown.map((template, index) => (
          <li
            key={template.id}
            id={`${listId}-${template.id}`}
            role="option"
            aria-selected={index === current}
            className={index === current ? 'template-option template-option-active' : 'template-option'}
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => insert(template)}
          >
            <span className="badge badge-muted">{template.language.toUpperCase()}</span>
            <span className="template-option-name">{template.name}</span>
            <span className="template-option-preview">{template.body.slice(0, 90)}</span>
          </li>
        ))}
      </ul>
    </Dialog>
  );
}
