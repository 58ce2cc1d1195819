import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WireError } from '../../../shared/errors.js';
import { templatePlaceholders, type MessageTemplate } from '../../../shared/templates.js';
import { ConfirmDialog } from '../components/dialog.js';
import { ErrorNotice } from '../components/error-notice.js';
import { Field } from '../components/field.js';
import { useErrorText } from '../i18n/use-error-text.js';
import { canManageCandidates } from '../permissions.js';
import { useSessionStore } from '../stores/session-store.js';
import { useTemplatesStore } from '../stores/templates-store.js';

type Editing = { id?: string; name: string; language: 'de' | 'en'; subject: string; body: string };

/** Settings › Templates: the workspace's mail templates, German and English, with placeholders. */
export function TemplatesSection() {
  const { t } = useTranslation();
  const { status, items, error } = useTemplatesStore();
  const role = useSessionStore((state) => state.session?.user.role);
  const mayManage = role !== undefined && canManageCandidates(role);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [removing, setRemoving] = useState<MessageTemplate | null>(null);
  const id = useId();

  useEffect(() => {
    void useTemplatesStore.getState().load();
  }, []);

  return (
    <section className="settings-section" aria-labelledby={`${id}-title`}>
      <header className="section-header">
        <h2 id={`${id}-title`}>{t('templates.title')}</h2>
        <p>{t('templates.description')}</p>
      </header>
      <p className="field-hint">{t('templates.placeholders', { list: templatePlaceholders.map((name) => `{${name}}`).join(', ') })}</p>
      {status === 'error' && error ? <ErrorNotice error={error} onRetry={() => void useTemplatesStore.getState().load()} /> : null}
      {status === 'ready' && items.length === 0 ? <p className="templates-empty">{t('templates.empty')}</p> : null}
      {items.length > 0 ? (
        <ul className="templates-list" aria-label={t('templates.title')}>
          {items.map((template) => (
            <li key={template.id} className="templates-row" data-template-id={template.id}>
              <span className="badge badge-muted">{template.language.toUpperCase()}</span>
              <span className="templates-name">{template.name}</span>
              <span className="templates-preview">{template.body.slice(0, 80)}</span>
              {mayManage ? (
                <span className="templates-actions">
                  <button type="button" className="button button-quiet button-small" onClick={() => setEditing({ ...template })}>
                    {t('templates.edit', { name: template.name })}
                  </button>
                  <button type="button" className="button button-quiet button-small" onClick={() => setRemoving(template)}>
                    {t('templates.delete', { name: template.name })}
                  </button>
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {mayManage && editing === null ? (
        <button type="button" className="button button-secondary" onClick={() => setEditing({ name: '', language: 'de', subject: '', body: '' })}>
          {t('templates.add')}
        </button>
      ) : null}
      {editing !== null ? <TemplateForm initial={editing} onDone={() => setEditing(null)} /> : null}
      {removing !== null ? (
        <ConfirmDialog
          title={t('templates.deleteTitle', { name: removing.name })}
          confirmLabel={t('templates.deleteConfirm')}
          busyLabel={t('app.loading')}
          danger
          busy={false}
          error={null}
          onCancel={() => setRemoving(null)}
          onConfirm={() => {
            const templateId = removing.id;
            setRemoving(null);
            void useTemplatesStore.getState().remove(templateId);
          }}
        >
          <p>{t('templates.deleteBody')}</p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}

function TemplateForm({ initial, onDone }: { initial: Editing; onDone: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [draft, setDraft] = useState(initial);
  const [error, setError] = useState<WireError | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();
  const fieldError = (field: string) => (error?.field === field ? errorText(error) : undefined);
  return (
    <form
      className="templates-form"
      aria-label={initial.id === undefined ? t('templates.add') : t('templates.edit', { name: initial.name })}
      onSubmit={(event) => {
        event.preventDefault();
        setBusy(true);
        void useTemplatesStore
          .getState()
          .save({ ...(draft.id === undefined ? {} : { id: draft.id }), name: draft.name, language: draft.language, subject: draft.subject, body: draft.body })
          .then((result) => {
            setBusy(false);
            if (result.ok) onDone();
            else setError(result.error);
          });
      }}
    >
      <Field label={t('templates.name')} value={draft.name} error={fieldError('name')} onChange={(event) => setDraft({ ...draft, name: event.currentTarget.value })} />
      <div className="field">
        <label htmlFor={`${id}-language`}>{t('templates.language')}</label>
        <select id={`${id}-language`} value={draft.language} onChange={(event) => setDraft({ ...draft, language: event.currentTarget.value as 'de' | 'en' })}>
          <option value="de">{t('languageName.de')}</option>
          <option value="en">{t('languageName.en')}</option>
        </select>
      </div>
      <Field label={t('templates.subject')} hint={t('templates.subjectHint')} value={draft.subject} onChange={(event) => setDraft({ ...draft, subject: event.currentTarget.value })} />
      <div className={fieldError('body') ? 'field field-invalid' : 'field'}>
        <label htmlFor={`${id}-body`}>{t('templates.body')}</label>
        <textarea id={`${id}-body`} rows={8} value={draft.body} onChange={(event) => setDraft({ ...draft, body: event.currentTarget.value })} />
        {fieldError('body') ? <p className="field-error">{fieldError('body')}</p> : null}
      </div>
      {error && error.field !== 'name' && error.field !== 'body' ? <ErrorNotice error={error} /> : null}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {t('templates.save')}
        </button>
        <button type="button" className="button button-quiet" onClick={onDone} disabled={busy}>
          {t('dialog.cancel')}
        </button>
      </div>
    </form>
  );
}
