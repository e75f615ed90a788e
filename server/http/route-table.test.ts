import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeUrl } from '../../contract/route-spec.ts';
import { routes } from '../../contract/routes.ts';
import { createTestApp, type TestApp } from '../../test-support/test-app.ts';
import { GrpcTranslatorClient } from '../translation/translator-client.ts';

const table = Object.values(routes);
const key = (method: string, path: string) => `${method} ${path}`;

describe('the server serves exactly the routes of contract/routes.ts', () => {
  let t: TestApp;

  beforeAll(async () => {
    // With a translator the translation routes are registered too; nothing listens on this loopback port, and
    // no test here reaches the translator.
    t = await createTestApp({ translator: new GrpcTranslatorClient('127.0.0.1:9') });
  });
  afterAll(async () => {
    await t.close();
  });

  it('registers every route of the table, and no /api route outside it', () => {
    const served = new Set(t.routes.filter((route) => route.split(' ')[1]?.startsWith('/api/')));
    const declared = new Set(table.map((route) => key(route.method, route.path)));
    expect([...declared].filter((route) => !served.has(route))).toEqual([]);
    expect([...served].filter((route) => !declared.has(route))).toEqual([]);
  });

  it('asks for a token exactly on the routes the table marks auth', async () => {
    const answers = [];
    for (const route of table) {
      const params = Object.fromEntries(
        [...route.path.matchAll(/:([A-Za-z]+)/g)].map(([, name]) => [name ?? '', 'x']),
      );
      const response = await t.app.inject({
        method: route.method,
        url: routeUrl(route, { params }),
        ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { payload: {} }),
      });
      answers.push({ route: key(route.method, route.path), unauthenticated: response.statusCode === 401 });
    }
    expect(answers).toEqual(
      table.map((route) => ({ route: key(route.method, route.path), unauthenticated: route.auth })),
    );
  });
});
