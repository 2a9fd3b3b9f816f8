/**
 * The first-start password flow: a password someone else set (the first start's printed one,
 * an account or a reset made by an admin) lets its user do nothing but choose their own; the
 * server refuses every other staff route until then, and the change is proven, throttled,
 * checked by the password policy and audited.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isStaffAuth } from '../../src/http/route.ts';
import { DIALECTS, withApp } from '../support/app.ts';
import type { TestApp } from '../support/app.ts';
import { loginStaff } from '../support/staff.ts';

const OWN = 'Quiet-Harbour-Lantern-47-Violet';
const concrete = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, '1');

async function session(t: TestApp, username: string, password: string) {
  const res = await t.inject({ method: 'POST', url: '/api/staff/login', payload: { username, password } });
  expect(res.statusCode).toBe(200);
  const cookie = String(res.headers['set-cookie']).split(';')[0]!;
  const body = res.json() as { csrfToken: string; mustChangePassword: boolean };
  return {
    mustChangePassword: body.mustChangePassword,
    request: (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: object) =>
      t.inject({ method, url, headers: { cookie, 'x-csrf-token': body.csrfToken }, ...(payload ? { payload } : {}) }),
  };
}

describe.each(DIALECTS)('first-start password change (%s)', (dialect) => {
  let t: TestApp;
  let printed: string;
  beforeEach(async () => {
    const lines: string[] = [];
    t = await withApp(dialect, { config: { bootstrapAdmin: undefined, print: (l) => lines.push(l) } });
    printed = /one-time password: (\S+)/.exec(lines.join('\n'))![1]!;
  });
  afterEach(async () => {
    await t.close();
  });

  it('lets the first admin with the printed password only say who they are, change it and log out', async () => {
    const admin = await session(t, 'admin', printed);
    expect(admin.mustChangePassword).toBe(true);
    expect((await admin.request('GET', '/api/staff/me')).json()).toMatchObject({ user: { username: 'admin' }, mustChangePassword: true });
    const open = new Set(['GET /api/staff/me', 'POST /api/staff/me/password', 'POST /api/staff/logout']);
    const refused: string[] = [];
    const answered: string[] = [];
    for (const route of t.services.routes().filter((r) => isStaffAuth(r.auth))) {
      const key = `${route.method} ${route.url}`;
      if (open.has(key)) continue;
      const res = await admin.request(route.method, concrete(route.url), route.method === 'GET' ? undefined : {});
      (res.statusCode === 403 && res.json().error.code === 'password-change-required' ? refused : answered).push(`${key} ${res.statusCode}`);
    }
    expect(answered).toEqual([]);
    expect(refused.length).toBeGreaterThan(20);
    // Nothing was created on the way.
    expect(await t.services.terminals.page({ sort: 'name', order: 'asc', offset: 0, limit: 10 })).toMatchObject({ total: 0 });

    const changed = await admin.request('POST', '/api/staff/me/password', { current: printed, next: OWN });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ mustChangePassword: false });
    // The same session now does what an admin does.
    expect((await admin.request('GET', '/api/terminals')).statusCode).toBe(200);
    expect((await admin.request('POST', '/api/terminals', { name: 'Lobby 1' })).statusCode).toBe(201);
    // The printed password is spent; the chosen one logs in without the detour.
    expect((await t.inject({ method: 'POST', url: '/api/staff/login', payload: { username: 'admin', password: printed } })).statusCode).toBe(401);
    expect((await session(t, 'admin', OWN)).mustChangePassword).toBe(false);
    expect((await admin.request('POST', '/api/staff/logout', {})).statusCode).toBe(200);
  });

  it('says what is wrong with the new password on its field, and keeps the old one until a good one comes', async () => {
    const admin = await session(t, 'admin', printed);
    const wrong = await admin.request('POST', '/api/staff/me/password', { current: 'not-it-at-all', next: OWN });
    expect([wrong.statusCode, wrong.json().error.code]).toEqual([400, 'current-password-wrong']);
    const same = await admin.request('POST', '/api/staff/me/password', { current: printed, next: printed });
    expect([same.statusCode, same.json().error.code]).toEqual([400, 'password-unchanged']);
    for (const [next, reason] of [
      ['short-one', 'too-short'],
      ['password1234', expect.any(String)],
      ['qwertyuiop[]', expect.any(String)],
      ['admin-admin-admin', expect.any(String)],
    ] as const) {
      const weak = await admin.request('POST', '/api/staff/me/password', { current: printed, next });
      expect([next, weak.statusCode, weak.json().error]).toEqual([next, 400, expect.objectContaining({ code: 'weak-password', details: expect.objectContaining({ reason }) })]);
    }
    expect((await admin.request('GET', '/api/terminals')).json().error.code).toBe('password-change-required');
    expect((await t.inject({ method: 'POST', url: '/api/staff/login', payload: { username: 'admin', password: printed } })).statusCode).toBe(200);
  });

  it('counts wrong current passwords like failed logins, so a stolen session cannot guess freely', async () => {
    const admin = await session(t, 'admin', printed);
    const codes: string[] = [];
    for (let i = 0; i < t.config.staff.accountFailuresBeforeBackoff + 2; i++) {
      codes.push((await admin.request('POST', '/api/staff/me/password', { current: `guess-${i}`, next: OWN })).json().error.code);
    }
    expect(codes.slice(0, t.config.staff.accountFailuresBeforeBackoff)).toEqual(Array(t.config.staff.accountFailuresBeforeBackoff).fill('current-password-wrong'));
    expect(codes.at(-1)).toBe('login-throttled');
    // Even the right password waits out the back-off.
    expect((await admin.request('POST', '/api/staff/me/password', { current: printed, next: OWN })).json().error.code).toBe('login-throttled');
  });

  it('makes accounts and resets an admin makes wait for their user’s own password; the change ends the user’s other sessions and is audited without the password', async () => {
    const first = await session(t, 'admin', printed);
    await first.request('POST', '/api/staff/me/password', { current: printed, next: OWN });
    const admin = await session(t, 'admin', OWN);
    const temporary = 'Amber-Kettle-Orchard-93-Drift';
    const created = await admin.request('POST', '/api/staff/users', { username: 'li.ming', password: temporary, role: 'operator' });
    expect(created.json()).toMatchObject({ mustChangePassword: true });

    const laptop = await session(t, 'li.ming', temporary);
    const phone = await session(t, 'li.ming', temporary);
    expect((await laptop.request('GET', '/api/terminals')).json().error.code).toBe('password-change-required');
    const mine = 'Copper-Meadow-Lantern-58-Quill';
    expect((await laptop.request('POST', '/api/staff/me/password', { current: temporary, next: mine })).statusCode).toBe(200);
    expect((await laptop.request('GET', '/api/terminals')).statusCode).toBe(200);
    expect((await phone.request('GET', '/api/staff/me')).statusCode).toBe(401);
    const users = (await admin.request('GET', '/api/staff/users')).json().users as { id: string; username: string; mustChangePassword: boolean }[];
    const li = users.find((u) => u.username === 'li.ming')!;
    expect(li.mustChangePassword).toBe(false);

    // An admin's reset is a temporary password again.
    const reset = 'Silver-Harbor-Pepper-71-Cloud';
    expect((await admin.request('PATCH', `/api/staff/users/${li.id}`, { password: reset })).json()).toMatchObject({ mustChangePassword: true });
    expect((await session(t, 'li.ming', reset)).mustChangePassword).toBe(true);

    const log = (await admin.request('GET', `/api/audit?targetId=${li.id}`)).json().entries as { action: string; details: Record<string, unknown> }[];
    const change = log.find((e) => e.action === 'staff.password-change')!;
    expect(change.details).toEqual({ wasRequired: true });
    expect(JSON.stringify(log)).not.toContain(mine);
  });

  it('does not hold back an admin whose password the operator chose (ADMIN_PASSWORD) or users created by the server itself', async () => {
    const fromEnv = await withApp(dialect);
    try {
      const admin = await loginStaff(fromEnv, 'admin', 'admin');
      expect((await admin.request('GET', '/api/terminals')).statusCode).toBe(200);
    } finally {
      await fromEnv.close();
    }
  });
});
