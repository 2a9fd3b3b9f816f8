/**
 * The payment state machine: every allowed transition in one table. `pending` covers both
 * "waiting for the payer" and "payer paid, biller not yet confirmed"; `unknown` means the
 * biller was asked and no answer came back, so only the biller's records can settle it.
 */
import type { PaymentState } from '@civic-kiosk/protocol/gateway';

export type PaymentEvent =
  /** The biller confirmed the payment (directly, on a status check, or in reconciliation). */
  | 'biller-confirmed'
  /** The payer cancelled or the QR order expired before payment. */
  | 'order-closed'
  /** The biller refused after the payer paid; the payer was refunded. */
  | 'biller-rejected'
  /** The biller did not answer whether it applied the payment. */
  | 'biller-no-answer'
  /** Reconciliation found the biller never booked it; the payer was refunded. */
  | 'reconciled-absent'
  /** Staff reversed a paid payment; biller reversed and payer refunded. */
  | 'reversed';

export const PAYMENT_TRANSITIONS: Record<PaymentState, Partial<Record<PaymentEvent, PaymentState>>> = {
  pending: { 'biller-confirmed': 'paid', 'order-closed': 'failed', 'biller-rejected': 'failed', 'biller-no-answer': 'unknown' },
  unknown: { 'biller-confirmed': 'paid', 'biller-rejected': 'failed', 'reconciled-absent': 'failed' },
  paid: { reversed: 'reversed' },
  failed: {},
  reversed: {},
};

export class IllegalPaymentTransition extends Error {
  readonly code = 'payment-illegal-transition';
  constructor(
    readonly from: PaymentState,
    readonly event: PaymentEvent,
  ) {
    super(`payment in state ${from} cannot take event ${event}`);
    this.name = 'IllegalPaymentTransition';
  }
}

export function nextPaymentState(from: PaymentState, event: PaymentEvent): PaymentState {
  const to = PAYMENT_TRANSITIONS[from][event];
  if (!to) throw new IllegalPaymentTransition(from, event);
  return to;
}
