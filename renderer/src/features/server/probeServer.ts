import { isApiErrorBody } from '../../lib/api/apiError.ts';
import { normaliseServerUrl } from './serverUrl.ts';

/**
 * A Meeshy server answers GET /api/auth/me without a token with a contract error body (401
 * UNAUTHENTICATED): anything else at that address is not one.
 */
export async function probeServer(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${normaliseServerUrl(url)}/api/auth/me`, {
      headers: { accept: 'application/json' },
    });
    return response.status === 401 && isApiErrorBody(await response.json());
  } catch {
    return false;
  }
}
