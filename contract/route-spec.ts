import type { z } from 'zod';

/**
 * How one HTTP route is described in contract/routes.ts, and the types both sides derive from a description:
 * the server registers the route from it (URL and schemas), the client builds its call from it (URL with the
 * path parameters filled in, query, body) and reads the answer as its type.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

declare const answerType: unique symbol;
/** Carries the type of a route's answer. Answers are interfaces, not schemas: the server does not validate what it sends. */
export interface Answer<T> {
  readonly [answerType]: T;
}
export function answer<T>(): Answer<T> {
  return {} as Answer<T>;
}
/** The answer of a route that succeeds with 204 and no body. */
export const noContent = answer<undefined>();

export interface RouteSpec {
  method: HttpMethod;
  /** The full URL path, each path parameter written `:name`. */
  path: string;
  /** False for the routes used before signing in; every other route needs `Authorization: Bearer <token>`. */
  auth: boolean;
  /** Required exactly when the path has parameters, with one key per parameter (checked in routes.ts). */
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  answer: Answer<unknown>;
}

/** The names of the `:name` parameters in a path. */
export type PathParamNames<Path extends string> = Path extends `${string}:${infer Name}/${infer Rest}`
  ? Name | PathParamNames<`/${Rest}`>
  : Path extends `${string}:${infer Name}`
    ? Name
    : never;

/** True when a route's params schema has exactly the path's parameters (both absent counts). */
export type ParamsMatchPath<Route extends RouteSpec> = [PathParamNames<Route['path']>] extends [never]
  ? Route['params'] extends z.ZodType
    ? false
    : true
  : Route['params'] extends z.ZodType<infer Parsed>
    ? [keyof Parsed] extends [PathParamNames<Route['path']>]
      ? [PathParamNames<Route['path']>] extends [keyof Parsed]
        ? true
        : false
      : false
    : false;

type Parsed<Schema> = Schema extends z.ZodType ? z.output<Schema> : undefined;

/** What the server's handler reads, after validation. */
export interface RouteRequestParts<Route extends RouteSpec> {
  params: Parsed<Route['params']>;
  query: Parsed<Route['query']>;
  body: Parsed<Route['body']>;
}

export type RouteAnswer<Route extends RouteSpec> = Route['answer'] extends Answer<infer T> ? T : never;

/**
 * A query as the client writes it: the schema's input, except where the schema coerces from anything (a number
 * sent as text), where the client writes the parsed type.
 */
type ClientQuery<Schema extends z.ZodType> = {
  [Key in keyof z.input<Schema>]: unknown extends z.input<Schema>[Key]
    ? z.output<Schema>[Key & keyof z.output<Schema>]
    : z.input<Schema>[Key];
};

type Part<Key extends string, Value> = [Value] extends [undefined]
  ? { [K in Key]?: undefined }
  : { [K in Key]: Value };

/** What the client passes to call a route: exactly the parts the route has. */
export type RouteInput<Route extends RouteSpec> = Part<
  'params',
  [PathParamNames<Route['path']>] extends [never] ? undefined : Record<PathParamNames<Route['path']>, string>
> &
  Part<'query', Route['query'] extends z.ZodType ? ClientQuery<Route['query']> : undefined> &
  Part<'body', Route['body'] extends z.ZodType ? z.input<Route['body']> : undefined>;

/** The URL path and query string of one call: path parameters encoded in place, undefined query values left out. */
export function routeUrl(
  route: RouteSpec,
  input: { params?: Readonly<Record<string, string>> | undefined; query?: object | undefined },
): string {
  const path = route.path.replace(/:([A-Za-z]+)/g, (_match, name: string) => {
    const value = input.params?.[name];
    if (value === undefined) throw new Error(`${route.method} ${route.path}: no value for :${name}`);
    return encodeURIComponent(value);
  });
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(input.query ?? {})) {
    if (value !== undefined && value !== null) query.set(key, String(value));
  }
  const search = query.toString();
  return search === '' ? path : `${path}?${search}`;
}
