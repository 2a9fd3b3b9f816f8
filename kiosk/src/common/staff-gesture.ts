/**
 * The hidden gesture that opens staff mode: several taps in one corner within a short window.
 * Pure: the caller keeps the returned tap times and passes the clock in.
 */
export interface TapGestureConfig {
  taps: number;
  windowMs: number;
}

export const STAFF_GESTURE: TapGestureConfig = { taps: 5, windowMs: 3000 };

export interface TapGestureResult {
  /** Tap times to keep for the next call (empty after a trigger). */
  taps: number[];
  triggered: boolean;
}

export function registerTap(previous: readonly number[], nowMs: number, config: TapGestureConfig = STAFF_GESTURE): TapGestureResult {
  const taps = [...previous.filter((t) => nowMs - t < config.windowMs && t <= nowMs), nowMs];
  if (taps.length >= config.taps) return { taps: [], triggered: true };
  return { taps, triggered: false };
}
