import type { FastifyInstance } from 'fastify';
import { UserRateLimiter } from '../domain/user-rate-limiter.ts';

export interface WriteBudgetLimits {
  /** Requests one user may make to one write route per minute. */
  writesPerMinutePerUserPerRoute: number;
  /** Requests per hour to the routes that reach other people (creating conversations, adding members). */
  fanOutWritesPerHourPerUser: number;
}

/** Routes whose every call reaches people who did not ask for it: they get the smaller, hourly budget. */
const FAN_OUT_ROUTES = new Set([
  'POST /api/conversations',
  'POST /api/conversations/:conversationId/members',
]);

/** Routes that keep a budget of their own: a message sent over HTTP counts against the user's send budget. */
const OWN_BUDGET_ROUTES = new Set(['POST /api/conversations/:conversationId/messages']);

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * A per-user budget on each write route, keyed by the signed-in user (not the address, which a whole
 * office may share). Message sends keep their own budget in the message service; this one caps what
 * had none: 80 groups created in a row, each adding someone without their consent, now meet a limit.
 */
export function installWriteBudget(app: FastifyInstance, limits: WriteBudgetLimits): void {
  const perRoute = new UserRateLimiter('write-route', limits.writesPerMinutePerUserPerRoute, 60);
  const fanOut = new UserRateLimiter('write-fan-out', limits.fanOutWritesPerHourPerUser, 3600);
  app.addHook('preHandler', async (request) => {
    // userId is set by the authentication hook of signed-in routes only.
    if (!WRITE_METHODS.has(request.method) || !request.userId) return;
    const route = `${request.method} ${request.routeOptions.url ?? request.url}`;
    if (OWN_BUDGET_ROUTES.has(route)) return;
    if (FAN_OUT_ROUTES.has(route)) await fanOut.consume(`${request.userId} ${route}`);
    else await perRoute.consume(`${request.userId} ${route}`);
  });
}
