import { z } from 'zod';
import { idSchema } from './common.ts';
import { LIMITS } from './limits.ts';
import { languageCodeSchema } from './languages.ts';
import { nameSchema } from './visible-text.ts';

export const usernameSchema = z
  .string()
  .trim()
  .min(LIMITS.usernameMinLength)
  .max(LIMITS.usernameMaxLength)
  .regex(/^[a-zA-Z0-9_.-]+$/, 'may contain letters, digits, "_", "." and "-" only');

export const emailSchema = z.string().trim().toLowerCase().max(254).pipe(z.email());
export const passwordSchema = z.string().min(LIMITS.passwordMinLength).max(LIMITS.passwordMaxLength);
export const displayNameSchema = nameSchema(LIMITS.displayNameMaxLength);
export const readLanguagesSchema = z.array(languageCodeSchema).max(LIMITS.readLanguagesMax);

/** Meeshy's translation settings, with the same names and semantics. */
export const languageSettingsSchema = z.object({
  systemLanguage: languageCodeSchema,
  regionalLanguage: languageCodeSchema.nullable(),
  customDestinationLanguage: languageCodeSchema.nullable(),
  autoTranslateEnabled: z.boolean(),
  translateToSystemLanguage: z.boolean(),
  translateToRegionalLanguage: z.boolean(),
  useCustomDestination: z.boolean(),
  /** Languages this user reads as they are: never translated into something else for them. */
  readLanguages: readLanguagesSchema,
});
export type LanguageSettings = z.infer<typeof languageSettingsSchema>;

export const updateMeBodySchema = languageSettingsSchema.partial().extend({
  displayName: displayNameSchema.optional(),
});
export type UpdateMeBody = z.infer<typeof updateMeBodySchema>;

export const userSearchQuerySchema = z.object({
  q: z
    .string()
    .trim()
    .min(1)
    .max(LIMITS.usernameMaxLength)
    .refine((text) => !/\p{Cc}/u.test(text), 'must not contain control characters'),
  limit: z.coerce.number().int().min(1).max(LIMITS.userSearchMax).default(10),
});

/**
 * What a user may do to the server itself: its owner (the first account created on it) and the operators
 * the owner names manage its translation models; members only use them.
 */
export const SERVER_ROLES = ['owner', 'operator', 'member'] as const;
export type ServerRole = (typeof SERVER_ROLES)[number];
/** The roles the owner can give; ownership itself is never handed out through the API. */
export const grantRoleBodySchema = z.object({ role: z.enum(['operator', 'member']) });
export const userIdParamsSchema = z.object({ userId: idSchema });

export interface PublicUser {
  id: string;
  username: string;
  displayName: string;
  systemLanguage: string;
  isOnline: boolean;
  lastSeenAt: string | null;
  /**
   * Joined one conversation through a share link, without an account (contract/join.ts). This server
   * always says; absent (a server from before join links) means false.
   */
  isGuest?: boolean;
}

export interface SelfUser extends PublicUser, LanguageSettings {
  email: string;
  role: ServerRole;
  createdAt: string;
}
