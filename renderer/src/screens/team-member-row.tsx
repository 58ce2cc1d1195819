import './team-member-row.css';
import { useId, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { WireError } from '../../../shared/errors.js';
import type { User } from '../../../shared/model.js';
import { roles } from '../../../shared/model.js';
import { CardListItem } from '../components/card-list.js';
import { SavingSelect } from '../components/saving-select.js';
import { initialsOf } from '../format.js';
import { useErrorText } from '../i18n/use-error-text.js';
import { addAlias, changeRole, removeAlias } from '../stores/team-store.js';
import { HandoverControl } from './handover.js';

interface MemberRowProps {
  member: User;
  /** The signed-in user's own row. */
  isYou: boolean;
  /** An admin looks: roles, aliases and handover can be changed here. */
  mayManage: boolean;
}

/** One team member in the directory: who, the role (an admin changes it here), the aliases, the handover. */
export function MemberRow({ member, isYou, mayManage }: MemberRowProps) {
  const { t } = useTranslation();
  return (
    <CardListItem className="member-row">
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
            <RoleChoice member={member} />
          ) : (
            <span className="badge badge-muted" title={member.isOwner && mayManage ? t('settings.team.ownerStaysAdmin') : undefined}>
              {t(`role.${member.role}`)}
            </span>
          )}
        </span>
      </div>
      <MemberAliases member={member} mayManage={mayManage} />
      {mayManage && !isYou ? <HandoverControl member={member} /> : null}
    </CardListItem>
  );
}

/** The member's role as a choice that saves at once; the owner stays admin, so theirs is not offered. */
function RoleChoice({ member }: { member: User }) {
  const { t } = useTranslation();
  return (
    <SavingSelect
      label={t('settings.team.roleOf', { name: member.name })}
      value={member.role}
      options={roles.map((role) => ({ value: role, label: t(`role.${role}`) }))}
      onSave={async (role) => {
        const result = await changeRole(member.id, role);
        return result.ok ? null : result.error;
      }}
    />
  );
}

/** The member's other addresses (aliases) as chips; an admin adds and removes them here. */
function MemberAliases({ member, mayManage }: { member: User; mayManage: boolean }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [alias, setAlias] = useState('');
  const [aliasFailure, setAliasFailure] = useState<{ error: WireError; value: string } | null>(null);
  const [aliasPending, setAliasPending] = useState(false);
  const aliasInput = useRef<HTMLInputElement>(null);
  const aliasId = useId();

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
    <>
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
    </>
  );
}
