import { GUEST_ROUTE_NAMES } from '../../contract/join.ts';
import { routes, type RouteName } from '../../contract/routes.ts';
import { AppError } from '../errors.ts';
import { UserRateLimiter } from '../domain/user-rate-limiter.ts';

// Every name in the guest list must be a route of the table.
const guestRouteNames: readonly RouteName[] = GUEST_ROUTE_NAMES;

/** "METHOD /path" of each route a guest may call, as Fastify names a matched route. */
const GUEST_ROUTES = new Set(guestRouteNames.map((name) => `${routes[name].method} ${routes[name].path}`));

const refused = () =>
  new AppError(403, 'GUEST_NOT_ALLOWED', 'A guest can only take part in the conversation they joined');

/**
 * The rule of a guest's token (contract/join.ts): only the routes meant for guests, and of those that
 * name a conversation, only the guest's own. Membership is still checked by every route after this; this
 * keeps a guest out even of what a member of another conversation could see (user search, models…).
 */
export function checkGuestScope(
  guestConversationId: string,
  method: string,
  routePath: string | undefined,
  params: unknown,
): void {
  if (routePath === undefined || !GUEST_ROUTES.has(`${method} ${routePath}`)) throw refused();
  const conversationId =
    typeof params === 'object' && params !== null && 'conversationId' in params
      ? params.conversationId
      : undefined;
  if (conversationId !== undefined && conversationId !== guestConversationId) throw refused();
}

/** Requests a guest may make per minute, all routes together: a guest costs no account, so they get less. */
export const GUEST_REQUESTS_PER_MINUTE = 120;

// One budget per server (keyed by its auth service), shared by every route scope that authenticates.
const budgets = new WeakMap<object, UserRateLimiter>();
export function guestRequestBudget(server: object): UserRateLimiter {
  let budget = budgets.get(server);
  if (budget === undefined) {
    budget = new UserRateLimiter('guest-requests', GUEST_REQUESTS_PER_MINUTE, 60);
    budgets.set(server, budget);
  }
  return budget;
}
