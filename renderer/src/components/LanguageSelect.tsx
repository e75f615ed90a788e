import { LANGUAGES } from '../lib/languages.ts';

interface Props {
  id: string;
  label: string;
  value: string | null;
  onChange: (code: string | null) => void;
  /** Label of the empty choice; without it a language is required. */
  noneLabel?: string;
  disabled?: boolean;
}

/** A native select: keyboard, screen readers and type-to-search work out of the box. */
export function LanguageSelect({ id, label, value, onChange, noneLabel, disabled = false }: Props) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value ?? ''}
        disabled={disabled}
        onChange={(e) => {
          onChange(e.target.value === '' ? null : e.target.value);
        }}
      >
        {noneLabel !== undefined && <option value="">{noneLabel}</option>}
        {LANGUAGES.map((l) => (
          <option key={l.code} value={l.code}>
            {l.flag} {l.nativeName}
          </option>
        ))}
      </select>
    </div>
  );
}
