/** ISO 7816-4 status words the kiosk acts on, in one table. */

export type StatusCode =
  | 'ok'
  | 'more-data'
  | 'wrong-le'
  | 'wrong-pin'
  | 'file-not-found'
  | 'record-not-found'
  | 'security-not-satisfied'
  | 'pin-blocked'
  | 'auth-failed'
  | 'conditions-not-satisfied'
  | 'wrong-p1p2'
  | 'ins-not-supported'
  | 'cla-not-supported'
  | 'app-locked'
  | 'wrong-length'
  | 'unknown';

const EXACT: Record<number, StatusCode> = {
  0x9000: 'ok',
  0x6a82: 'file-not-found',
  0x6a83: 'record-not-found',
  0x6982: 'security-not-satisfied',
  0x6983: 'pin-blocked',
  0x6988: 'auth-failed',
  0x6985: 'conditions-not-satisfied',
  0x6a86: 'wrong-p1p2',
  0x6d00: 'ins-not-supported',
  0x6e00: 'cla-not-supported',
  0x9303: 'app-locked',
  0x6700: 'wrong-length',
};

/** SW1 values whose SW2 is a count rather than part of the code. */
const BY_SW1: Record<number, StatusCode> = { 0x61: 'more-data', 0x6c: 'wrong-le' };

export function statusCode(sw: number): StatusCode {
  const exact = EXACT[sw];
  if (exact) return exact;
  const bySw1 = BY_SW1[sw >> 8];
  if (bySw1) return bySw1;
  if ((sw & 0xfff0) === 0x63c0) return 'wrong-pin';
  return 'unknown';
}

/** Tries left after a failed VERIFY (`63 Cx`), else undefined. */
export function pinTriesLeft(sw: number): number | undefined {
  return (sw & 0xfff0) === 0x63c0 ? sw & 0x0f : undefined;
}

export function swHex(sw: number): string {
  return sw.toString(16).padStart(4, '0').toUpperCase();
}
