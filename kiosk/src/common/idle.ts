/**
 * Idle timeout of a kiosk screen, as a pure function of time: after `timeoutMs` without a
 * touch the screen warns (a countdown the person can dismiss), and `warningMs` later the
 * session is wiped. Time is passed in; the caller owns the clock and the timer.
 */
export interface IdleConfig {
  /** Quiet time before the countdown dialog appears. */
  timeoutMs: number;
  /** Length of the countdown before the wipe. */
  warningMs: number;
}

export type IdlePhase = { phase: 'active' } | { phase: 'warning'; remainingMs: number } | { phase: 'expired' };

/** Elderly mode gives people more time to read and act. */
export const ELDERLY_TIME_FACTOR = 2;

export function idlePhase(lastActivityMs: number, nowMs: number, config: IdleConfig): IdlePhase {
  const quiet = Math.max(0, nowMs - lastActivityMs);
  if (quiet < config.timeoutMs) return { phase: 'active' };
  const remainingMs = config.timeoutMs + config.warningMs - quiet;
  return remainingMs > 0 ? { phase: 'warning', remainingMs } : { phase: 'expired' };
}

/** The idle configuration for a screen, stretched in elderly mode. */
export function idleConfigFor(base: IdleConfig, elderly: boolean): IdleConfig {
  const f = elderly ? ELDERLY_TIME_FACTOR : 1;
  return { timeoutMs: base.timeoutMs * f, warningMs: base.warningMs * f };
}
