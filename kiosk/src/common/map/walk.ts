/** How a route's length is told to a resident: rounded as people say it, and the minutes on foot. */

/** 80 m a minute (4.8 km/h): the usual figure for walking times, generous for older residents. */
export const WALK_METRES_PER_MINUTE = 80;

/** Under a kilometre to the nearest 10 m; from there in km with one decimal. */
export function roughDistance(metres: number): { unit: 'm' | 'km'; value: number } {
  const m = Math.max(0, metres);
  if (Math.round(m / 10) * 10 < 1000) return { unit: 'm', value: Math.max(10, Math.round(m / 10) * 10) };
  return { unit: 'km', value: Math.round(m / 100) / 10 };
}

/** Whole minutes, at least one. */
export function walkingMinutes(metres: number): number {
  return Math.max(1, Math.ceil(metres / WALK_METRES_PER_MINUTE));
}
