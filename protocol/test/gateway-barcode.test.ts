import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BarcodeError, encodeBillBarcode, luhnCheckDigit, parseBillBarcode } from '../src/common/gateway-barcode.ts';
import { BillerKind, isValidCitizenId } from '../src/common/gateway.ts';

describe('bill barcode', () => {
  it('round-trips a water bill', () => {
    const code = encodeBillBarcode({ biller: 'water', account: '20481234', period: '2025-10', amountFen: 8650 });
    expect(code).toHaveLength(32);
    expect(code.startsWith('13101002048123420251000000086')).toBe(true);
    expect(parseBillBarcode(code)).toEqual({ biller: 'water', account: '20481234', period: '2025-10', amountFen: 8650 });
  });

  it('uses the Luhn check digit (known vector 7992739871 -> 3)', () => {
    expect(luhnCheckDigit('7992739871')).toBe('3');
  });

  it('reports a misread digit as a check-digit error', () => {
    const code = encodeBillBarcode({ biller: 'gas', account: '5500123', period: '2025-09', amountFen: 4321 });
    const misread = code.slice(0, 10) + String((Number(code[10]) + 1) % 10) + code.slice(11);
    expect(() => parseBillBarcode(misread)).toThrow(expect.objectContaining({ code: 'barcode-check-digit' }));
  });

  it('property: round trip for any valid bill', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...BillerKind.options),
        fc.stringMatching(/^[1-9]\d{0,9}$/),
        fc.integer({ min: 2000, max: 2099 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: 9_999_999_999 }),
        (biller, account, y, m, amountFen) => {
          const bill = { biller, account, period: `${y}-${String(m).padStart(2, '0')}`, amountFen };
          expect(parseBillBarcode(encodeBillBarcode(bill))).toEqual(bill);
        },
      ),
    );
  });

  it('property: any single changed digit or arbitrary text gives only a BarcodeError', () => {
    const valid = encodeBillBarcode({ biller: 'power', account: '88001234', period: '2025-11', amountFen: 15620 });
    fc.assert(
      fc.property(fc.nat({ max: 31 }), fc.integer({ min: 1, max: 9 }), (pos, delta) => {
        const d = String((Number(valid[pos]) + delta) % 10);
        expect(() => parseBillBarcode(valid.slice(0, pos) + d + valid.slice(pos + 1))).toThrow(BarcodeError);
      }),
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (s) => {
        try {
          parseBillBarcode(s);
        } catch (e) {
          expect(e).toBeInstanceOf(BarcodeError);
        }
      }),
    );
  });
});

describe('citizen ID check digit', () => {
  it('accepts the national standard example and rejects a wrong check digit', () => {
    expect(isValidCitizenId('11010519491231002X')).toBe(true);
    expect(isValidCitizenId('110105194912310021')).toBe(false);
    expect(isValidCitizenId('11010519491231002')).toBe(false);
  });
});
