import { describe, expect, it } from 'vitest';
import { reconcileWith } from '../../src/common/payment/reconcile.ts';
import { RECORD, fail, ok, paymentView } from './fixtures.ts';

const NOW = Date.parse('2026-11-26T03:01:00.000Z');
const LATE = Date.parse('2026-11-26T03:05:00.000Z');

describe('reconciling an unfinished payment with the ledger', () => {
  it('marks a paid attempt paid with its biller reference and keeps its receipt for a reprint', () => {
    const r = reconcileWith(RECORD, ok(paymentView({ state: 'paid', receiptNo: 'WA1' })), NOW);
    expect(r).toEqual({ record: { ...RECORD, status: 'paid', receiptNo: 'WA1', receipt: 'unavailable', updatedAt: NOW }, next: 'settled' });
    const printed = reconcileWith({ ...RECORD, status: 'paid', receipt: 'printed' }, ok(paymentView({ state: 'paid' })), NOW);
    expect(printed.record.receipt).toBe('printed');
  });

  it('abandons an attempt the server never saw: nobody was charged', () => {
    const r = reconcileWith({ ...RECORD, status: 'creating', reference: null }, fail(404, 'payment-not-found'), NOW);
    expect(r).toMatchObject({ record: { status: 'abandoned' }, next: 'settled' });
  });

  it('keeps waiting on an open order and closes it once it expired', () => {
    expect(reconcileWith({ ...RECORD, status: 'creating', reference: null }, ok(paymentView()), NOW)).toMatchObject({
      record: { status: 'awaiting-payment', reference: '7KQ2M9XR4T' },
      next: 'retry',
    });
    expect(reconcileWith(RECORD, ok(paymentView()), LATE).next).toBe('close');
  });

  it('records failures as the ledger states them', () => {
    expect(reconcileWith(RECORD, ok(paymentView({ state: 'failed', failure: { code: 'payment-expired', message: '' } })), NOW)).toMatchObject({
      record: { status: 'expired' },
      next: 'settled',
    });
    expect(reconcileWith(RECORD, ok(paymentView({ state: 'unknown' })), NOW)).toMatchObject({ record: { status: 'unknown' }, next: 'retry' });
  });

  it('changes nothing while the server is away or answers nonsense, or for another key', () => {
    for (const response of [fail(0, 'offline'), fail(503, 'backoffice-unavailable'), fail(200, 'malformed-answer'), fail(404, 'malformed-answer'), ok(paymentView({ idempotencyKey: 'another-key-0000000000' }))]) {
      expect(reconcileWith(RECORD, response, NOW)).toEqual({ record: RECORD, next: 'retry' });
    }
  });
});
