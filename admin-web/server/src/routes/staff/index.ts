import { z } from 'zod';
import { staffActor } from '../../audit/audit-log.ts';
import { CSRF_HEADER, SESSION_COOKIE } from '../../http/register.ts';
import { defineRoute } from '../../http/route.ts';
import type { RouteModule } from '../../services.ts';
import { STAFF_ROLES } from '../../staff/tables.ts';

const Role = z.enum(STAFF_ROLES);
const Username = z.string().regex(/^[a-z0-9][a-z0-9._-]{1,62}$/, 'lower-case letters, digits, dot, dash, underscore');
const Password = z.string().min(1).max(256);
const StaffUser = z.object({
  id: z.string(),
  username: z.string(),
  role: Role,
  disabled: z.boolean(),
  lockedUntil: z.number().nullable(),
  createdAt: z.number(),
});
const Session = z.object({ user: z.object({ id: z.string(), username: z.string(), role: Role }), csrfToken: z.string(), csrfHeader: z.string() });

const ALL_STAFF = { staff: STAFF_ROLES };
const ADMIN = { staff: ['admin'] as const };

export const staffRoutes: RouteModule = (s) => [
  defineRoute({
    method: 'POST',
    url: '/api/staff/login',
    summary: 'Log in; sets the session cookie and returns the CSRF token',
    tags: ['staff'],
    auth: 'public',
    body: z.object({ username: z.string().max(64), password: Password }),
    response: Session,
    async handler({ body, request, reply }) {
      const { token, principal } = await s.staff.login(body.username, body.password, request.ip);
      void reply.setCookie(SESSION_COOKIE, token, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: s.config.secureCookies,
        maxAge: Math.floor(s.config.staff.sessionTtlMs / 1000),
      });
      return { user: { id: principal.userId, username: principal.username, role: principal.role }, csrfToken: principal.csrfToken, csrfHeader: CSRF_HEADER };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/staff/logout',
    summary: 'End the session',
    tags: ['staff'],
    auth: ALL_STAFF,
    response: z.object({ ok: z.literal(true) }),
    async handler({ staff, reply }) {
      await s.staff.logout(staff!);
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/staff/me',
    summary: 'The logged-in staff member and the CSRF token of the session',
    tags: ['staff'],
    auth: ALL_STAFF,
    response: Session,
    async handler({ staff }) {
      const p = staff!;
      return { user: { id: p.userId, username: p.username, role: p.role }, csrfToken: p.csrfToken, csrfHeader: CSRF_HEADER };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/staff/users',
    summary: 'List staff users',
    tags: ['staff'],
    auth: ADMIN,
    response: z.object({ users: z.array(StaffUser) }),
    async handler() {
      return { users: await s.staff.listUsers() };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/staff/users',
    summary: 'Create a staff user',
    tags: ['staff'],
    auth: ADMIN,
    status: 201,
    body: z.object({ username: Username, password: Password, role: Role }),
    response: StaffUser,
    async handler({ body, staff }) {
      return s.staff.createUser(staffActor(staff!), body);
    },
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/staff/users/:id',
    summary: 'Change a staff user: role, disabled, password, unlock',
    tags: ['staff'],
    auth: ADMIN,
    params: z.object({ id: z.string().max(64) }),
    body: z.object({ role: Role.optional(), disabled: z.boolean().optional(), password: Password.optional(), unlock: z.boolean().optional() }),
    response: StaffUser,
    async handler({ params, body, staff }) {
      return s.staff.updateUser(staffActor(staff!), params.id, body);
    },
  }),
];
