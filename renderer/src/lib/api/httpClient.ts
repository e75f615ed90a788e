import {
  routeUrl,
  type HttpMethod,
  type RouteAnswer,
  type RouteInput,
  type RouteSpec,
} from '../../../../contract/route-spec.ts';
import { ApiError, isApiErrorBody } from './apiError.ts';

export interface HttpClientOptions {
  baseUrl: () => string;
  /** A valid access token, refreshed first if it is about to expire; null when signed out. */
  getAccessToken: () => Promise<string | null>;
  /** Called once when the server still says the token expired; returns a fresh one or null. */
  forceRefresh: () => Promise<string | null>;
  fetchImpl?: typeof fetch;
}

export interface HttpClient {
  /**
   * Calls one route of contract/routes.ts: its method and URL come from the entry (path parameters filled in),
   * the token is sent when the route needs one, and the answer has the route's answer type.
   */
  call<Route extends RouteSpec>(route: Route, input: RouteInput<Route>): Promise<RouteAnswer<Route>>;
}

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const doFetch = options.fetchImpl ?? ((input, init) => fetch(input, init));

  async function send(method: HttpMethod, path: string, body: unknown, token: string | null) {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (token !== null) headers['authorization'] = `Bearer ${token}`;
    try {
      return await doFetch(`${options.baseUrl()}${path}`, {
        method,
        headers,
        body: body === undefined ? null : JSON.stringify(body),
      });
    } catch (cause) {
      throw new ApiError(0, 'NETWORK', cause instanceof Error ? cause.message : 'network error');
    }
  }

  return {
    async call<Route extends RouteSpec>(route: Route, input: RouteInput<Route>): Promise<RouteAnswer<Route>> {
      type T = RouteAnswer<Route>;
      const { method, auth } = route;
      const path = routeUrl(route, input);
      const body: unknown = input.body;
      const token = auth ? await options.getAccessToken() : null;
      let response = await send(method, path, body, token);
      // The clock of this machine and the server's may disagree: one refresh-and-retry absorbs that.
      if (response.status === 401 && auth && token !== null) {
        const fresh = await options.forceRefresh();
        if (fresh !== null) response = await send(method, path, body, fresh);
      }
      if (response.status === 204) return undefined as T;
      const payload: unknown = await response.json().catch(() => null);
      if (!response.ok) {
        if (isApiErrorBody(payload)) {
          const { code, message, issues } = payload.error;
          throw new ApiError(response.status, code, message, issues);
        }
        throw new ApiError(response.status, 'UNKNOWN', `HTTP ${response.status}`);
      }
      return payload as T;
    },
  };
}
