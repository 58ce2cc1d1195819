import './candidate-addresses-card.css';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { CandidateProfile } from '../../../shared/model.js';

/** The candidate's addresses (R5): which one is primary, and which are the company's own (internal). */
export function AddressesCard({ profile }: { profile: CandidateProfile }) {
  const { t } = useTranslation();
  const headingId = useId();
  const internalAddresses = profile.addresses.filter((entry) => entry.internal).map((entry) => entry.address);
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('profile.addressesTitle')}</h2>
      <ul className="address-list">
        {profile.addresses.map((entry) => (
          <li key={entry.address}>
            <span className="address-text">{entry.address}</span>
            {entry.isPrimary ? <span className="badge badge-accent">{t('profile.primary')}</span> : null}
            {entry.internal ? <span className="badge badge-info">{t('candidates.internal')}</span> : null}
          </li>
        ))}
      </ul>
      {internalAddresses.length > 0 ? (
        <div className="notice notice-info">
          <p>
            <strong>{t('profile.internalTitle')}</strong> {t('profile.internalBody', { count: internalAddresses.length })}
          </p>
        </div>
      ) : null}
    </section>
  );
}
