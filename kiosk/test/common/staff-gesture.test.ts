import { describe, expect, it } from 'vitest';
import { registerTap, STAFF_GESTURE } from '../../src/common/staff-gesture.ts';

const tapAll = (times: number[]) => {
  let taps: number[] = [];
  const triggers: number[] = [];
  for (const t of times) {
    const r = registerTap(taps, t);
    taps = r.taps;
    if (r.triggered) triggers.push(t);
  }
  return triggers;
};

describe('staff gesture', () => {
  it('triggers on the fifth tap within three seconds', () => {
    expect(tapAll([0, 500, 1000, 1500, 2000])).toEqual([2000]);
  });

  it('does not trigger when the taps are spread over more than the window', () => {
    expect(tapAll([0, 800, 1600, 2400, 3200])).toEqual([]);
    expect(STAFF_GESTURE.windowMs).toBe(3000);
  });

  it('starts over after a trigger: ten quick taps open it twice, not six times', () => {
    expect(tapAll([0, 100, 200, 300, 400, 500, 600, 700, 800, 900])).toEqual([400, 900]);
  });
});
