import { useId, useState } from 'react';
import type { WireError } from '../../../shared/errors.js';
import { useErrorText } from '../i18n/use-error-text.js';

interface SavingSelectProps<Value extends string> {
  /** The select's accessible name (it stands in a table cell or a row, without a visible label). */
  label: string;
  value: Value;
  options: readonly { value: Value; label: string }[];
  /** Saves a choice; answers what went wrong, or null when it was saved. */
  onSave: (value: Value) => Promise<WireError | null>;
}

/**
 * A choice that saves as soon as it changes (a candidate's stage, a member's role). The chosen
 * value shows at once; the select stays enabled (and focused) while it saves, and a second
 * change waits for the first. A refusal shows under the select, tied to it for screen readers.
 */
export function SavingSelect<Value extends string>({ label, value, options, onSave }: SavingSelectProps<Value>) {
  const errorText = useErrorText();
  const [pending, setPending] = useState<Value | null>(null);
  const [error, setError] = useState<WireError | null>(null);
  const errorId = useId();

  async function save(chosen: Value) {
    if (pending !== null) return;
    setPending(chosen);
    setError(null);
    const refused = await onSave(chosen);
    setPending(null);
    setError(refused);
  }

  return (
    <>
      <select
        className="select"
        aria-label={label}
        value={pending ?? value}
        aria-busy={pending !== null}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        onChange={(event) => void save(event.currentTarget.value as Value)}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      {error ? (
        <p className="field-error" id={errorId} role="alert">
          {errorText(error)}
        </p>
      ) : null}
    </>
  );
}
