import { parseArgs } from 'node:util';
import type { z } from 'zod';

/** A setting that cannot be honoured; the message names the flag or variable and the value it was given. */
export class SettingsError extends Error {
  override name = 'SettingsError';
}

/** One setting, declared once: where it is read from, how it is checked, and what it is when not given. */
export interface Setting<T> {
  /** What it does, for the settings table of the docs. */
  meaning: string;
  /** Command-line flag, without the dashes. */
  flag?: string;
  /** The flag takes no value: given means "on" (`--offline`). */
  flagIsSwitch?: boolean;
  /** Environment variables, most important first; an empty variable counts as not set. */
  env?: readonly string[];
  /** Checks and converts the text of the flag or variable. */
  schema: z.ZodType<T>;
  /** Used when neither the flag nor a variable is given; a function when it depends on the machine. */
  default: T | (() => T);
  /** How the docs show the default when it is computed. */
  defaultText?: string;
  /** Never echo the value in an error (secrets, tokens). */
  secret?: boolean;
}

/** Declares a setting with a default (the helper only lets TypeScript infer `T`). */
export function setting<T>(declaration: Setting<T>): Setting<T> {
  return declaration;
}

/** Declares a setting that stays `undefined` unless given. */
export function optionalSetting<T>(declaration: Omit<Setting<T>, 'default'>): Setting<T | undefined> {
  return { ...declaration, default: undefined };
}

// `any`: the declarations hold settings of different types; `ValuesOf` gives each key its own.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type SettingsDeclaration = Record<string, Setting<any>>;

export type ValuesOf<D extends SettingsDeclaration> = {
  [K in keyof D]: D[K] extends Setting<infer T> ? T : never;
};

export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * Resolves every declared setting once, at a process's entry: flag > environment > default. Unknown flags
 * and values that fail their schema throw a `SettingsError` before anything starts.
 */
export function readSettings<D extends SettingsDeclaration>(
  declaration: D,
  argv: readonly string[],
  env: Environment,
): ValuesOf<D> {
  const flags = parseFlags(Object.values(declaration), argv);
  const values: Record<string, unknown> = {};
  for (const [key, declared] of Object.entries(declaration)) {
    values[key] = resolve(declared, flags, env);
  }
  return values as ValuesOf<D>;
}

function parseFlags(
  declared: readonly Setting<unknown>[],
  argv: readonly string[],
): Record<string, string | boolean | undefined> {
  const options: Record<string, { type: 'string' | 'boolean' }> = {};
  for (const { flag, flagIsSwitch } of declared) {
    if (flag !== undefined) options[flag] = { type: flagIsSwitch === true ? 'boolean' : 'string' };
  }
  try {
    return parseArgs({ args: [...argv], options, strict: true }).values;
  } catch (error) {
    throw new SettingsError(error instanceof Error ? error.message : String(error));
  }
}

function resolve<T>(
  declared: Setting<T>,
  flags: Record<string, string | boolean | undefined>,
  env: Environment,
): T {
  const fromFlag = declared.flag === undefined ? undefined : flags[declared.flag];
  if (fromFlag !== undefined) {
    return check(declared, `--${declared.flag ?? ''}`, fromFlag === true ? 'true' : String(fromFlag));
  }
  for (const name of declared.env ?? []) {
    const text = env[name];
    if (text !== undefined && text !== '') return check(declared, name, text);
  }
  return declared.default instanceof Function ? declared.default() : declared.default;
}

function check<T>(declared: Setting<T>, source: string, text: string): T {
  const parsed = declared.schema.safeParse(text);
  if (parsed.success) return parsed.data;
  const reasons = parsed.error.issues.map((issue) => issue.message).join('; ');
  const given = declared.secret === true ? '' : `, got "${text}"`;
  throw new SettingsError(`${source}: ${reasons}${given}`);
}
