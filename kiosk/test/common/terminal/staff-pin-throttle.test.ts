import { describe, expect, it } from 'vitest';
import { DEFAULT_STAFF_PIN_POLICY, INITIAL_THROTTLE, throttleAfter, throttleGate } from '../../../src/common/terminal/staff-pin-throttle.ts';

describe('staff PIN throttle', () => {
  it('makes each wrong try wait longer and locks after the maximum', () => {
    let s = INITIAL_THROTTLE;
    let now = 0;
    const waits: number[] = [];
    for (let i = 0; i < DEFAULT_STAFF_PIN_POLICY.maxTries; i++) {
      const gate = throttleGate(s, now);
      expect(gate.allowed).toBe(true);
      s = throttleAfter(s, false, now);
      const after = throttleGate(s, now);
      if (after.allowed) throw new Error('should wait');
      waits.push(after.retryAfterSeconds);
      expect(after.locked).toBe(i === DEFAULT_STAFF_PIN_POLICY.maxTries - 1);
      now = s.blockedUntil;
    }
    expect(waits).toEqual([1, 2, 4, 8, DEFAULT_STAFF_PIN_POLICY.lockSeconds]);
  });

  it('refuses a try during the wait and starts over after a correct PIN', () => {
    const s = throttleAfter(INITIAL_THROTTLE, false, 1000);
    expect(throttleGate(s, 1500)).toEqual({ allowed: false, locked: false, retryAfterSeconds: 1 });
    expect(throttleAfter(s, true, 5000)).toEqual(INITIAL_THROTTLE);
  });
});
