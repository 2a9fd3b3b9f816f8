import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../errors.ts';
import type { AppServices } from '../services.ts';
import type { AnyRoute, StaffPrincipal, TerminalPrincipal } from './route.ts';
import { isStaffAuth } from './route.ts';
import { requestBody } from './body-stream.ts';

export const SESSION_COOKIE = 'ck_session';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyRequest {
    rawBody?: Buffer;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Who is calling, decided from the headers alone, before a byte of the body is read: staff in
 * full (session, CSRF, role); a terminal as far as its headers go (signature headers, clock,
 * enrolled and not revoked), its signature over the body being checked once the body is in.
 */
async function authenticateBeforeBody(route: AnyRoute, request: FastifyRequest, s: AppServices): Promise<StaffPrincipal | undefined> {
  if (route.auth === 'public') return undefined;
  if (route.auth === 'terminal') {
    await s.terminalAuth.precheck(request.headers);
    return undefined;
  }
  const token = request.cookies[SESSION_COOKIE];
  const staff = token ? await s.staff.authenticate(token) : undefined;
  if (!staff) throw new ApiError('unauthenticated', 401, 'Log in first');
  // Per-session CSRF token in a header: a cross-site form cannot set it.
  if (!SAFE_METHODS.has(request.method) && request.headers[CSRF_HEADER] !== staff.csrfToken) {
    throw new ApiError('csrf-token-invalid', 403, 'Missing or wrong CSRF token');
  }
  if (staff.mustChangePassword && !route.beforePasswordChange) {
    throw new ApiError('password-change-required', 403, 'Choose your own password first (POST /api/staff/me/password)');
  }
  if (isStaffAuth(route.auth) && !route.auth.staff.includes(staff.role)) {
    throw new ApiError('forbidden', 403, `This needs one of the roles: ${route.auth.staff.join(', ')}`);
  }
  return staff;
}

const authenticateTerminal = (request: FastifyRequest, s: AppServices): Promise<TerminalPrincipal> =>
  s.terminalAuth.verify({ method: request.method, url: request.url, headers: request.headers, rawBody: request.rawBody ?? new Uint8Array(0) });

/** Room for an empty JSON object on routes that take no body. */
const NO_BODY_LIMIT = 1024;

/**
 * Registers routes: auth before the body is read, the body capped per route, then zod
 * validation of input, the handler, and the output.
 */
export function registerRoutes(app: FastifyInstance, routes: readonly AnyRoute[], s: AppServices): void {
  const staffOf = new WeakMap<FastifyRequest, StaffPrincipal>();
  for (const route of routes) {
    if (route.streamBody && !isStaffAuth(route.auth)) throw new Error(`${route.method} ${route.url}: only staff routes can stream their body`);
    const bodyLimit = route.bodyLimit ?? (route.body ? s.config.bodyLimitBytes : NO_BODY_LIMIT);
    app.route({
      method: route.method,
      url: route.url,
      // A streaming route reads its body itself, up to its limit; what Fastify parses stays small.
      bodyLimit: route.streamBody ? NO_BODY_LIMIT : bodyLimit,
      config: { streamBody: route.streamBody === true },
      onRequest: async (request: FastifyRequest) => {
        const staff = await authenticateBeforeBody(route, request, s);
        if (staff) staffOf.set(request, staff);
      },
      handler: async (request: FastifyRequest, reply: FastifyReply) => {
        const terminal = route.auth === 'terminal' ? await authenticateTerminal(request, s) : undefined;
        const params = route.params ? route.params.parse(request.params) : undefined;
        const query = route.query ? route.query.parse(request.query) : undefined;
        const body = route.body ? route.body.parse(request.body ?? {}) : undefined;
        const bodyStream = route.streamBody ? requestBody(request, bodyLimit) : undefined;
        const result = await route.handler({ params, query, body, bodyStream, request, reply, staff: staffOf.get(request), terminal });
        if (route.raw) return reply;
        return reply.code(route.status ?? 200).send(route.response.parse(result));
      },
    });
  }
}
