import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS, TEST_ADMIN, withApp } from '../support/app.ts';
import type { TestApp } from '../support/app.ts';
import { loginStaff } from '../support/staff.ts';

describe.each(DIALECTS)('staff accounts, sessions and audit (%s)', (dialect) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await withApp(dialect);
  });
  afterEach(async () => {
    await t.close();
  });

  it('logs the bootstrap admin in with a hardened session cookie', async () => {
    const res = await t.inject({ method: 'POST', url: '/api/staff/login', payload: TEST_ADMIN });
    expect(res.statusCode).toBe(200);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(res.json().user.role).toBe('admin');
  });

  it('prints a one-time password when no admin is configured', async () => {
    const lines: string[] = [];
    const fresh = await withApp(dialect, { config: { bootstrapAdmin: undefined, print: (l) => lines.push(l) } });
    try {
      expect(lines).toHaveLength(1);
      const password = /one-time password: (\S+)/.exec(lines[0]!)![1]!;
      const res = await fresh.inject({ method: 'POST', url: '/api/staff/login', payload: { username: 'admin', password } });
      expect(res.statusCode).toBe(200);
    } finally {
      await fresh.close();
    }
  });

  it('refuses state-changing requests without the CSRF token', async () => {
    const admin = await loginStaff(t, 'admin', 'admin');
    const without = await t.inject({ method: 'POST', url: '/api/staff/users', headers: { cookie: admin.cookie }, payload: { username: 'eve', password: 'long-enough-password', role: 'auditor' } });
    expect(without.statusCode).toBe(403);
    expect(without.json().error.code).toBe('csrf-token-invalid');
  });

  it('lets an admin create users, records it, and lets an auditor read the audit log', async () => {
    const admin = await loginStaff(t, 'admin', 'admin');
    const created = await admin.request('POST', '/api/staff/users', { username: 'li.ming', password: 'long-enough-password', role: 'operator' });
    expect(created.statusCode).toBe(201);
    const auditor = await loginStaff(t, 'auditor');
    const log = await auditor.request('GET', '/api/audit?action=staff.create');
    expect(log.statusCode).toBe(200);
    const entry = log.json().entries.find((e: { details: { username: string } }) => e.details.username === 'li.ming');
    expect(entry).toMatchObject({ actor: { type: 'staff', name: 'admin' }, target: { type: 'staff-user', id: created.json().id } });
    const operator = await loginStaff(t, 'operator');
    expect((await operator.request('GET', '/api/audit')).json().error.code).toBe('forbidden');
  });

  it('ends sessions when an account is disabled', async () => {
    const admin = await loginStaff(t, 'admin', 'admin');
    const op = await loginStaff(t, 'operator');
    const id = (await admin.request('GET', '/api/staff/users')).json().users.find((u: { username: string }) => u.username === op.username).id;
    expect((await admin.request('PATCH', `/api/staff/users/${id}`, { disabled: true })).statusCode).toBe(200);
    expect((await op.request('GET', '/api/staff/me')).json().error.code).toBe('unauthenticated');
  });
});
