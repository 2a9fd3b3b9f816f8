import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { shanghaiDay } from '@civic-kiosk/protocol/china-time';
import { HOUR_MS, UsageApiPaths } from '@civic-kiosk/protocol/usage';
import { DIALECTS, withApp } from '../support/app.ts';
import type { TestApp } from '../support/app.ts';
import { loginStaff } from '../support/staff.ts';
import { TestTerminal } from '../support/terminal.ts';
import { hourBefore, sendEvents, usageEvents, usageHour } from './usage-support.ts';

const DAY_MS = 24 * HOUR_MS;

describe.each(DIALECTS)('usage ingest through the terminal event outbox (%s)', (dialect) => {
  let t: TestApp;
  let kiosk: TestTerminal;
  beforeEach(async () => {
    t = await withApp(dialect, { config: { terminals: { usageHourRetentionDays: 30 } } });
    kiosk = await TestTerminal.add(t, 'xuhui');
  });
  afterEach(async () => {
    await t.close();
  });

  const funnelOf = async (from: string, to = from) => {
    const admin = await loginStaff(t, 'admin');
    const res = await admin.request('GET', `${UsageApiPaths.funnel}?from=${from}&to=${to}`);
    expect(res.statusCode).toBe(200);
    return (res.json().steps as { step: string; sessions: number }[]).map((s) => s.sessions);
  };
  const billsStarted = async (day: string) => {
    const admin = await loginStaff(t, 'admin');
    const rows = (await admin.request('GET', `${UsageApiPaths.services}?from=${day}&to=${day}`)).json().totals as { service: string; started: number }[];
    return rows.find((r) => r.service === 'bills')?.started ?? 0;
  };

  it('counts a delivered hour once when the outbox sends the same batch again, and keeps it out of the event list', async () => {
    const hour = hourBefore(t.clock.now(), 2);
    const day = shanghaiDay(hour);
    const batch = usageEvents([usageHour(hour, { funnel: { attract: 7, home: 6, service: 4, done: 3 }, services: { bills: { started: 4, completed: 3 } } })], t.clock.now());
    const first = await sendEvents(kiosk, batch);
    expect(first.json()).toEqual({ stored: 1 });
    // The answer was lost: the outbox sends the very same batch again.
    expect((await sendEvents(kiosk, batch)).json()).toEqual({ stored: 0 });
    // A terminal that rebuilt its queue after a crash sends the hour under a new event id.
    expect((await sendEvents(kiosk, usageEvents([usageHour(hour, { funnel: { attract: 7, home: 6, service: 4, done: 3 }, services: { bills: { started: 4, completed: 3 } } })], t.clock.now()))).json()).toEqual({ stored: 0 });
    expect(await funnelOf(day)).toEqual([7, 6, 4, 3]);
    expect(await billsStarted(day)).toBe(4);
    const operator = await loginStaff(t, 'operator');
    expect((await operator.request('GET', `/api/terminals/${kiosk.id}/events`)).json().events).toEqual([]);
  });

  it('counts one delivery when the same hour arrives twice at once', async () => {
    const hour = hourBefore(t.clock.now(), 3);
    const record = usageHour(hour, { funnel: { attract: 5, home: 5, service: 2, done: 2 } });
    const answers = await Promise.all([sendEvents(kiosk, usageEvents([record], 1)), sendEvents(kiosk, usageEvents([record], 2))]);
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200]);
    expect(answers.map((a) => a.json().stored as number).sort()).toEqual([0, 1]);
    expect(await funnelOf(shanghaiDay(hour))).toEqual([5, 5, 2, 2]);
  });

  it('replaces an hour with a later revision and ignores an earlier one arriving late', async () => {
    const hour = hourBefore(t.clock.now(), 2);
    const day = shanghaiDay(hour);
    const rev = (revision: number, attract: number, started: number) =>
      usageHour(hour, { revision, funnel: { attract, home: attract, service: started > 0 ? 1 : 0 }, services: started > 0 ? { bills: { started, completed: 0 } } : {} });
    expect((await sendEvents(kiosk, usageEvents([rev(1, 4, 2)], 1))).json()).toEqual({ stored: 1 });
    expect((await sendEvents(kiosk, usageEvents([rev(3, 9, 5)], 2))).json()).toEqual({ stored: 1 });
    expect((await sendEvents(kiosk, usageEvents([rev(2, 6, 3)], 3))).json()).toEqual({ stored: 0 });
    expect(await funnelOf(day)).toEqual([9, 9, 1, 0]);
    expect(await billsStarted(day)).toBe(5);
    // A later revision may also take a service back out of the day.
    expect((await sendEvents(kiosk, usageEvents([rev(4, 9, 0)], 4))).json()).toEqual({ stored: 1 });
    expect(await billsStarted(day)).toBe(0);
  });

  it('keeps an unreadable usage record as an ordinary event for staff, without blocking the rest of the batch', async () => {
    const hour = hourBefore(t.clock.now(), 1);
    const good = usageEvents([usageHour(hour, { funnel: { attract: 2, home: 1 } })], 1)[0]!;
    const bad = { id: 'bad-usage', type: 'usage-hour', at: 2, detail: { v: 1, hour, rev: 0, elderly: 0, 'funnel.attract': 1, 'funnel.home': 3, 'funnel.service': 0, 'funnel.done': 0 } };
    const other = { id: 'pin', type: 'staff-pin-used', at: 3, detail: { role: 'operator' } };
    const res = await sendEvents(kiosk, [good, bad, other]);
    expect(res.json()).toEqual({ stored: 3 });
    const operator = await loginStaff(t, 'operator');
    const events = (await operator.request('GET', `/api/terminals/${kiosk.id}/events`)).json().events as { id: string }[];
    expect(events.map((e) => e.id).sort()).toEqual(['bad-usage', 'pin']);
    expect(await funnelOf(shanghaiDay(hour))).toEqual([2, 1, 0, 0]);
  });

  it('ignores hours older than the kept records or ahead of the clock', async () => {
    const now = t.clock.now();
    const old = hourBefore(now, 31 * 24);
    const ahead = hourBefore(now, -3);
    const res = await sendEvents(kiosk, usageEvents([usageHour(old, { funnel: { attract: 5 } }), usageHour(ahead, { funnel: { attract: 6 } })], now));
    expect(res.json()).toEqual({ stored: 0 });
    expect(await funnelOf(shanghaiDay(old), shanghaiDay(ahead))).toEqual([0, 0, 0, 0]);
  });

  it('deletes hourly records after their days and keeps the daily totals, which a late re-send cannot inflate', async () => {
    const hour = hourBefore(t.clock.now(), 2);
    const day = shanghaiDay(hour);
    const record = usageHour(hour, { funnel: { attract: 3, home: 3, service: 1, done: 1 }, services: { bills: { started: 1, completed: 1 } } });
    await sendEvents(kiosk, usageEvents([record], 1));
    await sendEvents(kiosk, usageEvents([usageHour(hourBefore(t.clock.now(), 1), { screens: { home: 1 } })], 2));
    // 30 days on, the hour 30 days ago is the oldest kept: the one before it goes.
    t.clock.advance(30 * DAY_MS - HOUR_MS);
    expect(await t.services.usageRetention.prune()).toBe(1);
    expect(await t.services.db.selectFrom('usage_hours').select('hour_start').execute()).toEqual([{ hour_start: hourBefore(t.clock.now() - 30 * DAY_MS, 0) }]);
    expect(await funnelOf(day)).toEqual([3, 3, 1, 1]);
    expect((await sendEvents(kiosk, usageEvents([{ ...record, revision: 5 }], 3))).json()).toEqual({ stored: 0 });
    expect(await funnelOf(day)).toEqual([3, 3, 1, 1]);
  });

  it('deletes in batches until nothing old is left', async () => {
    await t.close();
    t = await withApp(dialect, { config: { terminals: { usageHourRetentionDays: 1, retentionBatchRows: 2 } } });
    kiosk = await TestTerminal.add(t, 'xuhui');
    const hours = Array.from({ length: 5 }, (_, i) => usageHour(hourBefore(t.clock.now(), i + 1), { funnel: { attract: 1 } }));
    expect((await sendEvents(kiosk, usageEvents(hours, 1))).json()).toEqual({ stored: 5 });
    t.clock.advance(DAY_MS + 2 * HOUR_MS);
    expect(await t.services.usageRetention.prune()).toBe(5);
    expect(await t.services.db.selectFrom('usage_hours').select('hour_start').execute()).toEqual([]);
  });
});
