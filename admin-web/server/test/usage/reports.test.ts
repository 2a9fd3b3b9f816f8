import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR_MS, USAGE_REPORTS, UsageApiPaths } from '@civic-kiosk/protocol/usage';
import { STAFF_ROLES } from '@civic-kiosk/protocol/staff-api';
import { DIALECTS, withApp } from '../support/app.ts';
import type { TestApp } from '../support/app.ts';
import { loginStaff, type StaffClient } from '../support/staff.ts';
import { TestTerminal } from '../support/terminal.ts';
import { sendEvents, usageEvents, usageHour } from './usage-support.ts';

const DAY_MS = 24 * HOUR_MS;
/** The instant a China-time day starts. */
const dayStart = (day: string) => Date.parse(`${day}T00:00:00+08:00`);
const dayAfter = (day: string) => new Date(Date.parse(day) + DAY_MS).toISOString().slice(0, 10);

describe.each(DIALECTS)('usage reports (%s)', (dialect) => {
  let t: TestApp;
  let admin: StaffClient;
  let east1: TestTerminal, east2: TestTerminal, west3: TestTerminal;
  let d0: string, d1: string, d2: string;

  beforeAll(async () => {
    t = await withApp(dialect);
    [east1, east2, west3] = [await TestTerminal.add(t, 'east'), await TestTerminal.add(t, 'east'), await TestTerminal.add(t, 'west')];
    // A name someone typed to run in a spreadsheet.
    await t.services.db.updateTable('terminals').set({ name: '=HYPERLINK("http://x")' }).where('id', '=', west3.id).execute();
    d1 = new Date(t.clock.now() - 3 * DAY_MS + 8 * HOUR_MS).toISOString().slice(0, 10);
    d0 = new Date(Date.parse(d1) - DAY_MS).toISOString().slice(0, 10);
    d2 = dayAfter(d1);
    const at = (day: string, hour: number) => dayStart(day) + hour * HOUR_MS;
    await sendEvents(east1, usageEvents([
      usageHour(at(d1, 9), {
        funnel: { attract: 10, home: 8, service: 5, done: 3 },
        services: { bills: { started: 4, completed: 3 }, guides: { started: 2, completed: 1 } },
        languages: { 'zh-CN': 9, en: 2 },
        elderlySessions: 2,
        screens: { home: 8, bills: 4 },
        attract: { 'flu-jab': { plays: 12, seconds: 360 } },
      }),
      // Midnight China time starts the next day (16:00 UTC the day before).
      usageHour(at(d2, 0), { funnel: { attract: 4, home: 4, service: 2, done: 1 }, services: { bills: { started: 2, completed: 1 } }, attract: { 'flu-jab': { plays: 6, seconds: 180 }, 'tax-help': { plays: 3, seconds: 90 } } }),
    ], 1));
    await sendEvents(east2, usageEvents([usageHour(at(d1, 23), { funnel: { attract: 6, home: 5, service: 3, done: 3 }, services: { bills: { started: 3, completed: 3 } }, attract: { 'tax-help': { plays: 5, seconds: 150 } } })], 1));
    await sendEvents(west3, usageEvents([
      usageHour(at(d2, 15), { funnel: { attract: 2, home: 2, service: 1, done: 0 }, services: { guides: { started: 1, completed: 0 } }, attract: { 'flu-jab': { plays: 2, seconds: 60 } } }),
      // The last hour of the day before d1.
      usageHour(at(d1, -1), { funnel: { attract: 1, home: 1 } }),
    ], 1));
    admin = await loginStaff(t, 'admin');
  });
  afterAll(async () => {
    await t.close();
  });

  const get = async (url: string, who = admin) => {
    const res = await who.request('GET', url);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const range = () => `from=${d1}&to=${d2}`;

  it('shows service use per day, per terminal and per group, with totals', async () => {
    const byDay = await get(`${UsageApiPaths.services}?${range()}`);
    expect(byDay.rows).toEqual([
      { key: d1, label: d1, service: 'bills', started: 7, completed: 6 },
      { key: d1, label: d1, service: 'guides', started: 2, completed: 1 },
      { key: d2, label: d2, service: 'bills', started: 2, completed: 1 },
      { key: d2, label: d2, service: 'guides', started: 1, completed: 0 },
    ]);
    expect(byDay.totals).toEqual([
      { service: 'bills', started: 9, completed: 7 },
      { service: 'guides', started: 3, completed: 1 },
    ]);
    const byGroup = await get(`${UsageApiPaths.services}?${range()}&by=group`);
    expect(byGroup.rows).toEqual([
      { key: 'east', label: 'east', service: 'bills', started: 9, completed: 7 },
      { key: 'east', label: 'east', service: 'guides', started: 2, completed: 1 },
      { key: 'west', label: 'west', service: 'guides', started: 1, completed: 0 },
    ]);
    const byTerminal = await get(`${UsageApiPaths.services}?${range()}&by=terminal&group=east&service=bills`);
    expect(byTerminal.rows.map((r: { key: string; started: number }) => [r.key, r.started]).sort()).toEqual([[east1.id, 6], [east2.id, 3]].sort());
    expect(byTerminal.rows.find((r: { key: string }) => r.key === east1.id).label).toBe(east1.name);
    expect((await get(`${UsageApiPaths.services}?from=${d0}&to=${d0}`)).rows).toEqual([]);
  });

  it('shows the funnel with the drop-off at each step, for all, one group and service, or one terminal', async () => {
    const all = await get(`${UsageApiPaths.funnel}?${range()}`);
    expect(all).toEqual({
      from: d1,
      to: d2,
      service: null,
      steps: [
        { step: 'attract', sessions: 22, dropOff: 0, dropOffRate: 0 },
        { step: 'home', sessions: 19, dropOff: 3, dropOffRate: 3 / 22 },
        { step: 'service', sessions: 11, dropOff: 8, dropOffRate: 8 / 19 },
        { step: 'done', sessions: 7, dropOff: 4, dropOffRate: 4 / 11 },
      ],
    });
    const bills = await get(`${UsageApiPaths.funnel}?${range()}&group=east&service=bills`);
    expect(bills.steps.map((s: { sessions: number }) => s.sessions)).toEqual([20, 17, 9, 7]);
    const dayBefore = await get(`${UsageApiPaths.funnel}?from=${d0}&to=${d0}&terminal=${west3.id}`);
    expect(dayBefore.steps.map((s: { sessions: number }) => s.sessions)).toEqual([1, 1, 0, 0]);
    expect(dayBefore.steps[2].dropOffRate).toBe(1);
    expect(dayBefore.steps[3].dropOffRate).toBe(0);
  });

  it('proves play per content item: plays, seconds and how many terminals, also per terminal and per day', async () => {
    expect((await get(`${UsageApiPaths.plays}?${range()}`)).rows).toEqual([
      { item: 'flu-jab', key: 'flu-jab', label: 'flu-jab', plays: 20, seconds: 600, terminals: 2 },
      { item: 'tax-help', key: 'tax-help', label: 'tax-help', plays: 8, seconds: 240, terminals: 2 },
    ]);
    const perTerminal = await get(`${UsageApiPaths.plays}?${range()}&by=terminal&item=flu-jab`);
    expect(perTerminal.rows.map((r: { key: string; plays: number; seconds: number }) => [r.key, r.plays, r.seconds]).sort()).toEqual([[east1.id, 18, 540], [west3.id, 2, 60]].sort());
    const perDay = await get(`${UsageApiPaths.plays}?${range()}&by=day&group=east`);
    expect(perDay.rows.map((r: { item: string; key: string; plays: number }) => `${r.item} ${r.key} ${r.plays}`)).toEqual([`flu-jab ${d1} 12`, `flu-jab ${d2} 6`, `tax-help ${d1} 5`, `tax-help ${d2} 3`]);
  });

  it('shows sessions and elderly-mode sessions per day, languages and screens', async () => {
    expect(await get(`${UsageApiPaths.sessions}?${range()}`)).toEqual({
      from: d1,
      to: d2,
      days: [
        { day: d1, sessions: 16, elderlySessions: 2 },
        { day: d2, sessions: 6, elderlySessions: 0 },
      ],
      languages: [
        { lang: 'en', sessions: 2 },
        { lang: 'zh-CN', sessions: 9 },
      ],
      screens: [
        { screen: 'bills', shown: 4 },
        { screen: 'home', shown: 8 },
      ],
    });
  });

  it('exports each report as CSV with formula-like cells neutralised', async () => {
    const res = await admin.request('GET', `${UsageApiPaths.csv('services')}?${range()}&by=terminal&group=west`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="usage-services-${d1}-${d2}-west.csv"`);
    expect(res.body).toBe(`\uFEFFterminal,label,service,started,completed\r\n${west3.id},"'=HYPERLINK(""http://x"")",guides,1,0\r\n`);
    const funnelCsv = (await admin.request('GET', `${UsageApiPaths.csv('funnel')}?${range()}&service=bills`)).body;
    expect(funnelCsv.split('\r\n').slice(0, 3)).toEqual(['\uFEFFstep,service,sessions,dropOff,dropOffRate', 'attract,bills,22,0,0.0000', 'home,bills,19,3,0.1364']);
    const playsCsv = (await admin.request('GET', `${UsageApiPaths.csv('plays')}?${range()}`)).body;
    expect(playsCsv).toBe('\uFEFFitem,plays,seconds,terminals\r\nflu-jab,20,600,2\r\ntax-help,8,240,2\r\n');
    const sessionsCsv = (await admin.request('GET', `${UsageApiPaths.csv('sessions')}?${range()}`)).body;
    expect(sessionsCsv.split('\r\n')).toContain(`elderlySessions,${d1},2`);
    expect(sessionsCsv.split('\r\n')).toContain('language,zh-CN,9');
  });

  it('lets every staff role read every report and nobody without a session', async () => {
    for (const role of STAFF_ROLES) {
      const who = await loginStaff(t, role);
      for (const report of USAGE_REPORTS) {
        expect((await who.request('GET', `${UsageApiPaths[report]}?${range()}`)).statusCode, `${role} ${report}`).toBe(200);
        expect((await who.request('GET', `${UsageApiPaths.csv(report)}?${range()}`)).statusCode, `${role} ${report}.csv`).toBe(200);
      }
    }
    for (const report of USAGE_REPORTS) expect((await t.inject({ method: 'GET', url: `${UsageApiPaths[report]}?${range()}` })).statusCode).toBe(401);
  });

  it('refuses a bad range or filter with the field it concerns', async () => {
    const cases: [string, string][] = [
      [`${UsageApiPaths.funnel}?from=${d2}&to=${d1}`, 'to'],
      [`${UsageApiPaths.funnel}?from=2025-01-01&to=2026-06-01`, 'to'],
      [`${UsageApiPaths.services}?${range()}&by=week`, 'by'],
      [`${UsageApiPaths.plays}?${range()}&item=Not%20An%20Id`, 'item'],
      [`${UsageApiPaths.csv('sessions')}?from=yesterday&to=${d1}`, 'from'],
    ];
    for (const [url, field] of cases) {
      const res = await admin.request('GET', url);
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error.details.map((d: { path: string }) => d.path), url).toContain(field);
    }
  });
});
