import { afterEach, describe, expect, it } from 'vitest';
import type { AuthSession } from '../../contract/auth.ts';
import { DEFAULT_AUTH_SETTINGS } from '../settings.ts';
import { sleep } from '../../test-support/temp-dir.ts';
import { createTestApp, type TestApp } from '../../test-support/test-app.ts';
import { registerUser } from '../../test-support/users.ts';

describe('refresh grace (issue 12, item 7)', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
  });
  const start = async (refreshGraceSeconds: number) => {
    t = await createTestApp({ auth: { ...DEFAULT_AUTH_SETTINGS, scryptLogN: 10, refreshGraceSeconds } });
    await t.listen();
    return t;
  };
  /** Over real HTTP, so the two concurrent refreshes really race on the server. */
  const refresh = async (app: TestApp, refreshToken: string) => {
    const response = await fetch(`${app.baseUrl}/api/auth/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken }),
    });
    return { status: response.status, body: (await response.json()) as AuthSession & { error?: unknown } };
  };

  it('two concurrent refreshes of one token both get the same new pair, and the sign-in lives on', async () => {
    const app = await start(10);
    const ann = await registerUser(app.app);
    const [a, b] = await Promise.all([
      refresh(app, ann.session.refreshToken),
      refresh(app, ann.session.refreshToken),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(b.body.refreshToken).toBe(a.body.refreshToken);
    expect(b.body.accessToken).toBe(a.body.accessToken);
    // A client that never received the answer replays later, still within the grace: same pair again.
    const replay = await refresh(app, ann.session.refreshToken);
    expect(replay.body.refreshToken).toBe(a.body.refreshToken);
    const next = await refresh(app, a.body.refreshToken);
    expect(next.status).toBe(200);
  });

  it('after the grace, or once the new token was used, a replay is reuse and ends the sign-in', async () => {
    const app = await start(1);
    const ann = await registerUser(app.app);
    const first = await refresh(app, ann.session.refreshToken);
    expect(first.status).toBe(200);
    await sleep(1100);
    const late = await refresh(app, ann.session.refreshToken);
    expect(late.status).toBe(401);
    expect(late.body).toMatchObject({ error: { code: 'REFRESH_TOKEN_REUSED' } });
    expect((await refresh(app, first.body.refreshToken)).status).toBe(401);

    const bob = await registerUser(app.app);
    const rotated = await refresh(app, bob.session.refreshToken);
    expect((await refresh(app, rotated.body.refreshToken)).status).toBe(200);
    const stale = await refresh(app, bob.session.refreshToken);
    expect(stale.body).toMatchObject({ error: { code: 'REFRESH_TOKEN_REUSED' } });
  });
});
