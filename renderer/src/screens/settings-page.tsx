import './settings-page.css';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { assertNever } from '../../../shared/assert-never.js';
import type { LanguagePreference, Role } from '../../../shared/model.js';
import { ErrorNotice } from '../components/error-notice.js';
import { PageHeader } from '../components/page-header.js';
import { resolveLanguage, systemLanguages } from '../i18n/language.js';
import type { SettingsSection } from '../stores/navigation-store.js';
import { hrefOf, settingsSections } from '../stores/navigation-store.js';
import { usePreferencesStore } from '../stores/preferences-store.js';
import { useSessionStore } from '../stores/session-store.js';
import { MailboxesSection } from './mailboxes-section.js';
import { SampleDataOffer } from './sample-data-offer.js';
import { NotificationsSection } from './notifications-section.js';
import { PrivacySection } from './privacy-section.js';
import { TeamSection } from './team-section.js';
import { TemplatesSection } from './templates-section.js';
import { WritingSection } from './writing-section.js';
import { WorkAddressForm } from './work-address-form.js';

/** Settings, one section at a time: language, workspace, team, mailboxes. */
export function SettingsPage({ section }: { section: SettingsSection }) {
  const { t } = useTranslation();
  return (
    <div className="page-body page-scroll">
      <PageHeader title={t('settings.title')} />
      <div className="settings">
        <nav className="settings-nav" aria-label={t('settings.sectionsLabel')}>
          <ul>
            {settingsSections.map((name) => (
              <li key={name}>
                <a
                  href={hrefOf({ page: 'settings', section: name })}
                  aria-current={name === section ? 'page' : undefined}
                >
                  {t(`settings.${name}.title`)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div className="settings-content">
          <CurrentSection section={section} />
        </div>
      </div>
    </div>
  );
}

function CurrentSection({ section }: { section: SettingsSection }) {
  switch (section) {
    case 'language':
      return <LanguageSection />;
    case 'workspace':
      return <WorkspaceSection />;
    case 'team':
      return <TeamSection />;
    case 'mailboxes':
      return <MailboxesSection />;
    case 'writing':
      return <WritingSection />;
    case 'templates':
      return <TemplatesSection />;
    case 'notifications':
      return <NotificationsSection />;
    case 'privacy':
      return <PrivacySection />;
    default:
      return assertNever(section);
  }
}

function SectionHeader({ title, description }: { title: string; description: string }) {
  return (
    <header className="section-header">
      <h2>{title}</h2>
      <p>{description}</p>
    </header>
  );
}

const languageChoices: LanguagePreference[] = ['system', 'de', 'en'];

function LanguageSection() {
  const { t } = useTranslation();
  const { preference, setLanguage, error } = usePreferencesStore();
  const name = useId();
  const systemLanguage = resolveLanguage('system', systemLanguages());
  return (
    <section className="settings-section" aria-labelledby={`${name}-title`}>
      <header className="section-header">
        <h2 id={`${name}-title`}>{t('settings.language.title')}</h2>
        <p>{t('settings.language.description')}</p>
      </header>
      <fieldset className="choice-list">
        <legend className="visually-hidden">{t('settings.language.legend')}</legend>
        {languageChoices.map((choice) => (
          <label key={choice} className="choice">
            <input
              type="radio"
              name={name}
              value={choice}
              checked={(preference ?? 'system') === choice}
              onChange={() => void setLanguage(choice)}
              // Language names stay in their own language, so anyone can find theirs.
              lang={choice === 'system' ? undefined : choice}
            />
            <span className="choice-text">
              {choice === 'system' ? (
                <>
                  <span className="choice-label">{t('settings.language.system')}</span>
                  <span className="choice-detail">
                    {t('settings.language.systemDetail', { language: t(`languageName.${systemLanguage}`) })}
                  </span>
                </>
              ) : (
                <span className="choice-label" lang={choice}>
                  {t(`languageName.${choice}`)}
                </span>
              )}
            </span>
          </label>
        ))}
      </fieldset>
      {error ? <ErrorNotice error={error} /> : null}
    </section>
  );
}

const roleKey: Record<Role, 'settings.workspace.roleAdmin' | 'settings.workspace.roleRecruiter' | 'settings.workspace.roleHiringManager'> = {
  admin: 'settings.workspace.roleAdmin',
  recruiter: 'settings.workspace.roleRecruiter',
  'hiring-manager': 'settings.workspace.roleHiringManager',
};

function WorkspaceSection() {
  const { t } = useTranslation();
  const session = useSessionStore((state) => state.session);
  const [editingAddress, setEditingAddress] = useState(false);
  if (!session) return null;
  const { workspace, user } = session;
  return (
    <section className="settings-section" aria-label={t('settings.workspace.title')}>
      <SectionHeader title={t('settings.workspace.title')} description={t('settings.workspace.description')} />
      <dl className="facts">
        <div>
          <dt>{t('settings.workspace.name')}</dt>
          <dd>{workspace.name}</dd>
        </div>
        <div>
          <dt>{t('settings.workspace.domains')}</dt>
          <dd>
            <ul className="chips">
              {workspace.domains.map((domain) => (
                <li key={domain} className="chip">
                  {domain}
                </li>
              ))}
            </ul>
            <p className="fact-hint">{t('settings.workspace.domainsHint')}</p>
          </dd>
        </div>
        <div>
          <dt>{t('settings.workspace.owner')}</dt>
          <dd>
            {user.name} · {user.email}
            <span className="badge badge-muted">{t(roleKey[user.role])}</span>
            {editingAddress ? (
              <WorkAddressForm onDone={() => setEditingAddress(false)} />
            ) : user.isOwner ? (
              <p>
                <button type="button" className="button button-secondary" onClick={() => setEditingAddress(true)}>
                  {t('settings.workspace.changeWorkAddress')}
                </button>
              </p>
            ) : null}
          </dd>
        </div>
      </dl>
      <SampleDataOffer variant="settings" />
    </section>
  );
}
