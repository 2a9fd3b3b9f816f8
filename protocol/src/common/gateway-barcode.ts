/**
 * The utility bill barcode: what a biller prints on a paper bill so the kiosk's scanner can
 * look the bill up without typing. Payload (Code 128, subset C, so 32 digits = 16 symbols):
 *
 *   V  BBBB  AAAAAAAAAA  YYYYMM  NNNNNNNNNN  C
 *   1  4     10          6       10          1   = 32 digits
 *
 * - V: payload version, `1`.
 * - BBBB: biller code (`3101` water, `3102` power, `3103` gas, `3104` telecom; see BILLER_CODES).
 * - A: account number, zero-padded on the left to 10 digits.
 * - YYYYMM: billing period.
 * - N: amount due in fen (1/100 yuan), zero-padded to 10 digits.
 * - C: Luhn check digit over the 31 digits before it.
 *
 * The amount in the code is what was printed; the server still looks the bill up and uses
 * the biller's current amount (a bill may have been paid or adjusted since it was printed).
 */
import type { BillerKind } from './gateway.ts';

export const BILLER_CODES: Record<BillerKind, string> = { water: '3101', power: '3102', gas: '3103', telecom: '3104' };

export interface BillBarcode {
  biller: BillerKind;
  account: string;
  /** `YYYY-MM`. */
  period: string;
  amountFen: number;
}

/** The gateway error codes of a bill barcode the server cannot read (a subset of GatewayErrorCode). */
export const BARCODE_ERROR_CODES = ['barcode-malformed', 'barcode-check-digit', 'barcode-unknown-biller'] as const;
export type BarcodeErrorCode = (typeof BARCODE_ERROR_CODES)[number];

export class BarcodeError extends Error {
  constructor(
    readonly code: BarcodeErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'BarcodeError';
  }
}

/** Luhn check digit of a digit string. */
export function luhnCheckDigit(digits: string): string {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

/** Parse a scanned payload. Throws BarcodeError, nothing else. */
export function parseBillBarcode(payload: string): BillBarcode {
  if (!/^1\d{31}$/.test(payload)) throw new BarcodeError('barcode-malformed', 'not a version-1 bill barcode of 32 digits');
  if (luhnCheckDigit(payload.slice(0, 31)) !== payload[31]) throw new BarcodeError('barcode-check-digit', 'bill barcode check digit is wrong (misread?)');
  const code = payload.slice(1, 5);
  const biller = (Object.keys(BILLER_CODES) as BillerKind[]).find((k) => BILLER_CODES[k] === code);
  if (!biller) throw new BarcodeError('barcode-unknown-biller', `unknown biller code ${code}`);
  const year = payload.slice(15, 19);
  const month = payload.slice(19, 21);
  if (Number(month) < 1 || Number(month) > 12) throw new BarcodeError('barcode-malformed', `bad billing month ${month}`);
  return { biller, account: payload.slice(5, 15).replace(/^0+(?=\d)/, ''), period: `${year}-${month}`, amountFen: Number(payload.slice(21, 31)) };
}

/** Encode a bill as a barcode payload (billers and the simulator print these). */
export function encodeBillBarcode(b: BillBarcode): string {
  if (!/^\d{1,10}$/.test(b.account)) throw new BarcodeError('barcode-malformed', 'account must be 1-10 digits');
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(b.period)) throw new BarcodeError('barcode-malformed', 'period must be YYYY-MM');
  if (!Number.isInteger(b.amountFen) || b.amountFen < 0 || b.amountFen > 9_999_999_999) throw new BarcodeError('barcode-malformed', 'amount out of range');
  const body = `1${BILLER_CODES[b.biller]}${b.account.padStart(10, '0')}${b.period.replace('-', '')}${String(b.amountFen).padStart(10, '0')}`;
  return body + luhnCheckDigit(body);
}
