import './team-section.css';
import { useEffect, useId, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { WireError } from '../../../shared/errors.js';
import type { Role, User } from '../../../shared/model.js';
import { roles } from '../../../shared/model.js';
import { ErrorNotice } from '../components/error-notice.js';
import { Field } from '../components/field.js';
import { initialsOf } from '../format.js';
import { useErrorText } from '../i18n/use-error-text.js';
import { canManageTeam } from '../permissions.js';
import { useTeamStore } from '../stores/lists.js';
import { useSessionStore } from '../stores/session-store.js';
import { addAlias, addTeamMember, changeRole, removeAlias } from '../stores/team-store.js';
import { HandoverControl } from './handover.js';

/**
 * Settings › Team: the team directory. Everyone sees it; admins add members, change roles
 * and manage aliases. R4 from the team's side: an address already on a candidate is
 * refused, and the words say so at the field.
 */
export function TeamSection() {
  const { t } = useTranslation();
  const team = useTeamStore();
  const session = useSessionStore((state) => state.session);
  const mayManage = session !== null && canManageTeam(session.user.role);
  const headingId = useId();

  useEffect(() => {
    void useTeamStore.getState().load();
  }, []);

  return (
    <section className="settings-section" aria-labelledby={headingId}>
      <header className="section-header">
        <h2 id={headingId}>{t('settings.team.title')}</h2>
        <p>{t('settings.team.description')}</p>
      </header>
      {mayManage ? <AddMemberForm /> : <p className="notice notice-info">{t('settings.team.adminsOnly')}</p>}
      {team.status === 'error' && team.error ? (
        <ErrorNotice error={team.error} onRetry={() => void team.load()} />
      ) : team.status !== 'ready' ? (
        <p className="loading" role="status">
          {t('app.loading')}
        </p>
      ) : (
        <ul className="member-list" aria-label={t('settings.team.listLabel')}>
          {team.items.map((member) => (
            <MemberRow key={member.id} member={member} isYou={member.id === session?.user.id} mayManage={mayManage} />
          ))}
        </ul>
      )}
    </section>
  );
}

type MemberField = 'name' | 'email' | 'role';

function AddMemberForm() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [values, setValues] = useState<{ name: string; email: string; role: Role }>({ name: '', email: '', role: 'recruiter' });
  const [failure, setFailure] = useState<{ field: MemberField | 'form'; error: WireError; value?: string } | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [added, setAdded] = useState<string | null>(null);
  const inputs = { name: useRef<HTMLInputElement>(null), email: useRef<HTMLInputElement>(null), role: useRef<HTMLSelectElement>(null) };
  const roleId = useId();
  const headingId = useId();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (submitting) return;
    setSubmitting(true);
    setFailure(null);
    setAdded(null);
    const result = await addTeamMember(values);
    setSubmitting(false);
    if (result.ok) {
      setAdded(result.value.name);
      setValues({ name: '', email: '', role: values.role });
      inputs.name.current?.focus();
      return;
    }
    const field = result.error.field;
    if (field === 'name' || field === 'email' || field === 'role') {
      setFailure({ field, error: result.error, ...(field === 'email' ? { value: values.email.trim() } : {}) });
      inputs[field].current?.focus();
    } else {
      setFailure({ field: 'form', error: result.error });
    }
  }

  const errorFor = (field: MemberField) => (failure?.field === field ? errorText(failure.error, failure.value) : undefined);
  const change = (field: 'name' | 'email') => (event: { currentTarget: HTMLInputElement }) => {
    const value = event.currentTarget.value;
    setValues((current) => ({ ...current, [field]: value }));
    if (failure?.field === field) setFailure(null);
  };
  const roleError = errorFor('role');

  return (
    <form className="card add-member" onSubmit={submit} noValidate aria-labelledby={headingId}>
      <h3 id={headingId}>{t('settings.team.addTitle')}</h3>
      <div className="add-member-fields">
        <Field ref={inputs.name} label={t('settings.team.name')} name="name" autoComplete="off" value={values.name} onChange={change('name')} error={errorFor('name')} />
        <Field
          ref={inputs.email}
          label={t('settings.team.email')}
          name="email"
          type="email"
          autoComplete="off"
          spellCheck={false}
          autoCapitalize="off"
          placeholder="name@acme.com"
          value={values.email}
          onChange={change('email')}
          error={errorFor('email')}
        />
        <div className={roleError ? 'field field-invalid' : 'field'}>
          <label htmlFor={roleId}>{t('settings.team.role')}</label>
          <select
            ref={inputs.role}
            id={roleId}
            className="select"
            value={values.role}
            aria-invalid={roleError ? true : undefined}
            onChange={(event) => {
              const role = event.currentTarget.value as Role;
              setValues((current) => ({ ...current, role }));
              if (failure?.field === 'role') setFailure(null);
            }}
          >
            {roles.map((role) => (
              <option key={role} value={role}>
                {t(`role.${role}`)}
              </option>
            ))}
          </select>
          {roleError ? <p className="field-error">{roleError}</p> : null}
        </div>
      </div>
      <p className="field-hint">{t('settings.team.roleHint')}</p>
      {failure?.field === 'form' ? <ErrorNotice error={failure.error} /> : null}
      <div className="form-actions">
        {added ? (
          <p className="form-success" role="status">
            {t('settings.team.added', { name: added })}
          </p>
        ) : null}
        <button type="submit" className="button button-primary" disabled={submitting} aria-busy={submitting}>
          {submitting ? t('settings.team.adding') : t('settings.team.add')}
        </button>
      </div>
    </form>
  );
}

