import { z } from 'zod';
import type { DesktopPreferences, ServerMode } from '../contract/desktop-bridge.ts';
import { readJsonFile, writeJsonFile } from './json-file.ts';

/** A self-hosted server's address: a plain http(s) URL without credentials. */
const serverUrlSchema = z
  .string()
  .max(2_048)
  .refine((value) => {
    try {
      const url = new URL(value);
      return (
        (url.protocol === 'http:' || url.protocol === 'https:') && url.username === '' && url.password === ''
      );
    } catch {
      return false;
    }
  }, 'an http(s) URL without credentials');

export const serverModeSchema: z.ZodType<ServerMode> = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('local') }).strict(),
  z.object({ kind: z.literal('remote'), url: serverUrlSchema }).strict(),
  z.object({ kind: z.literal('docker') }).strict(),
]);

export const preferencesChangeSchema = z
  .object({ closeToTray: z.boolean(), doNotDisturb: z.boolean() })
  .partial()
  .strict();

export interface StoredPreferences extends DesktopPreferences {
  serverMode: ServerMode;
}

export const DEFAULT_PREFERENCES: StoredPreferences = {
  serverMode: { kind: 'local' },
  closeToTray: false,
  doNotDisturb: false,
};

/** Reads the preferences file; each value that is missing or invalid falls back to its default on its own. */
export function readPreferences(file: string): StoredPreferences {
  const raw = readJsonFile(file);
  const saved = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const mode = serverModeSchema.safeParse(saved.serverMode);
  return {
    serverMode: mode.success ? mode.data : DEFAULT_PREFERENCES.serverMode,
    closeToTray: typeof saved.closeToTray === 'boolean' ? saved.closeToTray : DEFAULT_PREFERENCES.closeToTray,
    doNotDisturb:
      typeof saved.doNotDisturb === 'boolean' ? saved.doNotDisturb : DEFAULT_PREFERENCES.doNotDisturb,
  };
}

/** The user's desktop preferences, kept in a JSON file under userData. */
export class PreferencesStore {
  private current: StoredPreferences;

  constructor(private readonly file: string) {
    this.current = readPreferences(file);
  }

  get(): StoredPreferences {
    return this.current;
  }

  /** Applies a change the page asked for; throws (and changes nothing) when it is not a valid change. */
  update(change: unknown): StoredPreferences {
    const valid = preferencesChangeSchema.parse(change);
    return this.save({ ...this.current, ...valid });
  }

  setServerMode(mode: unknown): StoredPreferences {
    return this.save({ ...this.current, serverMode: serverModeSchema.parse(mode) });
  }

  private save(next: StoredPreferences): StoredPreferences {
    writeJsonFile(this.file, next);
    this.current = next;
    return next;
  }
}
