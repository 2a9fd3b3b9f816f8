import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeBillBarcode } from '@civic-kiosk/protocol/gateway-barcode';
import { PaymentFailureCode, type PaymentView } from '@civic-kiosk/protocol/gateway';
import type { ServerOrderStatus } from '../../src/common/payment/types.ts';
import { interpretLookup, interpretPayment, lookupRequest, orOffline } from '../../src/common/payment/payment-api.ts';
import { BILL, fail, ok, paymentView } from './fixtures.ts';

const NOW = Date.parse('2026-11-26T03:00:30.000Z');

describe('payment bridge requests', () => {
  it('asks for a typed account or a scanned barcode in the lookup body', () => {
    expect(lookupRequest({ kind: 'account', biller: 'water', account: '3101041234' })).toEqual({ biller: 'water', account: '3101041234' });
    expect(lookupRequest({ kind: 'barcode', code: '1310' })).toEqual({ barcode: '1310' });
  });

  it('counts a bridge call that failed on the privileged side as offline', async () => {
    expect(await orOffline(Promise.reject(new Error('not-enrolled')))).toEqual(fail(0, 'offline'));
    expect(await orOffline(Promise.resolve(ok({ bills: [] })))).toEqual(ok({ bills: [] }));
  });
});

describe('bill lookup answers', () => {
  const older = { ...BILL, billId: 'B-OLD', period: '2026-09' };
  const paid = { ...BILL, billId: 'B-PAID', period: '2026-08', status: 'paid' as const };
  const query = { kind: 'account' as const, biller: 'water' as const, account: BILL.account };

  it('shows the oldest unpaid bill of a typed account', () => {
    expect(interpretLookup(ok({ bills: [BILL, older, paid] }), query)).toEqual({ type: 'bill-found', bill: older });
  });

  it('shows the printed period of a scanned bill, and says when it was already paid', () => {
    const code = encodeBillBarcode({ biller: 'water', account: BILL.account, period: '2026-10', amountFen: BILL.amountFen });
    expect(interpretLookup(ok({ bills: [BILL, older] }), { kind: 'barcode', code })).toEqual({ type: 'bill-found', bill: BILL });
    const paidCode = encodeBillBarcode({ biller: 'water', account: BILL.account, period: '2026-08', amountFen: 1 });
    expect(interpretLookup(ok({ bills: [BILL, paid] }), { kind: 'barcode', code: paidCode })).toEqual({ type: 'lookup-failed', reason: 'already-paid' });
  });

  it.each([
    [ok({ bills: [] }), 'not-found'],
    [ok({ bills: [{ ...BILL, status: 'paid' as const }] }), 'already-paid'],
    [fail(404, 'bill-not-found'), 'not-found'],
    [fail(400, 'barcode-check-digit'), 'invalid'],
    [fail(0, 'offline'), 'offline'],
    [fail(503, 'backoffice-unavailable'), 'server-error'],
    [fail(200, 'malformed-answer'), 'server-error'],
  ])('turns %j into lookup failure %s', (answer, reason) => {
    expect(interpretLookup(answer, query)).toEqual({ type: 'lookup-failed', reason });
  });

  it('turns every failure into a lookup failure', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 599 }), fc.string(), (status, code) => {
        expect(interpretLookup(fail(status, code), query).type).toBe('lookup-failed');
      }),
    );
  });
});

describe('payment answers', () => {
  it('opens the QR order from a pending create answer', () => {
    expect(interpretPayment(ok(paymentView()), NOW, 'create')).toEqual({
      type: 'order-created',
      order: { orderId: 'SIM0001', qrPayload: 'civicpay://sim/order/SIM0001', expiresAt: Date.parse('2026-11-26T03:02:00.000Z') },
      reference: '7KQ2M9XR4T',
      now: NOW,
    });
  });

  const failed = (code: PaymentFailureCode): Partial<PaymentView> => ({ state: 'failed', failure: { code, message: '' } });

  it.each<[Partial<PaymentView>, ServerOrderStatus]>([
    [{ state: 'paid', receiptNo: 'WA20261126000001' }, 'paid'],
    [{ state: 'pending' }, 'pending'],
    [{ state: 'unknown' }, 'unknown'],
    [{ state: 'reversed' }, 'reversed'],
    [{ state: 'failed', failure: null }, 'failed'],
    [failed('payment-cancelled'), 'cancelled'],
    [failed('payment-expired'), 'expired'],
    [failed('biller-declined'), 'declined'],
    [failed('biller-amount-mismatch'), 'declined'],
    [failed('biller-never-booked'), 'failed'],
    [failed('backoffice-timeout'), 'failed'],
  ])('maps the ledger state %j to %s', (over, status) => {
    const e = interpretPayment(ok(paymentView(over)), NOW, 'poll');
    expect(e).toMatchObject({ type: 'order-status', status, reference: '7KQ2M9XR4T' });
    if (status === 'paid') expect(e).toMatchObject({ receiptNo: 'WA20261126000001' });
  });

  it('tells the payer an ending for every failure code the server sends', () => {
    for (const code of PaymentFailureCode.options) {
      expect(interpretPayment(ok(paymentView(failed(code))), NOW, 'poll')).toMatchObject({ type: 'order-status', status: expect.stringMatching(/^(cancelled|expired|declined|failed)$/) });
    }
  });

  it('tells a bill the ledger holds paid or in doubt apart from a declined one, and retries lost or garbled answers', () => {
    expect(interpretPayment(fail(409, 'bill-already-paid'), NOW, 'create')).toEqual({ type: 'bill-refused', reason: 'already-paid', now: NOW });
    expect(interpretPayment(fail(409, 'bill-payment-in-doubt'), NOW, 'create')).toEqual({ type: 'bill-refused', reason: 'in-doubt', now: NOW });
    expect(interpretPayment(fail(409, 'amount-mismatch'), NOW, 'create')).toEqual({ type: 'order-status', status: 'declined', now: NOW });
    expect(interpretPayment(fail(0, 'offline'), NOW, 'create')).toEqual({ type: 'request-failed', retryable: true, now: NOW });
    expect(interpretPayment(fail(502, 'malformed-answer'), NOW, 'poll')).toEqual({ type: 'request-failed', retryable: true, now: NOW });
    expect(interpretPayment(fail(200, 'malformed-answer'), NOW, 'poll')).toEqual({ type: 'request-failed', retryable: true, now: NOW });
    expect(interpretPayment(fail(422, 'not-allowed'), NOW, 'create')).toEqual({ type: 'request-failed', retryable: false, now: NOW });
  });

  it('turns every failure into a status or a failed request', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 599 }), fc.string(), fc.constantFrom('create', 'poll', 'cancel'), (status, code, req) => {
        const e = interpretPayment(fail(status, code), NOW, req as 'create');
        expect(['order-status', 'request-failed']).toContain(e.type);
      }),
    );
  });
});
