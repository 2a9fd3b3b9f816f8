import type { Scheduler } from '../common/transport.ts';

/** The real clock and timers, for drivers running in a process. Tests pass their own Scheduler. */
export const systemScheduler: Scheduler = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
