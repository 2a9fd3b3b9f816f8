import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { StaffRole } from '../staff/tables.ts';

/** Who may call a route: anyone, an enrolled terminal (signed request), or staff in a role. */
export type RouteAuth = 'public' | 'terminal' | { staff: readonly StaffRole[] };

export interface StaffPrincipal {
  userId: string;
  username: string;
  role: StaffRole;
  sessionHash: string;
  csrfToken: string;
}

export interface TerminalPrincipal {
  terminalId: string;
  name: string;
  group: string;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

type Schema = z.ZodType;
type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteContext<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  request: FastifyRequest;
  reply: FastifyReply;
  /** Set on staff routes. */
  staff: StaffPrincipal | undefined;
  /** Set on terminal routes. */
  terminal: TerminalPrincipal | undefined;
}

/**
 * One route: its schemas (validation, types and the OpenAPI document come from them), its
 * auth, and a handler returning the response body. A `raw` route writes the reply itself
 * (event streams, files) and its response schema only documents it.
 */
export interface RouteDef<P extends Schema | undefined = Schema | undefined, Q extends Schema | undefined = Schema | undefined, B extends Schema | undefined = Schema | undefined, R extends Schema = Schema> {
  method: HttpMethod;
  url: string;
  summary: string;
  tags: string[];
  auth: RouteAuth;
  params?: P;
  query?: Q;
  body?: B;
  response: R;
  /** HTTP status of a success; 200 unless given. */
  status?: number;
  /** Content type of a raw route's reply, for the OpenAPI document. */
  rawContentType?: string;
  raw?: boolean;
  bodyLimit?: number;
  handler(ctx: RouteContext<Out<P>, Out<Q>, Out<B>>): Promise<z.input<R> | void>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a list of routes of differing schemas
export type AnyRoute = RouteDef<any, any, any, any>;

/** Identity function that infers the handler's types from the schemas. */
export function defineRoute<P extends Schema | undefined = undefined, Q extends Schema | undefined = undefined, B extends Schema | undefined = undefined, R extends Schema = Schema>(
  def: RouteDef<P, Q, B, R>,
): AnyRoute {
  return def as AnyRoute;
}

export function isStaffAuth(auth: RouteAuth): auth is { staff: readonly StaffRole[] } {
  return typeof auth === 'object';
}
