import fc from 'fast-check';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backoffDelay, backoffDelaySql } from '../../src/staff/backoff.ts';
import { DIALECTS, TEST_ADMIN, withApp } from '../support/app.ts';
import type { TestApp } from '../support/app.ts';
import { withDatabase } from '../support/database.ts';
import { loginStaff } from '../support/staff.ts';

interface Answer {
  status: number;
  code: string | undefined;
  message: string | undefined;
  retryAfter: string | undefined;
  /** The known-device cookie the answer set, if any. */
  device: string | undefined;
}

let lastAddress = 0;
/** A client address never used before, so the per-address throttle stays out of the way. */
const freshAddress = () => {
  lastAddress++;
  return `10.${(lastAddress >> 16) & 255}.${(lastAddress >> 8) & 255}.${lastAddress & 255}`;
};

async function attempt(t: TestApp, username: string, password: string, opts: { address?: string; device?: string } = {}): Promise<Answer> {
  const res = await t.inject({
    method: 'POST',
    url: '/api/staff/login',
    payload: { username, password },
    remoteAddress: opts.address ?? freshAddress(),
    ...(opts.device ? { headers: { cookie: `ck_device=${opts.device}` } } : {}),
  });
  const body = res.json() as { error?: { code: string; message: string } };
  const device = /ck_device=([^;]+)/.exec(String(res.headers['set-cookie'] ?? ''))?.[1];
  return { status: res.statusCode, code: body.error?.code, message: body.error?.message, retryAfter: res.headers['retry-after'] as string | undefined, device };
}

/** Tries until the password is checked, waiting (on the test clock) as long as each 429 says. */
async function attemptWaiting(t: TestApp, username: string, password: string, opts: { device?: string } = {}): Promise<{ answer: Answer; waitedMs: number }> {
  let waitedMs = 0;
  for (;;) {
    const answer = await attempt(t, username, password, opts);
    if (answer.status !== 429) return { answer, waitedMs };
    const ms = Number(answer.retryAfter) * 1000;
    expect(ms).toBeGreaterThan(0);
    t.clock.advance(ms);
    waitedMs += ms;
  }
}

async function failedLogins(t: TestApp, username: string): Promise<number | undefined> {
  return (await t.services.staff.listUsers()).find((u) => u.username === username)?.failedLogins;
}

/** Wrong passwords, as fast as the server allows, until the account is hard-locked. */
async function lockHard(t: TestApp, username: string): Promise<void> {
  for (let i = 0; i < t.config.staff.hardLockFailures; i++) expect((await attemptWaiting(t, username, `wrong-guess-${i}`)).answer.status).toBe(401);
  expect((await attempt(t, username, 'one-more-guess')).code).toBe('account-locked');
}

