import { useId, useState } from 'react';
import { LANGUAGES } from '../lib/languages.ts';

interface Props {
  legend: string;
  filterLabel: string;
  selected: readonly string[];
  onChange: (codes: string[]) => void;
  max: number;
}

/** Multi-choice of languages: a filter box plus checkboxes, with the chosen ones listed first. */
export function LanguageChecklist({ legend, filterLabel, selected, onChange, max }: Props) {
  const [filter, setFilter] = useState('');
  const filterId = useId();
  const q = filter.trim().toLowerCase();
  const shown = LANGUAGES.filter(
    (l) =>
      q === '' || l.name.toLowerCase().includes(q) || l.nativeName.toLowerCase().includes(q) || l.code === q,
  ).sort((a, b) => Number(selected.includes(b.code)) - Number(selected.includes(a.code)));
  return (
    <fieldset className="checklist">
      <legend>{legend}</legend>
      <label className="visually-hidden" htmlFor={filterId}>
        {filterLabel}
      </label>
      <input
        id={filterId}
        type="search"
        placeholder={filterLabel}
        value={filter}
        onChange={(e) => {
          setFilter(e.target.value);
        }}
      />
      <div className="checklist-items">
        {shown.map((l) => {
          const checked = selected.includes(l.code);
          return (
            <label key={l.code} className="check">
              <input
                type="checkbox"
                checked={checked}
                disabled={!checked && selected.length >= max}
                onChange={() => {
                  onChange(checked ? selected.filter((c) => c !== l.code) : [...selected, l.code]);
                }}
              />
              <span aria-hidden="true">{l.flag}</span> {l.nativeName}
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}
