import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** Parses the custom properties of one theme block of theme.css. */
function themeVariables(css: string, selector: RegExp): Record<string, string> {
  const block = selector.exec(css)?.[1] ?? '';
  return Object.fromEntries(
    [...block.matchAll(/--([\w-]+):\s*(#[0-9a-f]{6})/gi)].map((m) => [m[1] ?? '', m[2] ?? '']),
  );
}

function luminance(hex: string): number {
  const channels = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  const [r = 0, g = 0, b = 0] = channels.map((c) =>
    c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4,
  );
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return ((hi ?? 0) + 0.05) / ((lo ?? 0) + 0.05);
}

/** Text colour on background colour, as the stylesheets pair them. */
const PAIRS: [string, string][] = [
  ['fg', 'bg'],
  ['fg', 'bg-soft'],
  ['fg-muted', 'bg'],
  ['fg-muted', 'bg-soft'],
  ['accent', 'bg'],
  ['accent-fg', 'accent'],
  ['bubble-own-fg', 'bubble-own'],
  ['bubble-own-muted', 'bubble-own'],
  ['bubble-other-fg', 'bubble-other'],
  ['danger', 'bg'],
  ['danger', 'bg-soft'],
  ['fg', 'accent-soft'],
];

const css = readFileSync(new URL('./theme.css', import.meta.url), 'utf8');
const themes = {
  light: themeVariables(css, /\[data-theme='light'\]\s*\{([^}]*)\}/),
  dark: themeVariables(css, /\[data-theme='dark'\]\s*\{([^}]*)\}/),
};

describe.each(Object.entries(themes))('%s theme', (_name, vars) => {
  it.each(PAIRS)('%s on %s reaches WCAG AA (4.5:1)', (fg, bg) => {
    const a = vars[fg];
    const b = vars[bg];
    expect(a, fg).toBeDefined();
    expect(b, bg).toBeDefined();
    expect(contrast(a ?? '', b ?? '')).toBeGreaterThanOrEqual(4.5);
  });
});
