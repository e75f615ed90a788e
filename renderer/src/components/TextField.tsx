import type { InputHTMLAttributes, ReactNode } from 'react';
import { FormError } from './FormError.tsx';

type InputAttributes = Omit<
  InputHTMLAttributes<HTMLInputElement>,
  'id' | 'value' | 'onChange' | 'aria-describedby' | 'aria-invalid' | 'children'
>;

interface Props extends InputAttributes {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** Read with the field (aria-describedby), shown under it. */
  hint?: ReactNode;
  /** What is wrong with this value: the field is marked invalid and the error is read with it. */
  error?: string | null;
  /** Beside the input on its row, such as the button that applies or tests the value. */
  action?: ReactNode;
  /** Below the field, inside it: a status line, for instance. */
  children?: ReactNode;
}

/**
 * A labelled text input with its optional hint and error, tied together for assistive technology: the
 * label names the input, the hint and the error describe it, and an error marks it invalid.
 */
export function TextField({
  id,
  label,
  value,
  onChange,
  hint,
  error = null,
  action,
  children,
  ...input
}: Props) {
  const hintId = hint === undefined ? undefined : `${id}-hint`;
  const errorId = error === null ? undefined : `${id}-error`;
  const describedBy = [hintId, errorId].filter((part) => part !== undefined).join(' ');
  const field = (
    <input
      id={id}
      value={value}
      aria-invalid={error === null ? undefined : true}
      aria-describedby={describedBy === '' ? undefined : describedBy}
      onChange={(e) => {
        onChange(e.target.value);
      }}
      {...input}
    />
  );
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {action === undefined ? (
        field
      ) : (
        <div className="row">
          {field}
          {action}
        </div>
      )}
      {hint !== undefined && <small id={hintId}>{hint}</small>}
      <FormError id={errorId} error={error} />
      {children}
    </div>
  );
}