function MemberRow({ member, isYou, mayManage }: { member: User; isYou: boolean; mayManage: boolean }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [roleError, setRoleError] = useState<WireError | null>(null);
  // The chosen role shows at once; the select stays enabled (and focused) while it saves.
  const [pendingRole, setPendingRole] = useState<Role | null>(null);
  const [alias, setAlias] = useState('');
  const [aliasFailure, setAliasFailure] = useState<{ error: WireError; value: string } | null>(null);
  const [aliasPending, setAliasPending] = useState(false);
  const aliasInput = useRef<HTMLInputElement>(null);
  const aliasId = useId();
  const roleErrorId = useId();

  async function saveRole(role: Role) {
    if (pendingRole !== null) return;
    setPendingRole(role);
    setRoleError(null);
    const result = await changeRole(member.id, role);
    setPendingRole(null);
    if (!result.ok) setRoleError(result.error);
  }

  async function submitAlias(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (aliasPending) return;
    const value = alias.trim();
    setAliasPending(true);
    setAliasFailure(null);
    const result = await addAlias(member.id, value);
    setAliasPending(false);
    if (result.ok) setAlias('');
    else setAliasFailure({ error: result.error, value });
    // The button is disabled now (busy, then nothing to add); continue from the field.
    aliasInput.current?.focus();
  }

  async function dropAlias(address: string) {
    setAliasFailure(null);
    const result = await removeAlias(member.id, address);
    if (!result.ok) setAliasFailure({ error: result.error, value: address });
    else aliasInput.current?.focus();
  }

  const aliasError = aliasFailure ? errorText(aliasFailure.error, aliasFailure.value) : undefined;

  return (
    <li className="member-row">
      <div className="member-main">
        <span className="avatar" aria-hidden="true">
          {initialsOf(member.name)}
        </span>
        <span className="member-text">
          <span className="member-name">
            {member.name}
            {isYou ? <span className="badge badge-accent">{t('settings.team.you')}</span> : null}
            {member.isOwner ? <span className="badge badge-muted">{t('settings.team.owner')}</span> : null}
          </span>
          <span className="member-email">{member.email}</span>
        </span>
        <span className="member-role">
          {mayManage && !member.isOwner ? (
            <>
              <select
                className="select"
                aria-label={t('settings.team.roleOf', { name: member.name })}
                value={pendingRole ?? member.role}
                aria-busy={pendingRole !== null}
                aria-invalid={roleError ? true : undefined}
                aria-describedby={roleError ? roleErrorId : undefined}
                onChange={(event) => void saveRole(event.currentTarget.value as Role)}
              >
                {roles.map((role) => (
                  <option key={role} value={role}>
                    {t(`role.${role}`)}
                  </option>
                ))}
              </select>
              {roleError ? (
                <p className="field-error" id={roleErrorId} role="alert">
                  {errorText(roleError)}
                </p>
              ) : null}
            </>
          ) : (
            <span className="badge badge-muted" title={member.isOwner && mayManage ? t('settings.team.ownerStaysAdmin') : undefined}>
              {t(`role.${member.role}`)}
            </span>
          )}
        </span>
      </div>
      <div className="member-aliases">
        <span className="member-aliases-label">{t('settings.team.aliases')}</span>
        {member.aliases.length === 0 ? (
          <span className="member-no-aliases">{t('settings.team.noAliases')}</span>
        ) : (
          <ul className="chips" aria-label={t('settings.team.aliasesOf', { name: member.name })}>
            {member.aliases.map((address) => (
              <li key={address} className="chip chip-removable">
                <span>{address}</span>
                {mayManage ? (
                  <button
                    type="button"
                    className="chip-remove"
                    aria-label={t('settings.team.removeAlias', { address })}
                    title={t('settings.team.removeAlias', { address })}
                    onClick={() => void dropAlias(address)}
                  >
                    <span aria-hidden="true">×</span>
                  </button>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </div>
      {mayManage ? (
        <form className={aliasError ? 'alias-form field-invalid' : 'alias-form'} onSubmit={submitAlias} noValidate>
          <label htmlFor={aliasId} className="visually-hidden">
            {t('settings.team.newAliasFor', { name: member.name })}
          </label>
          <div className="inline-form">
            <input
              ref={aliasInput}
              id={aliasId}
              className="text-input"
              type="email"
              autoComplete="off"
              spellCheck={false}
              autoCapitalize="off"
              placeholder={t('settings.team.aliasPlaceholder')}
              value={alias}
              aria-invalid={aliasError ? true : undefined}
              aria-describedby={aliasError ? `${aliasId}-error` : undefined}
              onChange={(event) => {
                setAlias(event.currentTarget.value);
                setAliasFailure(null);
              }}
            />
            <button type="submit" className="button button-secondary" disabled={aliasPending || alias.trim() === ''} aria-busy={aliasPending}>
              {t('settings.team.addAlias')}
            </button>
          </div>
          {aliasError ? (
            <p className="field-error" id={`${aliasId}-error`}>
              <span className="field-error-mark" aria-hidden="true">
                !
              </span>
              <span>{aliasError}</span>
            </p>
          ) : null}
        </form>
      ) : null}
      {mayManage && !isYou ? <HandoverControl member={member} /> : null}
    </li>
  );
}
