/**
 * Enrolment and the fleet map through the API: creating a terminal at a published service
 * point (an unknown one is refused), its one-time code in the QR text the kiosk reads, the
 * roles the server lets create, re-code and revoke, and terminals counted by point and status.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EnrolmentCode, ENROLMENT_QR_SCHEME, TerminalApiPaths } from '@civic-kiosk/protocol/terminal-api';
import { FleetGroups, FleetMap } from '@civic-kiosk/protocol/staff-api';
import { DIALECTS, withApp } from '../support/app.ts';
import type { TestApp } from '../support/app.ts';
import { seedFleet } from '../support/fleet.ts';
import { loginStaff } from '../support/staff.ts';
import type { StaffClient } from '../support/staff.ts';

const POINTS = ['district-admin-centre', 'linggang-community', 'yinxing-community', 'haitang-community'];

describe.each(DIALECTS)('enrolment and the fleet map (%s)', (dialect) => {
  let t: TestApp;
  let admin: StaffClient;
  let operator: StaffClient;
  beforeAll(async () => {
    t = await withApp(dialect);
    admin = await loginStaff(t, 'admin', 'admin');
    operator = await loginStaff(t, 'operator');
    // 400 terminals on four points: numbers 99, 199, 299, 399 are down, all at haitang-community (i mod 4 = 3).
    await seedFleet(t, 400, { servicePoints: POINTS });
  });
  afterAll(async () => {
    await t.close();
  });

  it('counts terminals per published service point and status, and lists those at a point', async () => {
    const auditor = await loginStaff(t, 'auditor');
    const res = await auditor.request('GET', '/api/fleet/service-points');
    expect(res.statusCode).toBe(200);
    const map = FleetMap.parse(res.json());
    expect(map.releaseId).toEqual(expect.any(String));
    expect(map.points.length).toBe(8);
    const byId = new Map(map.points.map((p) => [p.id, p]));
    expect(byId.get('district-admin-centre')).toMatchObject({ total: 100, byStatus: { online: 100, down: 0 }, name: { en: 'Pujiang District Administrative Service Centre' } });
    expect(byId.get('haitang-community')).toMatchObject({ total: 100, byStatus: { online: 96, down: 4 } });
    expect(byId.get('civil-affairs-bureau')).toMatchObject({ total: 0 });
    expect(map.points.every((p) => p.location.lat > 31 && p.location.lng > 121)).toBe(true);

    const page = (await auditor.request('GET', '/api/terminals?servicePoint=haitang-community&status=down')).json();
    expect(page.total).toBe(4);
    expect(page.terminals.map((v: { name: string; servicePointId: string }) => [v.name, v.servicePointId])).toEqual(
      ['Kiosk 00099', 'Kiosk 00199', 'Kiosk 00299', 'Kiosk 00399'].map((n) => [n, 'haitang-community']),
    );
  });

  it('lists the groups with their terminals, leaving revoked ones out, for every staff role', async () => {
    const groups = async () => FleetGroups.parse((await (await loginStaff(t, 'content-editor')).request('GET', '/api/fleet/groups')).json()).groups;
    const before = await groups();
    expect(before.reduce((n, g) => n + g.terminals, 0)).toBeGreaterThanOrEqual(400);
    expect(before.map((g) => g.group)).toEqual([...before.map((g) => g.group)].sort());
    const made = (await admin.request('POST', '/api/terminals', { name: 'Group probe', group: 'zz-probe' })).json();
    expect((await groups()).find((g) => g.group === 'zz-probe')).toEqual({ group: 'zz-probe', terminals: 1 });
    expect((await admin.request('POST', `/api/terminals/${made.terminal.id}/revoke`)).statusCode).toBe(200);
    expect((await groups()).find((g) => g.group === 'zz-probe')).toBeUndefined();
  });

  it('creates a terminal at a service point with a one-time code whose QR text enrols the kiosk; an unknown point is refused', async () => {
    const before = (await admin.request('GET', '/api/fleet/service-points')).json() as FleetMap;
    const refused = await admin.request('POST', '/api/terminals', { name: 'Lobby X', group: 'pujiang', servicePointId: 'no-such-point' });
    expect([refused.statusCode, refused.json().error.code]).toEqual([400, 'service-point-unknown']);
    expect((await admin.request('GET', '/api/terminals?search=Lobby X')).json().total).toBe(0);

    const created = await admin.request('POST', '/api/terminals', { name: 'Civil affairs lobby 1', group: 'pujiang', location: 'Ground floor', servicePointId: 'civil-affairs-bureau' });
    expect(created.statusCode).toBe(201);
    const { terminal, enrolment } = created.json();
    expect(terminal).toMatchObject({ status: 'pending', servicePointId: 'civil-affairs-bureau', location: 'Ground floor' });
    expect(enrolment.qrPayload).toBe(`${ENROLMENT_QR_SCHEME}${t.config.publicUrl}#${enrolment.code}`);
    expect(EnrolmentCode.safeParse(enrolment.code).success).toBe(true);
    const after = (await admin.request('GET', '/api/fleet/service-points')).json() as FleetMap;
    expect(after.points.find((p) => p.id === 'civil-affairs-bureau')).toMatchObject({ total: 1, byStatus: { pending: 1 } });
    expect(after.elsewhere).toEqual(before.elsewhere);

    // A new code replaces the first; the kiosk enrols with the code it reads off the QR text.
    const next = (await operator.request('POST', `/api/terminals/${terminal.id}/enrolment-code`)).json();
    const fromQr = next.qrPayload.slice(next.qrPayload.lastIndexOf('#') + 1);
    const publicKey = 'A'.repeat(43);
    expect((await t.inject({ method: 'POST', url: TerminalApiPaths.enrol, payload: { code: enrolment.code, publicKey, appVersion: '1.4.0' } })).statusCode).toBe(400);
    expect((await t.inject({ method: 'POST', url: TerminalApiPaths.enrol, payload: { code: fromQr, publicKey, appVersion: '1.4.0' } })).statusCode).toBe(200);
  });

  it('lets only admin and operator create, re-code and revoke (the UI hides the same)', async () => {
    const created = (await operator.request('POST', '/api/terminals', { name: 'Operator lobby', group: 'pujiang' })).json();
    for (const role of ['content-editor', 'auditor'] as const) {
      const staff = await loginStaff(t, role);
      for (const [url, payload] of [
        ['/api/terminals', { name: `${role} lobby` }],
        [`/api/terminals/${created.terminal.id}/enrolment-code`, undefined],
        [`/api/terminals/${created.terminal.id}/revoke`, undefined],
      ] as const) {
        const res = await staff.request('POST', url, payload);
        expect([role, url, res.statusCode, res.json().error.code]).toEqual([role, url, 403, 'forbidden']);
      }
    }
    expect((await admin.request('GET', `/api/terminals/${created.terminal.id}`)).json().status).toBe('pending');
    expect((await admin.request('GET', '/api/terminals?search=lobby&group=default')).json().total).toBe(0);
    const revoked = await operator.request('POST', `/api/terminals/${created.terminal.id}/revoke`);
    expect(revoked.json()).toMatchObject({ status: 'revoked', servicePointId: null });
  });
});
