import { useId } from 'react';
import type { InputHTMLAttributes, Ref } from 'react';

interface FieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> {
  label: string;
  hint?: string;
  /** Words for what is wrong with this field; shown beside it and tied to it for screen readers. */
  error?: string | undefined;
  ref?: Ref<HTMLInputElement>;
}

/** A labelled text field with an optional hint and its own error. */
export function Field({ label, hint, error, ref, ...input }: FieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [error ? errorId : null, hint ? hintId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      <input ref={ref} id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...input} />
      {error ? <FieldError id={errorId} text={error} /> : null}
      {hint ? (
        <p className="field-hint" id={hintId}>
          {hint}
        </p>
      ) : null}
    </div>
  );
}

/** The words for what is wrong with a field, under it, marked with "!". `alert` announces them at once. */
export function FieldError({ id, text, alert = false }: { id?: string | undefined; text: string; alert?: boolean }) {
  return (
    <p className="field-error" id={id} role={alert ? 'alert' : undefined}>
      <span className="field-error-mark" aria-hidden="true">
        !
      </span>
      <span>{text}</span>
    </p>
  );
}
