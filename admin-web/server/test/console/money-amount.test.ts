import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { yuanText } from '../../../ui/src/views/money/amount.ts';

describe('console amounts', () => {
  it('shows whole fen as yuan with the sign and thousands grouped', () => {
    expect([0, 7, 8650, 123_456_789, 100_000_000, -1505].map(yuanText)).toEqual(['¥0.00', '¥0.07', '¥86.50', '¥1,234,567.89', '¥1,000,000.00', '-¥15.05']);
  });

  it('property: the digits shown are the fen, whatever the amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), (fen) => {
        const shown = yuanText(fen);
        expect(shown).toMatch(/^-?¥\d{1,3}(,\d{3})*\.\d{2}$/);
        expect(Number(shown.replace(/[¥,.]/g, ''))).toBe(fen);
      }),
    );
  });
});
