import { randomUUID } from 'node:crypto';
import type { AuthSession } from '../contract/auth.ts';
import type { CreatedShareLink, GuestJoinBody, GuestSession } from '../contract/join.ts';
import type { BuiltApp } from '../server/app.ts';
import { api } from './http-client.ts';

/** Every test user's password. */
export const TEST_PASSWORD = 'correct horse battery';

export interface TestUser {
  id: string;
  username: string;
  token: string;
  session: AuthSession;
  auth: { authorization: string };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** What an expired access token gets; a token of an ended sign-in must get exactly this. */
export const EXPIRED_TOKEN_BODY = {
  error: { code: 'TOKEN_EXPIRED', message: 'Access token expired; refresh it' },
};

let userCounter = 0;

/** Registers a new user with a unique name in an app (no network), with `overrides` in the body. */
export async function registerUser(
  app: BuiltApp['app'],
  overrides: Record<string, unknown> = {},
): Promise<TestUser> {
  userCounter += 1;
  const username = `user${userCounter}_${randomUUID().slice(0, 6)}`;
  const response = await app.inject({
    method: 'POST',
    url: '/api/auth/register',
    payload: { username, email: `${username}@example.test`, password: TEST_PASSWORD, ...overrides },
  });
  if (response.statusCode !== 201)
    throw new Error(`register failed: ${response.statusCode} ${response.body}`);
  const session = response.json<AuthSession>();
  return {
    id: session.user.id,
    username: session.user.username,
    token: session.accessToken,
    session,
    auth: bearer(session.accessToken),
  };
}

/** Another sign-in of `username` (as from another device, which `headers` may describe). */
export async function signIn(
  app: BuiltApp['app'],
  username: string,
  headers: Record<string, string> = {},
): Promise<AuthSession> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    headers,
    payload: { username, password: TEST_PASSWORD },
  });
  if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.statusCode} ${response.body}`);
  return response.json<AuthSession>();
}

/** Registers `username` with a server reached over real HTTP (a server or stack process). */
export function registerOverHttp(
  baseUrl: string,
  username: string,
  overrides: Record<string, unknown> = {},
): Promise<AuthSession> {
  return api<AuthSession>(`${baseUrl}/api/auth/register`, 'POST', {
    username,
    email: `${username}@example.test`,
    password: TEST_PASSWORD,
    ...overrides,
  });
}

/** Signs `username` in on a server reached over real HTTP. */
export function signInOverHttp(baseUrl: string, username: string): Promise<AuthSession> {
  return api<AuthSession>(`${baseUrl}/api/auth/login`, 'POST', { username, password: TEST_PASSWORD });
}

/** Creates (or finds) the direct conversation between two users and returns its id. */
export async function directConversation(
  app: BuiltApp['app'],
  from: TestUser,
  to: TestUser,
): Promise<string> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/conversations',
    headers: from.auth,
    payload: { type: 'direct', memberIds: [to.id] },
  });
  if (response.statusCode >= 300) throw new Error(`direct conversation failed: ${response.body}`);
  return response.json<{ id: string }>().id;
}

/** A group `from` creates with `members`; returns its id. */
export async function groupConversation(
  app: BuiltApp['app'],
  from: TestUser,
  title: string,
  members: readonly TestUser[],
): Promise<string> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/conversations',
    headers: from.auth,
    payload: { type: 'group', title, memberIds: members.map((member) => member.id) },
  });
  if (response.statusCode >= 300) throw new Error(`group creation failed: ${response.body}`);
  return response.json<{ id: string }>().id;
}

/** A guest who joined the group by a link its admin `admin` made (contract/join.ts). */
export async function joinAsGuest(
  app: BuiltApp['app'],
  admin: TestUser,
  conversationId: string,
  guest: GuestJoinBody = { displayName: 'Lucía', language: 'es' },
): Promise<GuestSession> {
  const link = await app.inject({
    method: 'POST',
    url: `/api/conversations/${conversationId}/share-links`,
    headers: admin.auth,
    payload: {},
  });
  if (link.statusCode !== 201) throw new Error(`share link failed: ${link.body}`);
  const joined = await app.inject({
    method: 'POST',
    url: `/api/join/${link.json<CreatedShareLink>().code}/guest`,
    payload: guest,
  });
  if (joined.statusCode !== 201) throw new Error(`guest join failed: ${joined.body}`);
  return joined.json<GuestSession>();
}
