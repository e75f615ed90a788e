import { ApiError, isApiErrorBody } from './apiError.ts';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface HttpClientOptions {
  baseUrl: () => string;
  /** A valid access token, refreshed first if it is about to expire; null when signed out. */
  getAccessToken: () => Promise<string | null>;
  /** Called once when the server still says the token expired; returns a fresh one or null. */
  forceRefresh: () => Promise<string | null>;
  fetchImpl?: typeof fetch;
}

export interface HttpClient {
  request<T>(method: HttpMethod, path: string, body?: unknown, options?: { auth?: boolean }): Promise<T>;
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
    async request<T>(method: HttpMethod, path: string, body?: unknown, { auth = true } = {}): Promise<T> {
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
