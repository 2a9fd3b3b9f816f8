import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { shanghaiDay, shanghaiMonth, shanghaiTime } from '../src/common/china-time.ts';

describe('China time', () => {
  it('starts the day at midnight in Shanghai, 16:00 UTC the day before', () => {
    expect(shanghaiDay(Date.parse('2026-12-31T15:59:59.999Z'))).toBe('2026-12-31');
    expect(shanghaiDay(Date.parse('2026-12-31T16:00:00Z'))).toBe('2027-01-01');
  });

  it('formats Shanghai time across the date line', () => {
    expect(shanghaiTime(Date.parse('2026-12-31T16:30:00Z'))).toBe('2027-01-01 00:30');
  });

  it('counts months back and forward across years', () => {
    const t = Date.parse('2026-01-15T04:00:00Z');
    expect(shanghaiMonth(t)).toBe('2026-01');
    expect(shanghaiMonth(t, -1)).toBe('2025-12');
    expect(shanghaiMonth(t, -13)).toBe('2024-12');
    expect(shanghaiMonth(t, 12)).toBe('2027-01');
  });

  it('agrees with itself: the day and time share a date, the month is the day without its date', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.parse('2000-01-01T00:00:00Z'), max: Date.parse('2099-12-31T00:00:00Z') }), (t) => {
        const day = shanghaiDay(t);
        expect(shanghaiTime(t).slice(0, 10)).toBe(day);
        expect(shanghaiMonth(t)).toBe(day.slice(0, 7));
        expect(day).toBe(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(t));
      }),
    );
  });
});
