import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../../src/common/terminal/backoff.ts';

describe('reconnect backoff', () => {
  it('grows to the ceiling and stays there, jittered within bounds', () => {
    const opts = { baseMs: 1000, maxMs: 60_000 };
    expect(backoffDelay(0, opts, () => 1)).toBe(1000);
    expect(backoffDelay(3, opts, () => 1)).toBe(8000);
    expect(backoffDelay(50, opts, () => 1)).toBe(60_000);
    expect(backoffDelay(50, opts, () => 0)).toBe(500);
  });
});
