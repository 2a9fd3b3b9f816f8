/**
 * Times staff type are China time (where the terminals are, as the console shows every time):
 * a `datetime-local` value read and written as `+08:00`, whatever the browser's own zone.
 */
const OFFSET_MS = 8 * 3600_000;

/** `2026-01-02T09:30` in China time for an ISO time (with offset) or epoch ms; '' when there is none. */
export function toChinaLocal(value: string | number): string {
  const ms = typeof value === 'number' ? value : Date.parse(value);
  return Number.isFinite(ms) ? new Date(ms + OFFSET_MS).toISOString().slice(0, 16) : '';
}

/** The ISO time (`+08:00`) of a `datetime-local` value read as China time; '' for ''. */
export const fromChinaLocal = (local: string): string => (local ? `${local.slice(0, 16)}:00+08:00` : '');
