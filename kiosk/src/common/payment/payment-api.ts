/**
 * The payment flow's side of the gateway, sans-I/O: a bill query → the lookup the bridge's
 * `payments.lookup` takes, and the privileged side's answers (already checked against the
 * protocol schemas there) → machine events. The one place that knows what each answer means.
 */
import type { Bill, BillLookupRequest, BillLookupResponse, PaymentFailureCode, PaymentView } from '@civic-kiosk/protocol/gateway';
import { BARCODE_ERROR_CODES, parseBillBarcode } from '@civic-kiosk/protocol/gateway-barcode';
import type { GatewayAnswer, GatewayFailure } from '../bridge.ts';
import type { LookupFailure, PaymentEvent } from './payment-machine.ts';
import type { BillQuery, FinalOutcome, ServerOrderStatus } from './types.ts';

/** A bridge call that failed on the privileged side (not enrolled, disconnected) counts as offline. */
export async function orOffline<T>(call: Promise<GatewayAnswer<T>>): Promise<GatewayAnswer<T>> {
  try {
    return await call;
  } catch {
    return { ok: false, failure: { status: 0, code: 'offline' } };
  }
}

export function lookupRequest(query: BillQuery): BillLookupRequest {
  return query.kind === 'account' ? { biller: query.biller, account: query.account } : { barcode: query.code };
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

function lookupFailure({ status, code }: GatewayFailure): LookupFailure {
  if (code === 'offline') return 'offline';
  if (code === 'bill-not-found') return 'not-found';
  if (code === 'bill-already-paid') return 'already-paid';
  if ((BARCODE_ERROR_CODES as readonly string[]).includes(code) || status === 400) return 'invalid';
  return status === 404 ? 'not-found' : 'server-error';
}

export function interpretLookup(answer: GatewayAnswer<BillLookupResponse>, query: BillQuery): PaymentEvent {
  if (!answer.ok) return { type: 'lookup-failed', reason: lookupFailure(answer.failure) };
  const picked = pickBill(answer.value.bills, query);
  return typeof picked === 'string' ? { type: 'lookup-failed', reason: picked } : { type: 'bill-found', bill: picked };
}

/** What the payer is told for each reason the server gives for a failed payment. */
const OUTCOME_OF_FAILURE: Record<PaymentFailureCode, FinalOutcome> = {
  'payment-cancelled': 'cancelled',
  'payment-expired': 'expired',
  'biller-declined': 'declined',
  'biller-already-paid': 'declined',
  'biller-amount-mismatch': 'declined',
  'biller-not-found': 'failed',
  'biller-not-allowed': 'failed',
  'biller-never-booked': 'failed',
  'backoffice-timeout': 'failed',
  'backoffice-unavailable': 'failed',
};

/** The ledger's word on a payment in the terminal's vocabulary. */
export function orderStatusOf(view: PaymentView): ServerOrderStatus {
  if (view.state !== 'failed') return view.state;
  return view.failure ? OUTCOME_OF_FAILURE[view.failure.code] : 'failed';
}

/** Retry what may succeed later (no answer, a garbled one, timeouts, 5xx, conflicts); a 4xx will not. */
function retryable({ status, code }: GatewayFailure): boolean {
  return code === 'offline' || code === 'malformed-answer' || status === 408 || status === 409 || status === 429 || status >= 500;
}

/**
 * An answer to create, poll or cancel. A pending payment with an order shows its QR; anything
 * else the ledger says is an `order-status`.
 */
export function interpretPayment(answer: GatewayAnswer<PaymentView>, now: number, request: 'create' | 'poll' | 'cancel'): PaymentEvent {
  if (answer.ok) {
    const view = answer.value;
    const status = orderStatusOf(view);
    if (request === 'create' && status === 'pending' && view.order) {
      const order = { orderId: view.order.orderId, qrPayload: view.order.qrPayload, expiresAt: Date.parse(view.order.expiresAt) };
      return { type: 'order-created', order, reference: view.reference, now };
    }
    return { type: 'order-status', status, reference: view.reference, ...(view.receiptNo ? { receiptNo: view.receiptNo } : {}), now };
  }
  const { failure } = answer;
  // The server declined the bill itself (already paid, in doubt, amount changed): the person sees why.
  if (request === 'create' && failure.status >= 400 && failure.status < 500) {
    if (failure.code === 'bill-already-paid') return { type: 'bill-refused', reason: 'already-paid', now };
    if (failure.code === 'bill-payment-in-doubt') return { type: 'bill-refused', reason: 'in-doubt', now };
    if (failure.code === 'amount-mismatch' || failure.code === 'backoffice-declined') return { type: 'order-status', status: 'declined', now };
  }
  return { type: 'request-failed', retryable: retryable(failure), now };
}
