import './shared-inbox.css';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WireError } from '../../../shared/errors.js';
import type { MailboxSummary, SharedInboxMembers } from '../../../shared/model.js';
import { ErrorNotice } from '../components/error-notice.js';
import { useMailboxesStore, useTeamStore } from '../stores/lists.js';
import { useSessionStore } from '../stores/session-store.js';
import { loadSharedInboxMembers, setCompanyInbox, setSharedInboxMembers } from '../stores/shared-inbox-store.js';

/**
 * Shared inboxes (issue 21, R13): jobs@ or careers@, connected once by an admin, used by the
 * people on its list. The connect form's "shared inbox" choice with its list, and a shared
 * inbox's "People" panel in Settings › Mailboxes (admins change it; others see who is on it).
 */

/** Who besides the admin (always on it) is on the list: the team, as checkboxes. */
export function MemberChecklist({ chosen, onChange, legend, hint }: { chosen: readonly string[]; onChange: (next: string[]) => void; legend: string; hint: string }) {
  const { t } = useTranslation();
  const team = useTeamStore();
  const selfId = useSessionStore((state) => state.session?.user.id);
  useEffect(() => {
    if (team.status === 'idle') void team.load();
  }, [team.status]);
  return (
    <fieldset className="job-choices shared-members">
      <legend>{legend}</legend>
      <p className="field-hint">{hint}</p>
      {team.status === 'error' && team.error ? (
        <ErrorNotice error={team.error} onRetry={() => void team.load()} />
      ) : team.status !== 'ready' ? (
        <p className="field-hint">{t('app.loading')}</p>
      ) : (
        <ul className="check-list">
          {team.items.map((user) => (
            <li key={user.id}>
              <label className="check">
                <input
                  type="checkbox"
                  checked={user.id === selfId || chosen.includes(user.id)}
                  disabled={user.id === selfId}
                  onChange={(event) => {
                    const checked = event.currentTarget.checked;
                    onChange(checked ? [...chosen, user.id] : chosen.filter((id) => id !== user.id));
                  }}
                />
                <span className="check-text">
                  <span>{user.id === selfId ? t('sharedInbox.you', { name: user.name }) : user.name}</span>
                  <span className="check-detail">
                    {user.email} · {t(`role.${user.role}`)}
                  </span>
                </span>
              </label>
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}

/** The connect form's choice (admins only): this address is a shared inbox, with its list. */
export function SharedInboxChoice({ value, onChange }: { value: { memberIds: string[] } | null; onChange: (next: { memberIds: string[] } | null) => void }) {
  const { t } = useTranslation();
  const role = useSessionStore((state) => state.session?.user.role);
  if (role !== 'admin') return null;
  return (
    <div className="shared-inbox-choice">
      <label className="check">
        <input type="checkbox" checked={value !== null} onChange={(event) => onChange(event.currentTarget.checked ? { memberIds: [] } : null)} />
        <span className="check-text">
          <span>{t('sharedInbox.choice')}</span>
          <span className="check-detail">{t('sharedInbox.choiceHint')}</span>
        </span>
      </label>
      {value !== null ? <MemberChecklist chosen={value.memberIds} onChange={(memberIds) => onChange({ memberIds })} legend={t('sharedInbox.members')} hint={t('sharedInbox.membersHint')} /> : null}
    </div>
  );
}

/**
 * Issue 21 (R13): whether this shared inbox is the company inbox, to which colleagues forward
 * CVs (one at most; choosing another moves the mark). Admins change it; others read it.
 */
export function CompanyInboxChoice({ mailbox }: { mailbox: MailboxSummary }) {
  const { t } = useTranslation();
  const role = useSessionStore((state) => state.session?.user.role);
  const current = useMailboxesStore((state) => state.items).find((other) => other.isCompanyInbox === true && other.id !== mailbox.id) ?? null;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<WireError | null>(null);
  const checked = mailbox.isCompanyInbox === true;
  if (role !== 'admin') return checked ? <p className="card-text company-inbox-note">{t('companyInbox.isIt')}</p> : null;

  async function toggle(next: boolean) {
    setBusy(true);
    setError(null);
    const result = await setCompanyInbox(next ? mailbox.id : null);
    setBusy(false);
    if (!result.ok) setError(result.error);
  }

  return (
    <div className="company-inbox-choice">
      <label className="check">
        <input type="checkbox" checked={checked} disabled={busy} onChange={(event) => void toggle(event.currentTarget.checked)} />
        <span className="check-text">
          <span>{t('companyInbox.choice')}</span>
          <span className="check-detail">{current !== null && !checked ? t('companyInbox.moves', { address: current.address }) : t('companyInbox.choiceHint')}</span>
        </span>
      </label>
      {error !== null ? <ErrorNotice error={error} /> : null}
    </div>
  );
}

/** A shared inbox's list in its row: admins change it, everyone on it sees who else is. */
export function SharedMembersPanel({ mailbox }: { mailbox: MailboxSummary }) {
  const { t } = useTranslation();
  const role = useSessionStore((state) => state.session?.user.role);
  const [members, setMembers] = useState<SharedInboxMembers | null>(null);
  const [chosen, setChosen] = useState<string[]>([]);
  const [error, setError] = useState<WireError | null>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);

  async function load() {
    setError(null);
    const result = await loadSharedInboxMembers(mailbox.id);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setMembers(result.value);
    setChosen(result.value.members.map((member) => member.userId));
  }

  useEffect(() => {
    void load();
  }, [mailbox.id]);

  async function save() {
    setBusy(true);
    setSaved(false);
    setError(null);
    const result = await setSharedInboxMembers(mailbox.id, chosen);
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setMembers(result.value);
    setChosen(result.value.members.map((member) => member.userId));
    setSaved(true);
  }

  if (error !== null && members === null) return <ErrorNotice error={error} onRetry={() => void load()} />;
  if (members === null) {
    return (
      <p className="loading" role="status">
        {t('app.loading')}
      </p>
    );
  }
  if (role !== 'admin') {
    return (
      <div className="shared-members-view">
        <CompanyInboxChoice mailbox={mailbox} />
        <p className="card-text">{t('sharedInbox.membersIntro')}</p>
        <ul className="plain-list">
          {members.members.map((member) => (
            <li key={member.userId}>
              {member.name} <span className="check-detail">{member.email}</span>
            </li>
          ))}
        </ul>
      </div>
    );
  }
  const changed = JSON.stringify([...chosen].sort()) !== JSON.stringify(members.members.map((member) => member.userId).sort());
  return (
    <div className="shared-members-edit">
      <CompanyInboxChoice mailbox={mailbox} />
      <MemberChecklist chosen={chosen} onChange={(next) => { setChosen(next); setSaved(false); }} legend={t('sharedInbox.members')} hint={t('sharedInbox.membersEditHint')} />
      {error !== null ? <ErrorNotice error={error} /> : null}
      <div className="form-actions">
        {saved ? (
          <p className="field-hint" role="status">
            {t('sharedInbox.saved')}
          </p>
        ) : null}
        <button type="button" className="button button-primary button-small" disabled={busy || !changed} aria-busy={busy} onClick={() => void save()}>
          {busy ? t('sharedInbox.saving') : t('sharedInbox.save')}
        </button>
      </div>
    </div>
  );
}
