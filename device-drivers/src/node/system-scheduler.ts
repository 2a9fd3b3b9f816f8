import type { Scheduler } from '../common/transport.ts';

/** The real clock and timers, for drivers running in a process. Tests pass their own Scheduler. */
export const systemScheduler: Scheduler = {
  // Epoch milliseconds like Date.now(), with the sub-millisecond precision line pacing needs.
  now: () => performance.timeOrigin + performance.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
