import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { IllegalPaymentTransition, nextPaymentState, PAYMENT_TRANSITIONS } from '../../src/transactions/payment-state.ts';
import { billIdOf, parseBillId } from '../../src/gateway/bill-id.ts';
import { ApiError } from '../../src/errors.ts';

describe('payment state table', () => {
  it('never leaves a final state, and paid only by reversal', () => {
    expect(PAYMENT_TRANSITIONS.failed).toEqual({});
    expect(PAYMENT_TRANSITIONS.reversed).toEqual({});
    expect(Object.keys(PAYMENT_TRANSITIONS.paid)).toEqual(['reversed']);
    expect(() => nextPaymentState('failed', 'biller-confirmed')).toThrow(IllegalPaymentTransition);
    expect(() => nextPaymentState('pending', 'reconciled-absent')).toThrow(IllegalPaymentTransition);
  });

  it('lets an unknown payment be settled either way', () => {
    expect(nextPaymentState('pending', 'biller-no-answer')).toBe('unknown');
    expect(nextPaymentState('unknown', 'biller-confirmed')).toBe('paid');
    expect(nextPaymentState('unknown', 'reconciled-absent')).toBe('failed');
  });
});

describe('bill ids', () => {
  it('round-trip and refuse anything else with a typed error', () => {
    expect(parseBillId(billIdOf({ biller: 'gas', account: '5500123', period: '2026-10' }))).toEqual({ biller: 'gas', account: '5500123', period: '2026-10' });
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (s) => {
        try {
          parseBillId(s);
        } catch (e) {
          expect(e).toBeInstanceOf(ApiError);
        }
      }),
    );
  });
});
