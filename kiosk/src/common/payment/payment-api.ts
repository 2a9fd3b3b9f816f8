/**
 * The payment flow's side of the gateway API, sans-I/O: machine commands → signed-call requests
 * for the bridge, and the bridge's `{status, body}` answers → machine events. The one place that
 * knows the routes and what each answer means.
 */
import { z } from 'zod';
import { BillLookupResponse, GATEWAY_PATHS, PaymentView, type Bill } from '@civic-kiosk/protocol/gateway';
import { parseBillBarcode } from '@civic-kiosk/protocol/gateway-barcode';
import type { ApiRequest, ApiResponse } from '../bridge.ts';
import type { LookupFailure, PaymentEvent } from './payment-machine.ts';
import type { BillQuery, ServerOrderStatus } from './types.ts';

export const PaymentApiPaths = {
  lookup: GATEWAY_PATHS.billLookup,
  payments: GATEWAY_PATHS.payments,
  payment: (key: string) => GATEWAY_PATHS.payment(encodeURIComponent(key)),
  cancel: (key: string) => GATEWAY_PATHS.paymentCancel(encodeURIComponent(key)),
} as const;

const ErrorBody = z.object({ error: z.object({ code: z.string() }) });
const errorCode = (body: unknown): string | undefined => ErrorBody.safeParse(body).data?.error.code;

export function lookupRequest(query: BillQuery): ApiRequest {
  return { method: 'POST', path: PaymentApiPaths.lookup, body: query.kind === 'account' ? { biller: query.biller, account: query.account } : { barcode: query.code } };
}

export function createRequest(key: string, billId: string, amountFen: number): ApiRequest {
  return { method: 'POST', path: PaymentApiPaths.payments, body: { idempotencyKey: key, billId, amountFen } };
}

export function pollRequest(key: string): ApiRequest {
  return { method: 'GET', path: PaymentApiPaths.payment(key) };
}

export function cancelRequest(key: string): ApiRequest {
  return { method: 'POST', path: PaymentApiPaths.cancel(key), body: {} };
}

/**
 * The bill to show for a lookup: for a scanned bill the one of the printed period, otherwise
 * the oldest unpaid one (bills are paid oldest first).
 */
function pickBill(bills: Bill[], query: BillQuery): Bill | LookupFailure {
  const unpaid = bills.filter((b) => b.status === 'unpaid').sort((a, b) => (a.period < b.period ? -1 : 1));
  if (query.kind === 'barcode') {
    const period = barcodePeriod(query.code);
    const printed = bills.find((b) => b.period === period);
    if (printed) return printed.status === 'paid' ? 'already-paid' : printed;
  }
  if (unpaid[0]) return unpaid[0];
  return bills.length > 0 ? 'already-paid' : 'not-found';
}

function barcodePeriod(code: string): string | null {
  try {
    return parseBillBarcode(code).period;
  } catch {
    return null;
  }
}

function lookupFailure(response: ApiResponse): LookupFailure {
  if (response.status === 0) return 'offline';
  const code = errorCode(response.body);
  if (code === 'bill-not-found') return 'not-found';
  if (code === 'bill-already-paid') return 'already-paid';
  if (code?.startsWith('barcode-') || response.status === 400) return 'invalid';
  return response.status === 404 ? 'not-found' : 'server-error';
}

export function interpretLookup(response: ApiResponse, query: BillQuery): PaymentEvent {
  if (response.status === 200) {
    const parsed = BillLookupResponse.safeParse(response.body);
    if (!parsed.success) return { type: 'lookup-failed', reason: 'server-error' };
    const picked = pickBill(parsed.data.bills, query);
    return typeof picked === 'string' ? { type: 'lookup-failed', reason: picked } : { type: 'bill-found', bill: picked };
  }
  return { type: 'lookup-failed', reason: lookupFailure(response) };
}

/** The ledger's word on a payment in the terminal's vocabulary. */
export function orderStatusOf(view: PaymentView): ServerOrderStatus {
  if (view.state !== 'failed') return view.state;
  const code = view.failure?.code ?? '';
  if (/expired/.test(code)) return 'expired';
  if (/cancel/.test(code)) return 'cancelled';
  if (/declined|already-paid|amount-mismatch/.test(code)) return 'declined';
  return 'failed';
}

/** Retry what may succeed later (offline, timeouts, 5xx, conflicts); a 4xx will not. */
function retryable(status: number): boolean {
  return status === 0 || status === 408 || status === 409 || status === 429 || status >= 500;
}

/**
 * An answer to create, poll or cancel. A pending payment with an order shows its QR; anything
 * else the ledger says is an `order-status`.
 */
export function interpretPayment(response: ApiResponse, now: number, request: 'create' | 'poll' | 'cancel'): PaymentEvent {
  if (response.status === 200 || response.status === 201) {
    const parsed = PaymentView.safeParse(response.body);
    if (!parsed.success) return { type: 'request-failed', retryable: true, now };
    const view = parsed.data;
    const status = orderStatusOf(view);
    if (request === 'create' && status === 'pending' && view.order) {
      const order = { orderId: view.order.orderId, qrPayload: view.order.qrPayload, expiresAt: Date.parse(view.order.expiresAt) };
      return { type: 'order-created', order, reference: view.paymentId, now };
    }
    return { type: 'order-status', status, reference: view.paymentId, ...(view.receiptNo ? { receiptNo: view.receiptNo } : {}), now };
  }
  // The server declined the bill itself (already paid, amount changed): the person sees why.
  if (request === 'create' && response.status >= 400 && response.status < 500) {
    const code = errorCode(response.body);
    if (code === 'bill-already-paid' || code === 'amount-mismatch' || code === 'backoffice-declined') return { type: 'order-status', status: 'declined', now };
  }
  return { type: 'request-failed', retryable: retryable(response.status), now };
}