describe.each(DIALECTS)('staff login against guessing, lockout and enumeration (%s)', (dialect) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await withApp(dialect, { config: { staff: { hardLockFailures: 8 } } });
  });
  afterEach(async () => {
    await t.close();
  });

  it('counts 25 concurrent wrong passwords atomically and checks only those the back-off allows', async () => {
    const answers = await Promise.all(Array.from({ length: 25 }, () => attempt(t, TEST_ADMIN.username, 'wrong-password')));
    const checked = answers.filter((a) => a.status === 401);
    const throttled = answers.filter((a) => a.status === 429);
    expect(checked).toHaveLength(t.config.staff.accountFailuresBeforeBackoff);
    expect(throttled).toHaveLength(25 - checked.length);
    for (const a of throttled) {
      expect(a.code).toBe('login-throttled');
      expect(Number(a.retryAfter)).toBeGreaterThanOrEqual(1);
    }
    expect(await failedLogins(t, TEST_ADMIN.username)).toBe(checked.length);
    // No password is checked while throttled: not even the right one gets in.
    expect((await attempt(t, TEST_ADMIN.username, TEST_ADMIN.password)).status).toBe(429);
  });

  it('hard-locks after exactly the configured number of failures under concurrent bursts, and time does not lift it', async () => {
    let checked = 0;
    let locked = false;
    for (let round = 0; round < 30 && !locked; round++) {
      const answers = await Promise.all(Array.from({ length: 25 }, () => attempt(t, TEST_ADMIN.username, 'wrong-password')));
      checked += answers.filter((a) => a.status === 401).length;
      locked = answers.some((a) => a.code === 'account-locked');
      t.clock.advance(Math.max(0, ...answers.map((a) => Number(a.retryAfter ?? 0))) * 1000);
    }
    expect(locked).toBe(true);
    expect(checked).toBe(t.config.staff.hardLockFailures);
    expect(await failedLogins(t, TEST_ADMIN.username)).toBe(checked);
    const right = await attempt(t, TEST_ADMIN.username, TEST_ADMIN.password);
    expect(right).toMatchObject({ status: 423, code: 'account-locked' });
    t.clock.advance(30 * 24 * 60 * 60_000);
    expect((await attempt(t, TEST_ADMIN.username, TEST_ADMIN.password)).status).toBe(423);
    expect((await t.services.staff.listUsers()).find((u) => u.username === TEST_ADMIN.username)?.locked).toBe(true);
  });

  it('lets the real user in a few seconds after five guesses at the username', async () => {
    for (let i = 0; i < 5; i++) expect((await attemptWaiting(t, TEST_ADMIN.username, `guess-${i}`)).answer.status).toBe(401);
    const { answer, waitedMs } = await attemptWaiting(t, TEST_ADMIN.username, TEST_ADMIN.password);
    expect(answer.status).toBe(200);
    expect(waitedMs).toBeLessThanOrEqual(10_000);
    // The success starts a fresh count.
    expect(await failedLogins(t, TEST_ADMIN.username)).toBe(0);
  });

  it('lets a hard-locked user in from a known device, which lifts the lock; a device cookie allows few guesses', async () => {
    const first = await attempt(t, TEST_ADMIN.username, TEST_ADMIN.password);
    expect(first.status).toBe(200);
    const device = first.device!;
    expect(device).toBeTruthy();
    await lockHard(t, TEST_ADMIN.username);
    expect((await attempt(t, TEST_ADMIN.username, TEST_ADMIN.password)).status).toBe(423);
    // Another user's device cookie or a made-up one is no way in.
    const op = await attempt(t, (await loginStaff(t, 'operator')).username, 'operator-user-password-123');
    expect(op.status).toBe(200);
    expect((await attempt(t, TEST_ADMIN.username, TEST_ADMIN.password, { device: op.device! })).status).toBe(423);
    expect((await attempt(t, TEST_ADMIN.username, TEST_ADMIN.password, { device: 'made-up-device-token' })).status).toBe(423);
    // The known device: a typo is answered as usual, then the right password gets in.
    expect((await attempt(t, TEST_ADMIN.username, 'typo-password', { device })).status).toBe(401);
    expect((await attempt(t, TEST_ADMIN.username, TEST_ADMIN.password, { device })).status).toBe(200);
    const [login] = await t.services.audit.query({ action: 'staff.login', limit: 1 });
    expect(login?.details).toMatchObject({ knownDevice: true, liftedLock: true });
    expect((await attempt(t, TEST_ADMIN.username, TEST_ADMIN.password)).status).toBe(200);

    // Someone holding the cookie gets only a few guesses with it, then the lock applies to it too.
    await lockHard(t, TEST_ADMIN.username);
    for (let i = 0; i < t.config.staff.knownDeviceMaxFailures; i++) expect((await attempt(t, TEST_ADMIN.username, `stolen-cookie-guess-${i}`, { device })).status).toBe(401);
    expect((await attempt(t, TEST_ADMIN.username, TEST_ADMIN.password, { device })).status).toBe(423);
  });

  it('keeps the newest 20 known devices of a user when a script logs in again and again without cookies', async () => {
    const devices: string[] = [];
    for (let i = 0; i < 22; i++) {
      t.clock.advance(1000);
      devices.push((await attempt(t, TEST_ADMIN.username, TEST_ADMIN.password)).device!);
    }
    const { count } = await t.services.db.selectFrom('staff_devices').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
    expect(Number(count)).toBe(20);
    // The newest still counts as known: it gets past a wait the oldest does not.
    for (let i = 0; i < t.config.staff.accountFailuresBeforeBackoff; i++) await attempt(t, TEST_ADMIN.username, 'wrong-password');
    expect((await attempt(t, TEST_ADMIN.username, TEST_ADMIN.password, { device: devices[0]! })).status).toBe(429);
    expect((await attempt(t, TEST_ADMIN.username, TEST_ADMIN.password, { device: devices.at(-1)! })).status).toBe(200);
  });

  it('lets an admin unlock a hard-locked account, audited', async () => {
    const admin = await loginStaff(t, 'admin', 'admin');
    const operator = await loginStaff(t, 'operator');
    await lockHard(t, operator.username);
    const users = (await admin.request('GET', '/api/staff/users')).json().users as { id: string; username: string; locked: boolean }[];
    const target = users.find((u) => u.username === operator.username)!;
    expect(target.locked).toBe(true);
    const unlocked = await admin.request('PATCH', `/api/staff/users/${target.id}`, { unlock: true });
    expect(unlocked.statusCode).toBe(200);
    expect(unlocked.json()).toMatchObject({ locked: false, failedLogins: 0 });
    expect((await attempt(t, operator.username, 'operator-user-password-123')).status).toBe(200);
    const log = (await admin.request('GET', `/api/audit?targetId=${target.id}`)).json().entries as { action: string; actor: { name: string }; details: { unlock?: boolean } }[];
    expect(log.map((e) => e.action)).toContain('staff.locked');
    expect(log.find((e) => e.action === 'staff.update')).toMatchObject({ actor: { name: 'admin' }, details: { unlock: true } });
  });

  it('answers an unknown username exactly like a known one, through back-off and hard lock', async () => {
    const run = async (username: string) => {
      const answers: Omit<Answer, 'device'>[] = [];
      for (let i = 0; i < t.config.staff.hardLockFailures + 6; i++) {
        const { device: _none, ...a } = await attempt(t, username, 'wrong-password');
        answers.push(a);
        if (a.retryAfter) t.clock.advance(Number(a.retryAfter) * 1000);
      }
      return answers;
    };
    const known = await run(TEST_ADMIN.username);
    const unknown = await run('no.such.user');
    expect(unknown).toEqual(known);
    expect(new Set(known.map((a) => a.status))).toEqual(new Set([401, 429, 423]));
  });

  it('throttles one client address across usernames with growing waits', async () => {
    const address = freshAddress();
    const n = t.config.staff.addressFailuresBeforeBackoff;
    for (let i = 0; i < n; i++) expect((await attempt(t, `sprayed-${i}`, 'Spring2026!', { address })).code).toBe('login-failed');
    const first = await attempt(t, 'sprayed-x', 'Spring2026!', { address });
    expect(first).toMatchObject({ status: 429, code: 'login-throttled', retryAfter: '1' });
    t.clock.advance(1000);
    expect((await attempt(t, 'sprayed-y', 'Spring2026!', { address })).code).toBe('login-failed');
    expect((await attempt(t, 'sprayed-z', 'Spring2026!', { address })).retryAfter).toBe('2');
    // Other addresses are not affected.
    expect((await attempt(t, TEST_ADMIN.username, TEST_ADMIN.password)).status).toBe(200);
  });
});

