import type {
  FastifyContextConfig,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  RouteHandlerMethod,
} from 'fastify';
import type { RouteAnswer, RouteRequestParts, RouteSpec } from '../../contract/route-spec.ts';

/** The request a route's handler reads: params, query and body as its schemas parsed them. */
export type RouteRequest<Route extends RouteSpec> = FastifyRequest<{
  Params: RouteRequestParts<Route>['params'];
  Querystring: RouteRequestParts<Route>['query'];
  Body: RouteRequestParts<Route>['body'];
}>;

/**
 * A handler answers with the route's answer type; it may set another success status on `reply` first (201,
 * 202, 204). Returning undefined after `reply.status(204)` sends the empty answer.
 */
export type RouteHandler<Route extends RouteSpec> = (
  request: RouteRequest<Route>,
  reply: FastifyReply,
) => RouteAnswer<Route> | Promise<RouteAnswer<Route>>;

/**
 * Registers one route of contract/routes.ts in `scope`: its method, URL and validation schemas come from the
 * table entry, so the server cannot serve a path or accept a shape the client does not know.
 */
export function serveRoute<Route extends RouteSpec>(
  scope: FastifyInstance,
  route: Route,
  handler: RouteHandler<Route>,
  config?: FastifyContextConfig,
): void {
  scope.route({
    method: route.method,
    url: route.path,
    schema: {
      ...(route.params ? { params: route.params } : {}),
      ...(route.query ? { querystring: route.query } : {}),
      ...(route.body ? { body: route.body } : {}),
    },
    ...(config ? { config } : {}),
    // The request's types come from the same schemas fastify-type-provider-zod validates with.
    handler: handler as unknown as RouteHandlerMethod,
  });
}
