import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiDay } from '@civic-kiosk/protocol/china-time';
import type { UsageHour } from '@civic-kiosk/protocol/usage';
import { funnel, serviceUse } from '../../src/usage/reports.ts';
import { DIALECTS, withApp } from '../support/app.ts';
import type { TestApp } from '../support/app.ts';
import { TestTerminal } from '../support/terminal.ts';
import { hourBefore, usageHour } from './usage-support.ts';

/** One delivery: a revision of one of a few hours, with what it counts. */
const delivery = fc.record({
  hour: fc.integer({ min: 0, max: 3 }),
  revision: fc.integer({ min: 0, max: 4 }),
  attract: fc.nat({ max: 30 }),
  started: fc.nat({ max: 10 }),
});

describe.each(DIALECTS)('usage records count exactly once whatever the order and repeats of delivery (%s)', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await withApp(dialect);
  });
  afterAll(async () => {
    await t.close();
  });

  it('leaves the daily totals equal to the newest revision of each hour', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(fc.array(delivery, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 4 }), async (waves) => {
        const batches = waves.flat();
        const kiosk = await TestTerminal.add(t, 'prop');
        // A revision of an hour is one record: its first delivery says what it counts, repeats resend it.
        const record = (d: { hour: number; revision: number }): UsageHour => {
          const first = batches.flat().find((x) => x.hour === d.hour && x.revision === d.revision)!;
          return usageHour(hourBefore(t.clock.now(), 2 + d.hour * 7), {
            revision: d.revision,
            funnel: { attract: first.attract, home: first.attract, service: Math.min(first.attract, first.started) },
            services: first.started > 0 ? { bills: { started: first.started, completed: 0 } } : {},
          });
        };
        // Waves one after another; the batches of a wave at once (a retry racing the original).
        for (const wave of waves) await Promise.all(wave.map((b) => t.services.usage.ingest(kiosk.id, b.map(record))));
        const newest = new Map<number, UsageHour>();
        for (const d of batches.flat()) {
          const r = record(d);
          if ((newest.get(d.hour)?.revision ?? -1) < r.revision) newest.set(d.hour, r);
        }
        const days = [...newest.values()].map((h) => shanghaiDay(h.hourStart)).sort();
        const q = { from: days[0]!, to: days.at(-1)!, terminal: kiosk.id };
        const expectedAttract = [...newest.values()].reduce((n, h) => n + h.funnel.attract, 0);
        const expectedStarted = [...newest.values()].reduce((n, h) => n + (h.services.bills?.started ?? 0), 0);
        expect((await funnel(t.services.db, q)).steps[0]!.sessions).toBe(expectedAttract);
        expect((await serviceUse(t.services.db, { ...q, by: 'day' })).totals.find((s) => s.service === 'bills')?.started ?? 0).toBe(expectedStarted);
      }),
      { numRuns: 25 },
    );
  });
});

describe('usage records from one terminal reaching two instances at once (postgres)', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    a = await withApp('postgres');
    b = await withApp('postgres', { shareWith: a });
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  it('moves each day by exactly what each replaced revision held, whichever instance commits first', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 5 }), fc.boolean()), { minLength: 2, maxLength: 16 }), async (deliveries) => {
        const kiosk = await TestTerminal.add(a, 'race');
        const record = (hour: number, revision: number) =>
          usageHour(hourBefore(a.clock.now(), 2 + hour), { revision, funnel: { attract: 1 + revision * 3 + hour } });
        // Every delivery its own request, half through each instance, all in flight together.
        await Promise.all(deliveries.map(([hour, revision, viaB]) => (viaB ? b : a).services.usage.ingest(kiosk.id, [record(hour, revision)])));
        const newest = new Map<number, number>();
        for (const [hour, revision] of deliveries) newest.set(hour, Math.max(newest.get(hour) ?? -1, revision));
        const expected = [...newest].reduce((n, [hour, revision]) => n + record(hour, revision).funnel.attract, 0);
        const days = [...newest.keys()].map((h) => shanghaiDay(record(h, 0).hourStart)).sort();
        expect((await funnel(a.services.db, { from: days[0]!, to: days.at(-1)!, terminal: kiosk.id })).steps[0]!.sessions).toBe(expected);
      }),
      { numRuns: 30 },
    );
  });
});
