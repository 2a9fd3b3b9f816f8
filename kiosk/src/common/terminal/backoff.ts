/**
 * Reconnect delays: exponential from `baseMs` to `maxMs` with full jitter, so a fleet that
 * lost its server does not come back in lockstep. `random` is passed in for tests.
 */
export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
}

export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number = Math.random): number {
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(options.baseMs / 2 + random() * (ceiling - options.baseMs / 2));
}
