import { z } from 'zod';
import { ChangePasswordRequest, LoginRequest, Ok, StaffSession } from '@civic-kiosk/protocol/staff-api';
import { CreateStaffUserRequest, StaffUserList, StaffUserView, UpdateStaffUserRequest, UpdatedStaffUser } from '@civic-kiosk/protocol/staff-users';
import { staffActor } from '../../audit/audit-log.ts';
import { CSRF_HEADER, SESSION_COOKIE } from '../../http/register.ts';
import { ApiError } from '../../errors.ts';
import { defineRoute } from '../../http/route.ts';
import type { StaffPrincipal } from '../../http/route.ts';
import type { RouteModule } from '../../services.ts';
import { STAFF_ROLES } from '../../staff/tables.ts';

const Session = StaffSession;

/** The known-device cookie: sent only to the login route, where it lets its user past the throttle. */
const DEVICE_COOKIE = 'ck_device';
const LOGIN_URL = '/api/staff/login';

const ALL_STAFF = { staff: STAFF_ROLES };

const session = (p: StaffPrincipal) => ({
  user: { id: p.userId, username: p.username, role: p.role },
  csrfToken: p.csrfToken,
  csrfHeader: CSRF_HEADER,
  mustChangePassword: p.mustChangePassword,
});
const ADMIN = { staff: ['admin'] as const };

export const staffRoutes: RouteModule = (s) => [
  defineRoute({
    method: 'POST',
    url: LOGIN_URL,
    summary: 'Log in; sets the session cookie and returns the CSRF token. 429 with Retry-After while throttled, 423 when hard-locked',
    tags: ['staff'],
    auth: 'public',
    body: LoginRequest,
    response: Session,
    async handler({ body, request, reply }) {
      const cookie = { httpOnly: true, sameSite: 'strict', secure: s.config.secureCookies } as const;
      const result = await s.staff.login({ ...body, address: request.ip, deviceToken: request.cookies[DEVICE_COOKIE] }).catch((e: unknown) => {
        if (e instanceof ApiError && e.code === 'login-throttled') void reply.header('retry-after', String((e.details as { retryAfterSeconds: number }).retryAfterSeconds));
        throw e;
      });
      const { token, principal, deviceToken } = result;
      void reply.setCookie(SESSION_COOKIE, token, { ...cookie, path: '/', maxAge: Math.floor(s.config.staff.sessionTtlMs / 1000) });
      void reply.setCookie(DEVICE_COOKIE, deviceToken, { ...cookie, path: LOGIN_URL, maxAge: Math.floor(s.config.staff.knownDeviceTtlMs / 1000) });
      return session(principal);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/staff/logout',
    summary: 'End the session',
    tags: ['staff'],
    auth: ALL_STAFF,
    beforePasswordChange: true,
    response: Ok,
    async handler({ staff, reply }) {
      await s.staff.logout(staff);
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/staff/me',
    summary: 'The logged-in staff member, the CSRF token of the session, and whether the password must be changed first',
    tags: ['staff'],
    auth: ALL_STAFF,
    beforePasswordChange: true,
    response: Session,
    async handler({ staff }) {
      return session(staff);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/staff/me/password',
    summary: 'Change your own password: current-password-wrong (counted like a failed login), password-unchanged, weak-password; ends your other sessions',
    tags: ['staff'],
    auth: ALL_STAFF,
    beforePasswordChange: true,
    body: ChangePasswordRequest,
    response: Session,
    async handler({ body, staff }) {
      await s.staff.changeOwnPassword(staff, body);
      return session({ ...staff, mustChangePassword: false });
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/staff/users',
    summary: 'List staff users',
    tags: ['staff'],
    auth: ADMIN,
    response: StaffUserList,
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
    body: CreateStaffUserRequest,
    response: StaffUserView,
    async handler({ body, staff }) {
      // The admin chose this password: the new user replaces it at the first login.
      return s.staff.createUser(staffActor(staff), body, { mustChangePassword: true });
    },
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/staff/users/:id',
    summary: 'Change a staff user: role, disabled, password (weak-password when too easy to guess) or generatePassword (returned once), unlock (lifts a hard lock); each change audited',
    tags: ['staff'],
    auth: ADMIN,
    params: z.object({ id: z.string().max(64) }),
    body: UpdateStaffUserRequest,
    response: UpdatedStaffUser,
    async handler({ params, body, staff }) {
      return s.staff.updateUser(staffActor(staff), params.id, body);
    },
  }),
];
