import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeBillBarcode } from '@civic-kiosk/protocol/gateway-barcode';
import { cancelRequest, createRequest, interpretLookup, interpretPayment, lookupRequest, pollRequest } from '../../src/common/payment/payment-api.ts';
import { BILL, KEY, paymentView } from './fixtures.ts';

const NOW = Date.parse('2026-11-26T03:00:30.000Z');

describe('payment API requests', () => {
  it('sends identifiers in bodies, the key in the create body, and only the key in URLs', () => {
    expect(lookupRequest({ kind: 'account', biller: 'water', account: '3101041234' })).toEqual({ method: 'POST', path: '/api/terminal/bills/lookup', body: { biller: 'water', account: '3101041234' } });
    expect(lookupRequest({ kind: 'barcode', code: '1310' })).toMatchObject({ body: { barcode: '1310' } });
    expect(createRequest(KEY, 'B1', 100)).toEqual({ method: 'POST', path: '/api/terminal/payments', body: { idempotencyKey: KEY, billId: 'B1', amountFen: 100 } });
    expect(pollRequest(KEY)).toEqual({ method: 'GET', path: `/api/terminal/payments/${KEY}` });
    expect(cancelRequest(KEY).path).toBe(`/api/terminal/payments/${KEY}/cancel`);
  });
});

describe('bill lookup answers', () => {
  const older = { ...BILL, billId: 'B-OLD', period: '2026-09' };
  const paid = { ...BILL, billId: 'B-PAID', period: '2026-08', status: 'paid' as const };
  const query = { kind: 'account' as const, biller: 'water' as const, account: BILL.account };

  it('shows the oldest unpaid bill of a typed account', () => {
    expect(interpretLookup({ status: 200, body: { bills: [BILL, older, paid] } }, query)).toEqual({ type: 'bill-found', bill: older });
  });

  it('shows the printed period of a scanned bill, and says when it was already paid', () => {
    const code = encodeBillBarcode({ biller: 'water', account: BILL.account, period: '2026-10', amountFen: BILL.amountFen });
    expect(interpretLookup({ status: 200, body: { bills: [BILL, older] } }, { kind: 'barcode', code })).toEqual({ type: 'bill-found', bill: BILL });
    const paidCode = encodeBillBarcode({ biller: 'water', account: BILL.account, period: '2026-08', amountFen: 1 });
    expect(interpretLookup({ status: 200, body: { bills: [BILL, paid] } }, { kind: 'barcode', code: paidCode })).toEqual({ type: 'lookup-failed', reason: 'already-paid' });
  });

  it.each([
    [{ status: 200, body: { bills: [] } }, 'not-found'],
    [{ status: 200, body: { bills: [{ ...BILL, status: 'paid' }] } }, 'already-paid'],
    [{ status: 404, body: { error: { code: 'bill-not-found', message: '' } } }, 'not-found'],
    [{ status: 400, body: { error: { code: 'barcode-check-digit', message: '' } } }, 'invalid'],
    [{ status: 0, body: null }, 'offline'],
    [{ status: 503, body: { error: { code: 'backoffice-unavailable', message: '' } } }, 'server-error'],
    [{ status: 200, body: { nonsense: true } }, 'server-error'],
  ])('turns %j into lookup failure %s', (response, reason) => {
    expect(interpretLookup(response, query)).toEqual({ type: 'lookup-failed', reason });
  });

  it('never throws on any answer body', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 599 }), fc.anything(), (status, body) => {
        const e = interpretLookup({ status, body }, query);
        expect(['bill-found', 'lookup-failed']).toContain(e.type);
      }),
    );
  });
});

describe('payment answers', () => {
  it('opens the QR order from a pending create answer', () => {
    expect(interpretPayment({ status: 201, body: paymentView() }, NOW, 'create')).toEqual({
      type: 'order-created',
      order: { orderId: 'SIM0001', qrPayload: 'civicpay://sim/order/SIM0001', expiresAt: Date.parse('2026-11-26T03:02:00.000Z') },
      reference: 'P-20261126-0001',
      now: NOW,
    });
  });

  it.each([
    [{ state: 'paid', receiptNo: 'WA20261126000001' }, 'paid'],
    [{ state: 'pending' }, 'pending'],
    [{ state: 'unknown' }, 'unknown'],
    [{ state: 'reversed' }, 'reversed'],
    [{ state: 'failed', failure: { code: 'order-expired', message: '' } }, 'expired'],
    [{ state: 'failed', failure: { code: 'order-cancelled', message: '' } }, 'cancelled'],
    [{ state: 'failed', failure: { code: 'backoffice-declined', message: '' } }, 'declined'],
    [{ state: 'failed', failure: { code: 'backoffice-timeout', message: '' } }, 'failed'],
  ])('maps the ledger state %j to %s', (over, status) => {
    const e = interpretPayment({ status: 200, body: paymentView(over) }, NOW, 'poll');
    expect(e).toMatchObject({ type: 'order-status', status, reference: 'P-20261126-0001' });
    if (status === 'paid') expect(e).toMatchObject({ receiptNo: 'WA20261126000001' });
  });

  it('treats a bill refused at creation as declined and lost or garbled answers as retryable', () => {
    expect(interpretPayment({ status: 409, body: { error: { code: 'bill-already-paid', message: '' } } }, NOW, 'create')).toEqual({ type: 'order-status', status: 'declined', now: NOW });
    expect(interpretPayment({ status: 0, body: null }, NOW, 'create')).toEqual({ type: 'request-failed', retryable: true, now: NOW });
    expect(interpretPayment({ status: 502, body: null }, NOW, 'poll')).toEqual({ type: 'request-failed', retryable: true, now: NOW });
    expect(interpretPayment({ status: 200, body: { state: 'paid' } }, NOW, 'poll')).toEqual({ type: 'request-failed', retryable: true, now: NOW });
    expect(interpretPayment({ status: 422, body: null }, NOW, 'create')).toEqual({ type: 'request-failed', retryable: false, now: NOW });
  });

  it('never throws on any answer body', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 599 }), fc.anything(), fc.constantFrom('create', 'poll', 'cancel'), (status, body, req) => {
        const e = interpretPayment({ status, body }, NOW, req as 'create');
        expect(['order-created', 'order-status', 'request-failed']).toContain(e.type);
      }),
    );
  });
});
