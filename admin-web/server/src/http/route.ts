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
  /** The password was set by someone else: only routes marked `beforePasswordChange` answer. */
  mustChangePassword: boolean;
}

export interface TerminalPrincipal {
  terminalId: string;
  name: string;
  group: string;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

type Schema = z.ZodType;
type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

/**
 * Who is calling, as the route's auth established it before the handler runs: a terminal
 * route has its terminal, a staff route its staff member, a public route neither.
 */
export type Principals<A extends RouteAuth> = A extends 'terminal' ? { terminal: TerminalPrincipal } : A extends 'public' ? object : { staff: StaffPrincipal };

export type RouteContext<P, Q, B, A extends RouteAuth = RouteAuth> = {
  params: P;
  query: Q;
  body: B;
  request: FastifyRequest;
  reply: FastifyReply;
  /** Set on `streamBody` routes: the body as it arrives, refused with 413 past the route's bodyLimit. */
  bodyStream: AsyncIterable<Uint8Array> | undefined;
} & Principals<A>;

/**
 * One route: its schemas (validation, types and the OpenAPI document come from them), its
 * auth, and a handler returning the response body. A `raw` route writes the reply itself
 * (event streams, files) and its response schema only documents it.
 */
export interface RouteDef<
  P extends Schema | undefined = Schema | undefined,
  Q extends Schema | undefined = Schema | undefined,
  B extends Schema | undefined = Schema | undefined,
  R extends Schema = Schema,
  A extends RouteAuth = RouteAuth,
> {
  method: HttpMethod;
  url: string;
  summary: string;
  tags: string[];
  auth: A;
  params?: P;
  query?: Q;
  body?: B;
  response: R;
  /**
   * A staff route a session whose password must first be changed may still call (who am I,
   * change it, log out); every other one answers 403 `password-change-required`.
   */
  beforePasswordChange?: boolean;
  /** HTTP status of a success; 200 unless given. */
  status?: number;
  /** Content type of a raw route's reply, for the OpenAPI document. */
  rawContentType?: string;
  raw?: boolean;
  /** Largest body in bytes. Unset: the configured default for routes with a `body`, 1 KiB for those without. */
  bodyLimit?: number;
  /**
   * The body is a byte stream (application/octet-stream) the handler reads from `bodyStream`
   * as it arrives, never held whole; staff routes only (a terminal's signature covers the
   * whole body, so terminal routes cannot stream).
   */
  streamBody?: boolean;
  handler(ctx: RouteContext<Out<P>, Out<Q>, Out<B>, A>): Promise<z.input<R> | void>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a list of routes of differing schemas
export type AnyRoute = RouteDef<any, any, any, any, any>;

/** Identity function that infers the handler's types from the schemas and the auth. */
export function defineRoute<P extends Schema | undefined = undefined, Q extends Schema | undefined = undefined, B extends Schema | undefined = undefined, R extends Schema = Schema, const A extends RouteAuth = RouteAuth>(
  def: RouteDef<P, Q, B, R, A>,
): AnyRoute {
  return def as AnyRoute;
}

export function isStaffAuth(auth: RouteAuth): auth is { staff: readonly StaffRole[] } {
  return typeof auth === 'object';
}
