import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fenAsYuan, PaymentFilter, ReverseRequest } from '../src/common/staff-money.ts';

describe('fen as yuan', () => {
  it('writes two decimals exactly, where dividing by 100 in binary would not', () => {
    expect([0, 1, 29, 8650, 100_000_07, -1505].map(fenAsYuan)).toEqual(['0.00', '0.01', '0.29', '86.50', '100000.07', '-15.05']);
    expect(() => fenAsYuan(0.5)).toThrow(RangeError);
  });

  it('property: reading the yuan back gives the same fen', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger().map((n) => Math.trunc(n / 1000)), (fen) => {
        const text = fenAsYuan(fen);
        expect(text).toMatch(/^-?\d+\.\d{2}$/);
        const [whole, cents] = text.replace('-', '').split('.');
        expect((BigInt(whole!) * 100n + BigInt(cents!)) * (fen < 0 ? -1n : 1n)).toBe(BigInt(fen));
      }),
    );
  });
});

describe('staff payment requests', () => {
  it('refuses a day range that ends before it starts, naming the last day', () => {
    const r = PaymentFilter.safeParse({ from: '2026-12-05', to: '2026-12-04' });
    expect(r.success ? [] : r.error.issues.map((i) => i.path.join('.'))).toEqual(['to']);
    expect(PaymentFilter.parse({ from: '2026-12-05', to: '2026-12-05' })).toEqual({ from: '2026-12-05', to: '2026-12-05' });
  });

  it('takes a reversal only with a reason that is more than blanks', () => {
    expect(ReverseRequest.safeParse({ reason: '   ' }).success).toBe(false);
    expect(ReverseRequest.safeParse({}).success).toBe(false);
    expect(ReverseRequest.parse({ reason: ' 重复缴费 ' })).toEqual({ reason: '重复缴费' });
  });
});