describe.each(DIALECTS)('staff password strength (%s)', (dialect) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await withApp(dialect);
  });
  afterEach(async () => {
    await t.close();
  });

  it.each(['aaaaaaaaaaaa', 'password1234', '123456789012', 'qwertyuiop[]', 'li.ming-li.ming'])('refuses %s for a new user and as a changed password', async (password) => {
    const admin = await loginStaff(t, 'admin', 'admin');
    const created = await admin.request('POST', '/api/staff/users', { username: 'li.ming', password, role: 'operator' });
    expect(created.statusCode).toBe(400);
    expect(created.json().error).toMatchObject({ code: 'weak-password', details: { reason: expect.any(String) } });
    expect((await t.services.staff.listUsers()).map((u) => u.username)).not.toContain('li.ming');

    const ok = await admin.request('POST', '/api/staff/users', { username: 'li.ming', password: 'long-enough-password', role: 'operator' });
    expect(ok.statusCode).toBe(201);
    const changed = await admin.request('PATCH', `/api/staff/users/${ok.json().id}`, { password });
    expect(changed.json().error.code).toBe('weak-password');
    expect((await attempt(t, 'li.ming', 'long-enough-password')).status).toBe(200);
  });

  it('refuses a short password with the minimum length as the reason', async () => {
    const admin = await loginStaff(t, 'admin', 'admin');
    const res = await admin.request('POST', '/api/staff/users', { username: 'wang.fang', password: 'Xk3-pq9T', role: 'auditor' });
    expect(res.json().error).toMatchObject({ code: 'weak-password', details: { reason: 'too-short', minLength: 12 } });
  });

  it('refuses to start with a weak configured admin password', async () => {
    await expect(withApp(dialect, { config: { bootstrapAdmin: { username: 'admin', password: 'password1234' } } })).rejects.toThrow(/weak-password|ADMIN_PASSWORD/);
  });
});

describe.each(DIALECTS)('back-off schedule (%s)', (dialect) => {
  it('waits in SQL exactly as long as in code, for any policy and failure count', async () => {
    const d = await withDatabase(dialect);
    try {
      const policy = fc.record({ failuresBeforeBackoff: fc.integer({ min: 1, max: 20 }), baseMs: fc.integer({ min: 1, max: 60_000 }), maxMs: fc.integer({ min: 1, max: 24 * 60 * 60_000 }) });
      await fc.assert(
        fc.asyncProperty(policy, fc.integer({ min: 1, max: 200 }), async (p, failures) => {
          const { rows } = await sql<{ wait: number | string }>`select ${backoffDelaySql(sql<number>`${sql.lit(failures)}`, p)} as wait`.execute(d.handle.db);
          expect(Number(rows[0]!.wait)).toBe(backoffDelay(failures, p));
        }),
        { numRuns: 100 },
      );
    } finally {
      await d.close();
    }
  });
});
