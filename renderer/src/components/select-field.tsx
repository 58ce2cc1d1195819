import { useId } from 'react';
import type { Ref, SelectHTMLAttributes } from 'react';

interface SelectFieldProps extends Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id'> {
  label: string;
  options: readonly { value: string; label: string }[];
  hint?: string | undefined;
  /** Words for what is wrong with this choice; shown beside it and tied to it for screen readers. */
  error?: string | undefined;
  /** More text that describes the choice, shown elsewhere (its element's id). */
  describedBy?: string | undefined;
  ref?: Ref<HTMLSelectElement>;
}

/** A labelled choice from a list, with an optional hint and its own error, like `Field`. */
export function SelectField({ label, options, hint, error, describedBy: moreDescription, ref, className, ...select }: SelectFieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [error ? errorId : null, hint ? hintId : null, moreDescription ?? null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={['field', error ? 'field-invalid' : null, className].filter(Boolean).join(' ')}>
      <label htmlFor={id}>{label}</label>
      <select ref={ref} id={id} className="select" aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...select}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      {error ? (
        <p className="field-error" id={errorId}>
          <span className="field-error-mark" aria-hidden="true">
            !
          </span>
          <span>{error}</span>
        </p>
      ) : null}
      {hint ? (
        <p className="field-hint" id={hintId}>
          {hint}
        </p>
      ) : null}
    </div>
  );
}
