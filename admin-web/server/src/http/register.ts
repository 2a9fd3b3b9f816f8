import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../errors.ts';
import type { AppServices } from '../services.ts';
import type { AnyRoute, StaffPrincipal, TerminalPrincipal } from './route.ts';
import { isStaffAuth } from './route.ts';

export const SESSION_COOKIE = 'ck_session';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyRequest {
    rawBody?: Buffer;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

async function authenticate(route: AnyRoute, request: FastifyRequest, s: AppServices): Promise<{ staff?: StaffPrincipal; terminal?: TerminalPrincipal }> {
  if (route.auth === 'public') return {};
  if (route.auth === 'terminal') {
    const terminal = await s.terminalAuth.verify({
      method: request.method,
      url: request.url,
      headers: request.headers,
      rawBody: request.rawBody ?? new Uint8Array(0),
    });
    return { terminal };
  }
  const token = request.cookies[SESSION_COOKIE];
  const staff = token ? await s.staff.authenticate(token) : undefined;
  if (!staff) throw new ApiError('unauthenticated', 401, 'Log in first');
  // Per-session CSRF token in a header: a cross-site form cannot set it.
  if (!SAFE_METHODS.has(request.method) && request.headers[CSRF_HEADER] !== staff.csrfToken) {
    throw new ApiError('csrf-token-invalid', 403, 'Missing or wrong CSRF token');
  }
  if (isStaffAuth(route.auth) && !route.auth.staff.includes(staff.role)) {
    throw new ApiError('forbidden', 403, `This needs one of the roles: ${route.auth.staff.join(', ')}`);
  }
  return { staff };
}

/** Registers routes: auth first, then zod validation of input, then the handler, then output. */
export function registerRoutes(app: FastifyInstance, routes: readonly AnyRoute[], s: AppServices): void {
  for (const route of routes) {
    app.route({
      method: route.method,
      url: route.url,
      ...(route.bodyLimit ? { bodyLimit: route.bodyLimit } : {}),
      handler: async (request: FastifyRequest, reply: FastifyReply) => {
        const principals = await authenticate(route, request, s);
        const params = route.params ? route.params.parse(request.params) : undefined;
        const query = route.query ? route.query.parse(request.query) : undefined;
        const body = route.body ? route.body.parse(request.body ?? {}) : undefined;
        const result = await route.handler({ params, query, body, request, reply, staff: principals.staff, terminal: principals.terminal });
        if (route.raw) return reply;
        return reply.code(route.status ?? 200).send(route.response.parse(result));
      },
    });
  }
}
