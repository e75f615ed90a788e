import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuthSession } from '../../contract/auth.ts';
import { buildApp } from '../app.ts';
import { WeakSecretError } from '../security/secrets.ts';
import { DEFAULT_AUTH_SETTINGS, DEFAULT_REQUEST_LIMITS } from '../settings.ts';
import { sleep } from '../../test-support/temp-dir.ts';
import { createTestApp, type TestApp } from '../../test-support/test-app.ts';
import { runSql } from '../../test-support/test-database.ts';
import { registerUser, TEST_PASSWORD } from '../../test-support/users.ts';

describe('auth routes', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp({
      auth: { ...DEFAULT_AUTH_SETTINGS, scryptLogN: 10, loginFailuresBeforeBlock: 3 },
    });
  });
  afterEach(async () => {
    await t.close();
  });

  const login = (payload: Record<string, unknown>) =>
    t.app.inject({ method: 'POST', url: '/api/auth/login', payload });
  const refresh = (refreshToken: string) =>
    t.app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refreshToken } });

  it('registers with language settings and answers /me', async () => {
    const ann = await registerUser(t.app, {
      systemLanguage: 'FR',
      regionalLanguage: 'pt-br',
      readLanguages: ['en'],
    });
    expect(ann.session.user).toMatchObject({
      systemLanguage: 'fr',
      regionalLanguage: 'pt-BR',
      readLanguages: ['en'],
      autoTranslateEnabled: true,
      translateToSystemLanguage: true,
      translateToRegionalLanguage: false,
      useCustomDestination: false,
    });
    expect(ann.session.user).not.toHaveProperty('passwordHash');
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: ann.auth });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ id: ann.id, username: ann.username });
  });

  it('signs in with the username or the email address', async () => {
    const ann = await registerUser(t.app);
    const byName = await login({ username: ann.username.toUpperCase(), password: TEST_PASSWORD });
    expect(byName.statusCode).toBe(200);
    const byEmail = await login({ email: `${ann.username}@example.test`, password: TEST_PASSWORD });
    expect(byEmail.statusCode).toBe(200);
    expect(byEmail.json<AuthSession>().user.id).toBe(ann.id);
  });

  it('gives one answer for a wrong password and an unknown account', async () => {
    const ann = await registerUser(t.app);
    const wrong = await login({ username: ann.username, password: 'nope-nope' });
    const unknown = await login({ username: 'nobody-here', password: 'nope-nope' });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json()).toMatchObject({ error: { code: 'INVALID_CREDENTIALS' } });
  });

  it('refuses a taken username or email', async () => {
    const ann = await registerUser(t.app);
    const sameName = await t.app.inject({
      method: 'POST',
      url: '/api/auth/register',
      payload: { username: ann.username.toUpperCase(), email: 'other@example.test', password: 'password-1' },
    });
    expect(sameName.statusCode).toBe(409);
    expect(sameName.json()).toMatchObject({ error: { code: 'USERNAME_TAKEN' } });
    const sameEmail = await t.app.inject({
      method: 'POST',
      url: '/api/auth/register',
      payload: { username: 'someone-else', email: `${ann.username}@EXAMPLE.test`, password: 'password-1' },
    });
    expect(sameEmail.statusCode).toBe(409);
    expect(sameEmail.json()).toMatchObject({ error: { code: 'EMAIL_TAKEN' } });
  });

  it('throttles repeated failed logins, even when the right password finally comes', async () => {
    const ann = await registerUser(t.app);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      expect((await login({ username: ann.username, password: 'wrong-guess' })).statusCode).toBe(401);
    }
    const blocked = await login({ username: ann.username, password: TEST_PASSWORD });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json()).toMatchObject({ error: { code: 'TOO_MANY_LOGIN_ATTEMPTS' } });
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('a burst of parallel guesses is cut off like a sequential one', async () => {
    const ann = await registerUser(t.app);
    const guesses = Array.from({ length: 12 }, (_, index) =>
      login({ username: ann.username, password: `wrong-${index}` }),
    );
    guesses.push(login({ username: ann.username, password: TEST_PASSWORD }));
    const codes = (await Promise.all(guesses)).map((response) => response.statusCode);
    // Three attempts per window: at most three were checked at all, and nothing got in past them.
    expect(codes.filter((code) => code !== 429).length).toBe(3);
    expect(codes.filter((code) => code === 429).length).toBe(10);
  });

  it('switching between username and email does not buy more guesses', async () => {
    const ann = await registerUser(t.app);
    await login({ username: ann.username, password: 'wrong-1' });
    await login({ email: `${ann.username}@example.test`, password: 'wrong-2' });
    await login({ username: ann.username.toUpperCase(), password: 'wrong-3' });
    const fourth = await login({ email: `${ann.username}@example.test`, password: TEST_PASSWORD });
    expect(fourth.statusCode).toBe(429);
  });

  it('a successful sign-in gives the attempts back', async () => {
    const ann = await registerUser(t.app);
    await login({ username: ann.username, password: 'wrong-1' });
    await login({ username: ann.username, password: 'wrong-2' });
    expect((await login({ username: ann.username, password: TEST_PASSWORD })).statusCode).toBe(200);
    await login({ username: ann.username, password: 'wrong-3' });
    await login({ username: ann.username, password: 'wrong-4' });
    expect((await login({ username: ann.username, password: TEST_PASSWORD })).statusCode).toBe(200);
  });

  it('rotates the refresh token on use; reusing an old one revokes the whole family', async () => {
    const ann = await registerUser(t.app);
    const first = await refresh(ann.session.refreshToken);
    expect(first.statusCode).toBe(200);
    const rotated = first.json<AuthSession>();
    expect(rotated.refreshToken).not.toBe(ann.session.refreshToken);
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { authorization: `Bearer ${rotated.accessToken}` },
    });
    expect(me.statusCode).toBe(200);
    // Rotated once more, the first token is no longer the immediately previous one: no grace applies.
    const second = await refresh(rotated.refreshToken);
    expect(second.statusCode).toBe(200);

    const replay = await refresh(ann.session.refreshToken);
    expect(replay.statusCode).toBe(401);
    expect(replay.json()).toMatchObject({ error: { code: 'REFRESH_TOKEN_REUSED' } });
    // The thief's replay also killed the token the legitimate client holds now.
    const afterRevocation = await refresh(second.json<AuthSession>().refreshToken);
    expect(afterRevocation.statusCode).toBe(401);
  });

  it('a sign-in ends at its maximum age, however often it was refreshed', async () => {
    const shortSessions = await createTestApp({
      // Seconds enough for the early refresh to come in time on a loaded machine.
      auth: { ...DEFAULT_AUTH_SETTINGS, scryptLogN: 10, sessionMaxAgeSeconds: 3 },
    });
    try {
      const ann = await registerUser(shortSessions.app);
      const refreshOn = (refreshToken: string) =>
        shortSessions.app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refreshToken } });
      const early = await refreshOn(ann.session.refreshToken);
      expect(early.statusCode).toBe(200);
      await sleep(3200);
      const late = await refreshOn(early.json<AuthSession>().refreshToken);
      expect(late.statusCode).toBe(401);
      // Its own code, so the client can tell the user why they must sign in again.
      expect(late.json()).toMatchObject({ error: { code: 'SESSION_EXPIRED' } });
      // The access token has minutes left, but it cannot outlive its sign-in.
      const me = await shortSessions.app.inject({ method: 'GET', url: '/api/auth/me', headers: ann.auth });
      expect(me.json()).toMatchObject({ error: { code: 'TOKEN_EXPIRED' } });
    } finally {
      await shortSessions.close();
    }
  });

  it('a sign-in that has ended, or was never recorded, refreshes no more even with an unrevoked token', async () => {
    // As an older server sharing the database could leave them: the sign-in ended, its token not revoked…
    const ended = await registerUser(t.app);
    await runSql(
      t.database,
      `UPDATE sessions SET ended_at = ?, end_reason = 'signed-out' WHERE user_id = ?`,
      [new Date().toISOString(), ended.id],
    );
    const afterEnd = await refresh(ended.session.refreshToken);
    expect(afterEnd.statusCode).toBe(401);
    expect(afterEnd.json()).toMatchObject({ error: { code: 'REFRESH_TOKEN_INVALID' } });
    // …or a refresh token whose sign-in has no row at all.
    const unrecorded = await registerUser(t.app);
    await runSql(t.database, 'DELETE FROM sessions WHERE user_id = ?', [unrecorded.id]);
    const withoutRow = await refresh(unrecorded.session.refreshToken);
    expect(withoutRow.statusCode).toBe(401);
    expect(withoutRow.json()).toMatchObject({ error: { code: 'REFRESH_TOKEN_INVALID' } });
  });

  it('logout revokes the refresh token and the sign-in’s access tokens, not another sign-in’s', async () => {
    const ann = await registerUser(t.app);
    const out = await t.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      payload: { refreshToken: ann.session.refreshToken },
    });
    expect(out.statusCode).toBe(204);
    expect((await refresh(ann.session.refreshToken)).json()).toMatchObject({
      error: { code: 'REFRESH_TOKEN_INVALID' },
    });
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: ann.auth });
    expect(me.statusCode).toBe(401);
    expect(me.json()).toMatchObject({ error: { code: 'TOKEN_EXPIRED' } });
    const again = await login({ username: ann.username, password: TEST_PASSWORD });
    const other = `Bearer ${again.json<AuthSession>().accessToken}`;
    const stillIn = await t.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { authorization: other },
    });
    expect(stillIn.statusCode).toBe(200);
  });

  it('refuses requests without a valid access token', async () => {
    for (const headers of [{}, { authorization: 'Bearer not-a-jwt' }, { authorization: 'Basic abc' }]) {
      const response = await t.app.inject({ method: 'GET', url: '/api/conversations', headers });
      expect(response.statusCode).toBe(401);
      expect(response.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    }
  });

  it('per-address limit on auth endpoints', async () => {
    const limited = await createTestApp({
      limits: { ...DEFAULT_REQUEST_LIMITS, authRequestsPerMinutePerIp: 3 },
    });
    try {
      const codes: number[] = [];
      for (let attempt = 0; attempt < 5; attempt += 1) {
        const response = await limited.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username: 'x', password: 'y' },
        });
        codes.push(response.statusCode);
        if (response.statusCode === 429)
          expect(response.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } });
      }
      expect(codes).toEqual([401, 401, 401, 429, 429]);
    } finally {
      await limited.close();
    }
  });
});

describe('signing secret', () => {
  it('the server refuses to start with an empty or default secret outside development', async () => {
    const t = await createTestApp();
    try {
      const options = {
        repository: t.services.repository,
        environment: 'production' as const,
        auth: DEFAULT_AUTH_SETTINGS,
        limits: DEFAULT_REQUEST_LIMITS,
        allowedOrigins: [],
      };
      await expect(buildApp({ ...options, jwtSecret: '' })).rejects.toThrow(WeakSecretError);
      await expect(buildApp({ ...options, jwtSecret: 'changeme' })).rejects.toThrow(WeakSecretError);
    } finally {
      await t.close();
    }
  });
});
