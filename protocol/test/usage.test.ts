import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HOUR_MS, parseUsageEvent, USAGE_LIMITS, usageEventDetail, UsageHour, UsageQuery } from '../src/common/usage.ts';

const id = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,20}$/);
const count = fc.nat({ max: 500 });

/** Any valid hourly record: funnel steps that do not grow, completions within starts, seconds within the hour. */
const usageHourArb = fc
  .record({
    hour: fc.integer({ min: 400_000, max: 600_000 }),
    revision: fc.nat({ max: 50 }),
    steps: fc.array(count, { minLength: 4, maxLength: 4 }),
    screens: fc.dictionary(id, count, { maxKeys: 10 }),
    services: fc.dictionary(id, fc.tuple(count, count), { maxKeys: 10 }),
    languages: fc.dictionary(fc.constantFrom('zh-CN', 'en', 'fr', 'yue-HK'), count),
    elderlyShare: fc.double({ min: 0, max: 1, noNaN: true }),
    attract: fc.dictionary(id, fc.tuple(count, fc.nat({ max: 300 })), { maxKeys: 12 }),
  })
  .map((r) => {
    const [attract, home, service, done] = [...r.steps].sort((a, b) => b - a) as [number, number, number, number];
    return UsageHour.parse({
      hourStart: r.hour * HOUR_MS,
      revision: r.revision,
      funnel: { attract, home, service, done },
      screens: r.screens,
      services: Object.fromEntries(Object.entries(r.services).map(([k, [a, b]]) => [k, { started: Math.max(a, b), completed: Math.min(a, b) }])),
      languages: r.languages,
      elderlySessions: Math.floor(attract * r.elderlyShare),
      attract: Object.fromEntries(Object.entries(r.attract).map(([k, [plays, seconds]]) => [k, { plays, seconds }])),
    });
  });

const sample = (): UsageHour =>
  UsageHour.parse({
    hourStart: 490_000 * HOUR_MS,
    revision: 0,
    funnel: { attract: 10, home: 8, service: 5, done: 3 },
    screens: { home: 8, bills: 4 },
    services: { bills: { started: 4, completed: 3 }, guides: { started: 2, completed: 0 } },
    languages: { 'zh-CN': 9, en: 2 },
    elderlySessions: 2,
    attract: { 'flu-jab': { plays: 12, seconds: 360 } },
  });

describe('usage record as a terminal event detail', () => {
  it('reads back exactly what was encoded, for any valid record', () => {
    fc.assert(
      fc.property(usageHourArb, (hour) => {
        const parsed = parseUsageEvent(usageEventDetail(hour));
        expect(parsed.success).toBe(true);
        expect(parsed.data).toEqual(hour);
      }),
    );
  });

  it('fits the terminal event detail: flat numbers only', () => {
    fc.assert(
      fc.property(usageHourArb, (hour) => {
        expect(Object.values(usageEventDetail(hour)).every((v) => Number.isInteger(v))).toBe(true);
      }),
    );
  });

  it('never throws on arbitrary details, and refuses them unless they are a record', () => {
    const value = fc.oneof(fc.integer(), fc.double(), fc.string({ maxLength: 20 }), fc.boolean());
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 20 }), value, { maxKeys: 30 }), (detail) => {
        const parsed = parseUsageEvent(detail);
        if (parsed.success) expect(UsageHour.safeParse(parsed.data).success).toBe(true);
      }),
    );
    expect(parseUsageEvent(undefined).success).toBe(false);
  });

  it('refuses a changed count that breaks the record, naming why', () => {
    const d = usageEventDetail(sample());
    const cases: [Record<string, unknown>, string][] = [
      [{ ...d, 'funnel.done': 6 }, 'funnel steps must not grow'],
      [{ ...d, 'completed.bills': 5 }, 'completed more often than started'],
      [{ ...d, elderly: 11 }, 'more elderly-mode sessions than sessions'],
      [{ ...d, 'seconds.flu-jab': 3601 }, ''],
      [{ ...d, hour: d.hour! + 1 }, 'hourStart must be the start of an hour'],
      [{ ...d, 'screen.home': -1 }, ''],
      [{ ...d, 'screen.home': 1.5 }, ''],
      [{ ...d, 'screen.Home': 1 }, ''],
      [{ ...d, name: 'Zhang San' }, 'unknown keys: name'],
      [{ ...d, 'card.number': 1 }, 'unknown keys: card.number'],
      [{ ...d, v: 2 }, 'unknown usage record version'],
    ];
    for (const [detail, message] of cases) {
      const parsed = parseUsageEvent(detail);
      expect(parsed.success, JSON.stringify(detail)).toBe(false);
      expect(parsed.error!.issues.map((i) => i.message).join(' | ')).toContain(message);
    }
  });

  it('bounds the size of one record', () => {
    const screens = Object.fromEntries(Array.from({ length: USAGE_LIMITS.screens + 1 }, (_, i) => [`s${i}`, 1]));
    expect(UsageHour.safeParse({ ...sample(), screens }).success).toBe(false);
    const items = Object.fromEntries(Array.from({ length: 13 }, (_, i) => [`a${i}`, { plays: 1, seconds: 300 }]));
    expect(UsageHour.safeParse({ ...sample(), attract: items }).error?.issues[0]?.message).toBe('more attract seconds than the hour has');
  });
});

describe('report query', () => {
  it('takes an inclusive range of at most 366 days, in order', () => {
    expect(UsageQuery.safeParse({ from: '2026-01-01', to: '2026-01-01' }).success).toBe(true);
    expect(UsageQuery.safeParse({ from: '2026-01-01', to: '2027-01-01' }).success).toBe(true);
    expect(UsageQuery.safeParse({ from: '2026-01-01', to: '2027-01-02' }).error?.issues[0]?.message).toBe('at most 366 days');
    expect(UsageQuery.safeParse({ from: '2026-02-01', to: '2026-01-31' }).error?.issues[0]?.message).toBe('to must not be before from');
    expect(UsageQuery.safeParse({ from: '2026-02-01', to: '2026-02-30x' }).success).toBe(false);
  });
});
