import './candidate-picker.css';
import { useEffect, useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { CandidateSummary } from '../../../shared/model.js';
import { initialsOf } from '../format.js';
import { searchCandidatePicker, useCandidatePickerStore } from '../stores/lists.js';
import { ErrorNotice } from './error-notice.js';
import { SearchIcon } from './icons.js';

interface CandidatePickerProps {
  /** The search field's label. */
  searchLabel: string;
  /** The name of the list of results, for screen readers. */
  resultsLabel: string;
  /** Candidates that are no choice here (the candidate themself, those linked already). */
  excluded: ReadonlySet<string>;
  /** What the list says when nobody is left to choose, with the query typed (`''` for none). */
  emptyText: (query: string) => string;
  picked: CandidateSummary | null;
  onPick: (candidate: CandidateSummary) => void;
  disabled: boolean;
}

/**
 * Search candidates by name or address and pick one: a search field over a list of radio
 * buttons, one per candidate (initials, name, primary address). Shared by "Merge with…" and
 * "Link to a candidate"; the search runs in the candidate picker store.
 */
export function CandidatePicker({ searchLabel, resultsLabel, excluded, emptyText, picked, onPick, disabled }: CandidatePickerProps) {
  const { t } = useTranslation();
  const picker = useCandidatePickerStore();
  const searchId = useId();
  const resultsId = useId();

  useEffect(() => {
    searchCandidatePicker('', 0);
  }, []);

  const choices = picker.items.filter((candidate) => !excluded.has(candidate.id));

  return (
    <>
      <div className="field">
        <label htmlFor={searchId}>{searchLabel}</label>
        <div className="search-field search-field-wide">
          <SearchIcon size={18} />
          <input
            id={searchId}
            type="search"
            placeholder={t('candidates.searchPlaceholder')}
            value={picker.params.query}
            spellCheck={false}
            autoComplete="off"
            aria-controls={resultsId}
            disabled={disabled}
            onChange={(event) => searchCandidatePicker(event.currentTarget.value)}
          />
        </div>
      </div>
      <fieldset className="pick-list" id={resultsId} disabled={disabled}>
        <legend className="visually-hidden">{resultsLabel}</legend>
        {picker.status === 'error' && picker.error ? (
          <ErrorNotice error={picker.error} />
        ) : picker.status !== 'ready' ? (
          <p className="field-hint" role="status">
            {t('app.loading')}
          </p>
        ) : choices.length === 0 ? (
          <p className="field-hint" role="status">
            {emptyText(picker.params.query.trim())}
          </p>
        ) : (
          choices.map((candidate) => (
            <label key={candidate.id} className="check">
              <input type="radio" name={`${resultsId}-choice`} checked={picked?.id === candidate.id} onChange={() => onPick(candidate)} />
              <span className="avatar" aria-hidden="true">
                {initialsOf(candidate.name)}
              </span>
              <span className="candidate-text">
                <span className="candidate-name">{candidate.name}</span>
                <span className="candidate-email">{candidate.primaryEmail}</span>
              </span>
            </label>
          ))
        )}
      </fieldset>
    </>
  );
}
