/**
 * An admin's user management through the API, and the audit trail it leaves: every change to
 * an account is in the audit log with who did it and to whom, never the password; the log is
 * filtered by actor and action and exported as formula-safe CSV.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AUDIT_EXPORT_MAX, PASSWORD_POLICY } from '@civic-kiosk/protocol/staff-users';
import { assertStrongPassword } from '../../src/staff/password-policy.ts';
import { generatePassword } from '../../src/staff/passwords.ts';
import { DIALECTS, withApp } from '../support/app.ts';
import type { TestApp } from '../support/app.ts';
import { loginStaff } from '../support/staff.ts';
import type { StaffClient } from '../support/staff.ts';

const FIRST_PASSWORD = 'Harbour-Kettle-Violet-Ninety';

type Entry = { action: string; actor: { name: string }; target: { type: string; id: string }; details: Record<string, unknown> };

describe.each(DIALECTS)('user management and its audit trail (%s)', (dialect) => {
  let t: TestApp;
  let admin: StaffClient;
  beforeEach(async () => {
    t = await withApp(dialect);
    admin = await loginStaff(t, 'admin', 'admin');
  });
  afterEach(async () => {
    await t.close();
  });

  const login = (username: string, password: string) => t.inject({ method: 'POST', url: '/api/staff/login', payload: { username, password } });
  const create = async (username: string, role: string) => {
    const res = await admin.request('POST', '/api/staff/users', { username, password: FIRST_PASSWORD, role });
    expect(res.statusCode).toBe(201);
    return res.json() as { id: string };
  };

  it('resets a password to a generated one shown once: the user logs in with it and must change it', async () => {
    const { id } = await create('wang.fang', 'operator');
    const res = await admin.request('PATCH', `/api/staff/users/${id}`, { generatePassword: true });
    expect(res.statusCode).toBe(200);
    const { generatedPassword, mustChangePassword } = res.json() as { generatedPassword: string; mustChangePassword: boolean };
    expect(mustChangePassword).toBe(true);
    expect([...generatedPassword].length).toBeGreaterThanOrEqual(PASSWORD_POLICY.minLength);
    expect((await login('wang.fang', FIRST_PASSWORD)).statusCode).toBe(401);
    const session = await login('wang.fang', generatedPassword);
    expect(session.json()).toMatchObject({ mustChangePassword: true });
    // The list never carries it again.
    expect((await admin.request('GET', '/api/staff/users')).body).not.toContain(generatedPassword);
    const both = await admin.request('PATCH', `/api/staff/users/${id}`, { generatePassword: true, password: 'Another-Lantern-Quietly-88' });
    expect([both.statusCode, both.json().error.code]).toEqual([400, 'validation-failed']);
  });

  it('explains a weak password the admin typed with the policy reason', async () => {
    const { id } = await create('zhou.min', 'auditor');
    const short = await admin.request('PATCH', `/api/staff/users/${id}`, { password: 'short' });
    expect(short.json().error).toMatchObject({ code: 'weak-password', details: { reason: 'too-short', minLength: PASSWORD_POLICY.minLength } });
    const guessable = await admin.request('POST', '/api/staff/users', { username: 'li.na', password: 'li.na1234567890', role: 'auditor' });
    expect(guessable.json().error).toMatchObject({ code: 'weak-password', details: { reason: expect.any(String) } });
  });

  it('records every admin change to an account, with the name and the role it replaced, never the password', async () => {
    const { id } = await create('chen.jie', 'content-editor');
    const typed = 'Lantern-Orchard-Pebble-2049x';
    for (const patch of [{ role: 'operator' }, { disabled: true }, { disabled: false }, { password: typed }, { generatePassword: true }, { unlock: true }]) {
      expect((await admin.request('PATCH', `/api/staff/users/${id}`, patch)).statusCode).toBe(200);
    }
    const log = (await admin.request('GET', `/api/audit?targetType=staff-user&targetId=${id}`)).json().entries as Entry[];
    expect(log.map((e) => [e.action, e.actor.name]).reverse()).toEqual([['staff.create', 'admin'], ...Array.from({ length: 6 }, () => ['staff.update', 'admin'])]);
    const details = log.map((e) => e.details).reverse();
    expect(details[0]).toMatchObject({ username: 'chen.jie', role: 'content-editor', mustChangePassword: true });
    expect(details.slice(1)).toEqual([
      expect.objectContaining({ username: 'chen.jie', role: 'operator', previousRole: 'content-editor', passwordChanged: false }),
      expect.objectContaining({ disabled: true, passwordChanged: false }),
      expect.objectContaining({ disabled: false, passwordChanged: false }),
      expect.objectContaining({ passwordChanged: true, passwordGenerated: false }),
      expect.objectContaining({ passwordChanged: true, passwordGenerated: true }),
      expect.objectContaining({ unlock: true, passwordChanged: false }),
    ]);
    const stored = await t.services.db.selectFrom('audit_log').select('details').execute();
    expect(stored.map((r) => r.details).join('\n')).not.toContain(typed);
  });

  it('filters the log by actor name, action and time, pages backwards, and exports it as formula-safe CSV', async () => {
    await create('sun.li', 'auditor');
    t.clock.advance(60_000);
    const since = t.clock.now();
    await create('he.ping', 'operator');
    await t.services.audit.record({ type: 'terminal', id: 't-1', name: '=HYPERLINK("http://x")' }, 'terminal.enrol', { type: 'terminal', id: 't-1' });
    const auditor = await loginStaff(t, 'auditor');
    const byAdmin = (await auditor.request('GET', `/api/audit?actorName=admin&action=staff.create&from=${since}`)).json().entries as Entry[];
    expect(byAdmin.map((e) => e.details.username)).toEqual(['he.ping']);
    const first = (await auditor.request('GET', '/api/audit?actorName=admin&action=staff.create&limit=1')).json().entries as (Entry & { id: number })[];
    const older = (await auditor.request('GET', `/api/audit?actorName=admin&action=staff.create&limit=1&before=${first[0]!.id}`)).json().entries as Entry[];
    expect([first[0]!.details.username, older[0]!.details.username]).toEqual(['he.ping', 'sun.li']);

    const csv = await auditor.request('GET', '/api/audit/export.csv?actorName=%3DHYPERLINK(%22http%3A%2F%2Fx%22)');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toContain('audit-log.csv');
    const lines = csv.body.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines[0]).toBe('id,at,actorType,actorId,actorName,action,targetType,targetId,details');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`,terminal,t-1,"'=HYPERLINK(""http://x"")",terminal.enrol,terminal,t-1,{}`);
    const exported = (await auditor.request('GET', '/api/audit?action=audit.export')).json().entries as Entry[];
    expect(exported).toEqual([expect.objectContaining({ actor: expect.objectContaining({ name: 'auditor-user' }), details: { rows: 1, filter: { actorName: '=HYPERLINK("http://x")' } } })]);
    const operator = await loginStaff(t, 'operator');
    expect((await operator.request('GET', '/api/audit/export.csv')).statusCode).toBe(403);
  });
});

describe('audit export cap (sqlite)', () => {
  it('refuses a window wider than the cap instead of cutting it, and exports one that fits', async () => {
    const t = await withApp('sqlite');
    try {
      const at = t.clock.now();
      const row = { at, actor_type: 'system' as const, actor_id: 'system', actor_name: 'system', action: 'test.filler', target_type: 'test', target_id: null, details: '{}' };
      // The bootstrap admin's creation is one more row: AUDIT_EXPORT_MAX filler rows pass the cap.
      for (let done = 0; done < AUDIT_EXPORT_MAX; done += 2000) await t.services.db.insertInto('audit_log').values(Array(Math.min(2000, AUDIT_EXPORT_MAX - done)).fill(row)).execute();
      const auditor = await loginStaff(t, 'auditor');
      const all = await auditor.request('GET', '/api/audit/export.csv');
      expect([all.statusCode, all.json().error.code]).toEqual([400, 'export-too-large']);
      const fillers = await auditor.request('GET', '/api/audit/export.csv?action=test.filler');
      expect(fillers.statusCode).toBe(200);
      expect(fillers.body.trimEnd().split('\r\n')).toHaveLength(AUDIT_EXPORT_MAX + 1);
    } finally {
      await t.close();
    }
  });
});

describe('generated staff passwords', () => {
  it('always meet the password policy', () => {
    for (let i = 0; i < 200; i++) expect(() => assertStrongPassword(generatePassword(), ['someone'])).not.toThrow();
  });
});
