import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ELDERLY_TIME_FACTOR, idleConfigFor, idlePhase } from '../../src/common/idle.ts';

const config = { timeoutMs: 60_000, warningMs: 20_000 };

describe('idlePhase', () => {
  it('stays active until the timeout, then counts down, then expires', () => {
    expect(idlePhase(0, 59_999, config)).toEqual({ phase: 'active' });
    expect(idlePhase(0, 60_000, config)).toEqual({ phase: 'warning', remainingMs: 20_000 });
    expect(idlePhase(0, 75_500, config)).toEqual({ phase: 'warning', remainingMs: 4_500 });
    expect(idlePhase(0, 80_000, config)).toEqual({ phase: 'expired' });
  });

  it('restarts from the last touch', () => {
    expect(idlePhase(70_000, 100_000, config)).toEqual({ phase: 'active' });
  });

  it('treats a clock that went backwards as activity just now, never as expiry', () => {
    expect(idlePhase(100_000, 50_000, config)).toEqual({ phase: 'active' });
  });

  it('never shows more countdown than the warning time, and expires only after timeout + warning', () => {
    fc.assert(
      fc.property(fc.nat(1e9), fc.nat(1e9), (last, now) => {
        const p = idlePhase(last, now, config);
        if (p.phase === 'warning') {
          expect(p.remainingMs).toBeGreaterThan(0);
          expect(p.remainingMs).toBeLessThanOrEqual(config.warningMs);
        }
        if (p.phase === 'expired') expect(now - last).toBeGreaterThanOrEqual(config.timeoutMs + config.warningMs);
      }),
    );
  });

  it('gives elderly mode more time for both the timeout and the countdown', () => {
    expect(idleConfigFor(config, true)).toEqual({ timeoutMs: 60_000 * ELDERLY_TIME_FACTOR, warningMs: 20_000 * ELDERLY_TIME_FACTOR });
    expect(idleConfigFor(config, false)).toEqual(config);
  });
});
