import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { SYSTEM_ACTOR } from '../../src/audit/audit-log.ts';
import type { StaffRole } from '../../src/staff/tables.ts';
import { TEST_ADMIN } from './app.ts';
import type { TestApp } from './app.ts';

export interface StaffClient {
  username: string;
  role: StaffRole;
  cookie: string;
  csrfToken: string;
  /** A request as this staff member: session cookie and CSRF header set. */
  request(method: InjectOptions['method'], url: string, payload?: unknown): Promise<LightMyRequestResponse>;
}

/** Creates (once) a staff user with the role and logs in through the API. */
export async function loginStaff(t: TestApp, role: StaffRole, username = `${role}-user`): Promise<StaffClient> {
  const password = username === TEST_ADMIN.username ? TEST_ADMIN.password : `${username}-password-123`;
  const existing = (await t.services.staff.listUsers()).find((u) => u.username === username);
  if (!existing) await t.services.staff.createUser(SYSTEM_ACTOR, { username, password, role });
  const res = await t.inject({ method: 'POST', url: '/api/staff/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  const cookie = String(res.headers['set-cookie']).split(';')[0]!;
  const csrfToken = (res.json() as { csrfToken: string }).csrfToken;
  return {
    username,
    role,
    cookie,
    csrfToken,
    request: (method, url, payload) =>
      t.inject({ method, url, headers: { cookie, 'x-csrf-token': csrfToken }, ...(payload === undefined ? {} : { payload: payload as object }) }),
  };
}
