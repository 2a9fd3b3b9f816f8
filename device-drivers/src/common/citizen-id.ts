/**
 * The 18-character citizen ID number (GB 11643): 6-digit region, 8-digit birth date, 3-digit
 * sequence (odd for men, even for women), and a check character by ISO 7064 MOD 11-2.
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

export type CitizenIdProblem = 'format' | 'birth-date' | 'check-digit';
export type CitizenIdCheck = { ok: true } | { ok: false; problem: CitizenIdProblem };

/** The check character for the first 17 digits. */
export function citizenIdCheckDigit(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('a citizen ID check digit needs exactly 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

export function checkCitizenId(id: string): CitizenIdCheck {
  if (!/^\d{17}[\dX]$/.test(id)) return { ok: false, problem: 'format' };
  if (!isCalendarDate(id.slice(6, 14))) return { ok: false, problem: 'birth-date' };
  if (citizenIdCheckDigit(id.slice(0, 17)) !== id[17]) return { ok: false, problem: 'check-digit' };
  return { ok: true };
}

export function isValidCitizenId(id: string): boolean {
  return checkCitizenId(id).ok;
}

/** True when `yyyymmdd` names a real day of the Gregorian calendar. */
export function isCalendarDate(yyyymmdd: string): boolean {
  if (!/^\d{8}$/.test(yyyymmdd)) return false;
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  if (y < 1800 || m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
  return d <= days;
}

/** `YYYYMMDD` as `YYYY-MM-DD` when it names a real day, else undefined (what cards and IDs carry). */
export function isoDateOf(yyyymmdd: string): string | undefined {
  return isCalendarDate(yyyymmdd) ? `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6)}` : undefined;
}
