import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clockTime } from '../../src/common/clock-time.ts';

describe('clock time', () => {
  it('shows the local time as 24-hour HH:mm, as the status bar and dayparts read it', () => {
    expect(clockTime(new Date(2026, 0, 5, 0, 7))).toBe('00:07');
    expect(clockTime(new Date(2026, 0, 5, 14, 30))).toBe('14:30');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), (h, m) => {
        expect(clockTime(new Date(2026, 5, 1, h, m))).toBe(`${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
      }),
    );
  });
});
