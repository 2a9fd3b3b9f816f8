import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { IllegalPaymentTransition, nextPaymentState, PAYMENT_TRANSITIONS } from '../../src/transactions/payment-state.ts';
import { csvField } from '../../src/transactions/reports.ts';
import { billIdOf, parseBillId } from '../../src/transactions/payment-service.ts';
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

describe('CSV fields', () => {
  /** A minimal RFC 4180 reader for one line of fields. */
  function parseLine(line: string): string[] {
    const out: string[] = [];
    let i = 0;
    while (i <= line.length) {
      if (line[i] === '"') {
        let v = '';
        i++;
        for (;;) {
          if (line[i] === '"' && line[i + 1] === '"') {
            v += '"';
            i += 2;
          } else if (line[i] === '"') break;
          else v += line[i++];
        }
        out.push(v);
        i += 2;
      } else {
        const j = line.indexOf(',', i);
        out.push(line.slice(i, j < 0 ? line.length : j));
        i = j < 0 ? line.length + 1 : j + 1;
      }
    }
    return out;
  }

  it('property: any values survive a round trip, formulas defused', () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { minLength: 1, maxLength: 6 }), (values) => {
        const back = parseLine(values.map(csvField).join(','));
        expect(back).toEqual(values.map((v) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v)));
      }),
    );
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
