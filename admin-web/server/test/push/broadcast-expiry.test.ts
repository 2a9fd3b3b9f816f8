import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS, withApp } from '../support/app.ts';
import type { TestApp } from '../support/app.ts';
import { loginStaff } from '../support/staff.ts';
import type { StaffClient } from '../support/staff.ts';
import { TestTerminal, listen } from '../support/terminal.ts';

const EMERGENCY = { level: 'info', title: { 'zh-CN': '系统维护', en: 'Maintenance' }, body: { 'zh-CN': '今晚 22:00 起暂停缴费。', en: 'Payments pause from 22:00 tonight.' } } as const;
const MINUTE = 60_000;

describe.each(DIALECTS)('emergency broadcast expiry (%s)', (dialect) => {
  let t: TestApp;
  let operator: StaffClient;
  beforeEach(async () => {
    t = await withApp(dialect);
    operator = await loginStaff(t, 'operator');
  });
  afterEach(async () => {
    await t.close();
  });

  it('refuses an expiry in the past or beyond seven days, and a broadcast from a read-only role', async () => {
    for (const expiresAt of [t.clock.now(), t.clock.now() + 7 * 24 * 60 * MINUTE + 1]) {
      const res = await operator.request('POST', '/api/broadcasts/emergency', { ...EMERGENCY, expiresAt });
      expect([res.statusCode, res.json().error.code]).toEqual([400, 'broadcast-expiry-invalid']);
    }
    const auditor = await loginStaff(t, 'auditor');
    expect((await auditor.request('POST', '/api/broadcasts/emergency', EMERGENCY)).statusCode).toBe(403);
    expect((await auditor.request('GET', '/api/broadcasts/emergency')).json().broadcasts).toEqual([]);
  });

  it('ends a broadcast by itself at its expiry: terminals get emergency-off once', async () => {
    const kiosk = await TestTerminal.enrol(t);
    await kiosk.heartbeat();
    const push = await kiosk.openPush(await listen(t));
    try {
      const started = (await operator.request('POST', '/api/broadcasts/emergency', { ...EMERGENCY, expiresAt: t.clock.now() + 10 * MINUTE })).json();
      expect(started.expiresAt).toBe(t.clock.now() + 10 * MINUTE);
      const [on] = await push.waitFor((c) => c.some((x) => x.kind === 'emergency-on'));
      expect(on!.expiresAt).toBe(started.expiresAt);
      t.clock.advance(10 * MINUTE - 1);
      await t.services.monitor.tick();
      expect((await operator.request('GET', '/api/broadcasts/emergency')).json().broadcasts[0].endedAt).toBe(null);
      t.clock.advance(1);
      await t.services.monitor.tick();
      await t.services.monitor.tick();
      const [ended] = (await operator.request('GET', '/api/broadcasts/emergency')).json().broadcasts;
      expect([ended.endedAt, ended.endedBy]).toEqual([t.clock.now(), 'system:system']);
      await push.waitFor((c) => c.some((x) => x.kind === 'emergency-off'));
      expect((await t.services.commands.list(kiosk.id, 10)).filter((c) => c.kind === 'emergency-off')).toHaveLength(1);
    } finally {
      push.close();
    }
  });
});
