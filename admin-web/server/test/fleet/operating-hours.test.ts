import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OperatingHours } from '@civic-kiosk/protocol/staff-live';
import { withinHours } from '../../src/fleet/operating-hours.ts';
import { DIALECTS, withApp } from '../support/app.ts';
import type { TestApp, TestClock } from '../support/app.ts';
import { loginStaff } from '../support/staff.ts';
import type { StaffClient } from '../support/staff.ts';
import { TestTerminal } from '../support/terminal.ts';

const WEEKDAYS = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 } as const;
const shanghai = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** ISO weekday and `HH:MM` of an instant in Shanghai, by the platform's time-zone data. */
function shanghaiClock(ms: number): { weekday: number; clock: string } {
  const parts = Object.fromEntries(shanghai.formatToParts(ms).map((p) => [p.type, p.value]));
  return { weekday: WEEKDAYS[parts.weekday as keyof typeof WEEKDAYS], clock: `${parts.hour}:${parts.minute}` };
}

/** Moves the clock forward to the next `weekday` at `clock` China time. */
function advanceTo(c: TestClock, weekday: number, clock: string): void {
  // Whole minutes first, then minute by minute: no arithmetic shared with the code under test.
  c.advance(60_000 - (c.now() % 60_000));
  for (let i = 0; i < 8 * 24 * 60; i++) {
    const now = shanghaiClock(c.now());
    if (now.weekday === weekday && now.clock === clock) return;
    c.advance(60_000);
  }
  throw new Error('unreachable clock');
}

const WEEKDAY_HOURS = { days: [1, 2, 3, 4, 5], opensAt: '08:00', closesAt: '20:00' };

describe('operating hours', () => {
  const clockTime = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
  const hours = fc
    .record({ days: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }), opensAt: clockTime, closesAt: fc.oneof(clockTime, fc.constant('24:00')) })
    .filter((h) => h.opensAt < h.closesAt);

  it('is open exactly on its days between opening and closing, China time, at any instant', () => {
    fc.assert(
      fc.property(hours, fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 0, 1) }), (h, at) => {
        const { weekday, clock } = shanghaiClock(at);
        expect(withinHours(h, at)).toBe(h.days.includes(weekday) && clock >= h.opensAt && clock < h.closesAt);
      }),
      { numRuns: 2_000 },
    );
  });

  it('knows the edges of Mon–Fri 08:00–20:00', () => {
    // Monday 2026-12-07 in Shanghai; 08:00 there is 00:00 UTC.
    const monday8 = Date.UTC(2026, 11, 7, 0, 0);
    expect([monday8 - 1, monday8, monday8 + 12 * 3_600_000 - 1, monday8 + 12 * 3_600_000, monday8 - 2 * 24 * 3_600_000].map((at) => withinHours(WEEKDAY_HOURS, at))).toEqual([false, true, true, false, false]);
  });

  it('accepts only well-formed hours', () => {
    for (const bad of [
      { ...WEEKDAY_HOURS, opensAt: '8:00' },
      { ...WEEKDAY_HOURS, closesAt: '24:01' },
      { ...WEEKDAY_HOURS, opensAt: '20:00', closesAt: '08:00' },
      { ...WEEKDAY_HOURS, days: [] },
      { ...WEEKDAY_HOURS, days: [1, 1] },
      { ...WEEKDAY_HOURS, days: [0] },
    ]) {
      expect(OperatingHours.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
    expect(OperatingHours.parse({ days: [7], opensAt: '00:00', closesAt: '24:00' })).toBeTruthy();
  });
});

