import { z } from 'zod';
import { languageCodeSchema } from './languages.ts';
import {
  displayNameSchema,
  emailSchema,
  passwordSchema,
  readLanguagesSchema,
  usernameSchema,
  type SelfUser,
} from './users.ts';

export const registerBodySchema = z.object({
  username: usernameSchema,
  email: emailSchema,
  password: passwordSchema,
  displayName: displayNameSchema.optional(),
  systemLanguage: languageCodeSchema.default('en'),
  regionalLanguage: languageCodeSchema.nullable().optional(),
  readLanguages: readLanguagesSchema.optional(),
});
export type RegisterBody = z.infer<typeof registerBodySchema>;

/** Sign in with either the username or the email address, as Meeshy allows. */
export const loginBodySchema = z
  .object({
    username: z.string().trim().min(1).max(254).optional(),
    email: z.string().trim().min(1).max(254).optional(),
    password: z.string().min(1).max(256),
  })
  .refine((body) => body.username !== undefined || body.email !== undefined, {
    message: 'username or email is required',
    path: ['username'],
  });
export type LoginBody = z.infer<typeof loginBodySchema>;

export const refreshTokenBodySchema = z.object({
  refreshToken: z.string().min(16).max(256),
});

export interface AuthSession {
  accessToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  refreshToken: string;
  user: SelfUser;
}

/**
 * Why a sign-in ended before its tokens expired: the user signed out (on this device or in another tab),
 * the server revoked it (a refresh token was replayed, so it may have been stolen), or it reached its
 * maximum age.
 */
export const sessionEndReasons = ['signed-out', 'revoked', 'expired'] as const;
export type SessionEndReason = (typeof sessionEndReasons)[number];

/**
 * One of the user's open sign-ins, as "your devices" lists it. `current` marks the one making the request,
 * so the list can say "this device" and offer to end only the others.
 */
export const deviceSessionSchema = z.object({
  id: z.string(),
  /** "Firefox · Linux", from the User-Agent at sign-in; null when it was not recognised or not recorded. */
  deviceLabel: z.string().nullable(),
  createdAt: z.string(),
  /** When it started or last refreshed its tokens (refreshes happen every few minutes while in use). */
  lastUsedAt: z.string(),
  current: z.boolean(),
});
export type DeviceSession = z.infer<typeof deviceSessionSchema>;

export const deviceSessionListSchema = z.array(deviceSessionSchema);

export const sessionParamsSchema = z.object({ sessionId: z.string().min(1).max(64) });

/** The answer to "sign out all other devices": how many sign-ins it ended. */
export const endedSessionsSchema = z.object({ ended: z.number().int().nonnegative() });
export type EndedSessions = z.infer<typeof endedSessionsSchema>;
