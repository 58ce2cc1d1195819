import './team-section.css';
import { useEffect, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { CardList } from '../components/card-list.js';
import { ErrorNotice } from '../components/error-notice.js';
import { canManageTeam } from '../permissions.js';
import { useTeamStore } from '../stores/lists.js';
import { useSessionStore } from '../stores/session-store.js';
import { AddMemberForm } from './team-add-member-form.js';
import { MemberRow } from './team-member-row.js';

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
        <CardList className="member-list" aria-label={t('settings.team.listLabel')}>
          {team.items.map((member) => (
            <MemberRow key={member.id} member={member} isYou={member.id === session?.user.id} mayManage={mayManage} />
          ))}
        </CardList>
      )}
    </section>
  );
}