describe.each(DIALECTS)('down alerts and operating hours (%s)', (dialect) => {
  let t: TestApp;
  let operator: StaffClient;
  beforeEach(async () => {
    t = await withApp(dialect, { config: { terminals: { heartbeatIntervalMs: 10_000 } } });
    operator = await loginStaff(t, 'operator');
  });
  afterEach(async () => {
    await t.close();
  });

  // Days pass in these tests: a fresh session each time.
  const openAlerts = async () =>
    ((await (await loginStaff(t, 'operator')).request('GET', '/api/alerts?open=true')).json().alerts as { terminalName: string; kind: string; openedAt: number }[]).map((a) => `${a.terminalName}:${a.kind}`).sort();

  it('holds a down alert while its group is closed and raises it when the hours begin if the terminal is still down', async () => {
    expect((await operator.request('PUT', '/api/alerts/hours/xuhui', WEEKDAY_HOURS)).statusCode).toBe(200);
    advanceTo(t.clock, WEEKDAYS.Sat, '10:00');
    const office = await TestTerminal.enrol(t, { name: 'Xuhui office', group: 'xuhui' });
    const back = await TestTerminal.enrol(t, { name: 'Xuhui back by Monday', group: 'xuhui' });
    const always = await TestTerminal.enrol(t, { name: 'Minhang 24h', group: 'minhang' });
    for (const k of [office, back, always]) await k.heartbeat();
    t.clock.advance(31_000);
    await t.services.monitor.tick();
    expect(await openAlerts()).toEqual(['Minhang 24h:down']);

    advanceTo(t.clock, WEEKDAYS.Mon, '07:59');
    await t.services.monitor.tick();
    expect(await openAlerts()).toEqual(['Minhang 24h:down']);
    // One terminal is back as the hours begin: it raises nothing; the one still down does.
    advanceTo(t.clock, WEEKDAYS.Mon, '08:00');
    await back.heartbeat();
    await t.services.monitor.tick();
    expect(await openAlerts()).toEqual(['Minhang 24h:down', 'Xuhui office:down']);
    const raised = (await (await loginStaff(t, 'operator')).request('GET', '/api/alerts?open=true')).json().alerts.find((a: { terminalName: string }) => a.terminalName === 'Xuhui office');
    expect(raised.openedAt).toBe(t.clock.now());

    // When the hours end, an alert already raised stays open until the terminal is back.
    advanceTo(t.clock, WEEKDAYS.Mon, '20:00');
    await t.services.monitor.tick();
    expect(await openAlerts()).toEqual(['Minhang 24h:down', 'Xuhui office:down']);
    await office.heartbeat();
    await t.services.monitor.tick();
    expect(await openAlerts()).toEqual(['Minhang 24h:down']);

    // Without hours the group alerts at any time again.
    expect((await (await loginStaff(t, 'operator')).request('DELETE', '/api/alerts/hours/xuhui')).statusCode).toBe(200);
    await t.services.monitor.tick();
    expect(await openAlerts()).toEqual(['Minhang 24h:down', 'Xuhui back by Monday:down']);
  });

  it('keeps who acknowledged an alert and when, audited; refuses a second acknowledgement and a resolved alert', async () => {
    const kiosk = await TestTerminal.enrol(t);
    await kiosk.heartbeat();
    t.clock.advance(31_000);
    await t.services.monitor.tick();
    const [alert] = (await operator.request('GET', '/api/alerts?open=true')).json().alerts;
    expect([alert.acknowledgedAt, alert.acknowledgedBy]).toEqual([null, null]);

    const acked = await operator.request('POST', `/api/alerts/${alert.id}/acknowledge`);
    expect([acked.statusCode, acked.json().acknowledgedBy, acked.json().acknowledgedAt]).toEqual([200, 'staff:operator-user', t.clock.now()]);
    const admin = await loginStaff(t, 'admin', 'second-admin');
    const again = await admin.request('POST', `/api/alerts/${alert.id}/acknowledge`);
    expect([again.statusCode, again.json().error.code]).toEqual([409, 'alert-acknowledged']);
    const audit = await t.services.db.selectFrom('audit_log').select(['action', 'actor_name', 'target_id']).where('action', '=', 'alert.acknowledge').execute();
    expect(audit).toEqual([{ action: 'alert.acknowledge', actor_name: 'operator-user', target_id: String(alert.id) }]);

    await kiosk.heartbeat();
    await t.services.monitor.tick();
    const resolved = (await operator.request('GET', '/api/alerts?open=false')).json();
    expect([resolved.alerts.length, resolved.open, resolved.alerts[0].acknowledgedBy]).toEqual([1, 0, 'staff:operator-user']);
    t.clock.advance(31_000);
    await t.services.monitor.tick();
    const [second] = (await operator.request('GET', '/api/alerts?open=true')).json().alerts;
    await kiosk.heartbeat();
    await t.services.monitor.tick();
    const late = await operator.request('POST', `/api/alerts/${second.id}/acknowledge`);
    expect([late.statusCode, late.json().error.code]).toEqual([409, 'alert-resolved']);
    expect((await operator.request('POST', '/api/alerts/999999/acknowledge')).statusCode).toBe(404);
  });

  it('lets only fleet operators change hours and acknowledge, and only fleet watchers read alerts', async () => {
    const auditor = await loginStaff(t, 'auditor');
    const editor = await loginStaff(t, 'content-editor');
    expect((await auditor.request('GET', '/api/alerts')).statusCode).toBe(200);
    expect((await auditor.request('GET', '/api/alerts/hours')).statusCode).toBe(200);
    for (const [who, method, url, body] of [
      [auditor, 'PUT', '/api/alerts/hours/xuhui', WEEKDAY_HOURS],
      [auditor, 'DELETE', '/api/alerts/hours/xuhui', undefined],
      [auditor, 'POST', '/api/alerts/1/acknowledge', undefined],
      [editor, 'GET', '/api/alerts', undefined],
      [editor, 'GET', '/api/alerts/hours', undefined],
      [editor, 'GET', '/api/broadcasts/emergency', undefined],
    ] as const) {
      const res = await who.request(method, url, body);
      expect([who.role, method, url, res.statusCode, res.json().error.code]).toEqual([who.role, method, url, 403, 'forbidden']);
    }
    const bad = await operator.request('PUT', '/api/alerts/hours/xuhui', { ...WEEKDAY_HOURS, closesAt: '07:00' });
    expect([bad.statusCode, bad.json().error.code]).toEqual([400, 'validation-failed']);
    expect((await operator.request('DELETE', '/api/alerts/hours/nowhere')).statusCode).toBe(404);

    await operator.request('PUT', '/api/alerts/hours/xuhui', WEEKDAY_HOURS);
    const listed = (await auditor.request('GET', '/api/alerts/hours')).json().groups;
    expect(listed).toEqual([{ group: 'xuhui', hours: WEEKDAY_HOURS, updatedAt: t.clock.now(), updatedBy: 'staff:operator-user' }]);
    const audit = await t.services.db.selectFrom('audit_log').select(['action', 'target_id']).where('action', 'like', 'alert-hours.%').execute();
    expect(audit).toEqual([{ action: 'alert-hours.set', target_id: 'xuhui' }]);
  });
});
