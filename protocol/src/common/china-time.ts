/**
 * Calendar days, months and clock times in China Standard Time (UTC+8, no daylight saving),
 * the one time zone of the district: business days of payments, bill periods, receipts.
 */
const OFFSET_MS = 8 * 3_600_000;

/**
 * The IANA zone of the district. The kiosk's renderer runs in it whatever the host OS says, so
 * the status-bar clock and content dayparts read as the lobby's wall clock.
 */
export const CHINA_TIME_ZONE = 'Asia/Shanghai';

/** `YYYY-MM-DD` of an instant, China time. */
export function shanghaiDay(epochMs: number): string {
  return new Date(epochMs + OFFSET_MS).toISOString().slice(0, 10);
}

/** `YYYY-MM` of the month `offset` months from the one containing `epochMs`, China time. */
export function shanghaiMonth(epochMs: number, offset = 0): string {
  const d = new Date(epochMs + OFFSET_MS);
  const total = d.getUTCFullYear() * 12 + d.getUTCMonth() + offset;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
}

/** `YYYY-MM-DD HH:mm` of an instant, China time. */
export function shanghaiTime(epochMs: number): string {
  return new Date(epochMs + OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}
