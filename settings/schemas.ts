import path from 'node:path';
import { z } from 'zod';

/** Schemas for the text of a flag or an environment variable. */

export function wholeNumber(min: number, max: number) {
  return z
    .string()
    .trim()
    .regex(/^-?\d+$/, 'expected a whole number')
    .transform(Number)
    .pipe(z.number().min(min, `expected at least ${min}`).max(max, `expected at most ${max}`));
}

export const portSchema = wholeNumber(0, 65535);

const ON = ['1', 'true', 'yes', 'on'];
const OFF = ['0', 'false', 'no', 'off'];

/** A switch: 1/true/yes/on or 0/false/no/off, in any case. */
export const switchSchema = z
  .string()
  .transform((text) => text.trim().toLowerCase())
  .refine((text) => ON.includes(text) || OFF.includes(text), 'expected 1/true/yes/on or 0/false/no/off')
  .transform((text) => ON.includes(text));

export const textSchema = z.string().trim().min(1, 'expected a value');

/** A folder, made absolute against the working directory. */
export const folderSchema = textSchema.transform((text) => path.resolve(text));

/** host:port, with an IPv6 host in brackets. */
export const hostPortSchema = z
  .string()
  .regex(/^[\w.-]+:\d{1,5}$|^\[[0-9a-fA-F:]+\]:\d{1,5}$/, 'expected host:port');

export const urlSchema = z.url('expected a URL');

/** Comma-separated values, blanks dropped. */
export const listSchema = z.string().transform((text) =>
  text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0),
);

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export function oneOf<const T extends readonly [string, ...string[]]>(values: T, what: string) {
  return z.enum(values, { error: `unknown ${what} (${values.join(', ')})` });
}
