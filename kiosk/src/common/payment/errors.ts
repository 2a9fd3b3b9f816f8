/** Typed failures of the payment flow; `code` is stable and what callers branch on. */
export type PaymentErrorCode = 'illegal-event' | 'invalid-key' | 'invalid-record';

export class PaymentError extends Error {
  constructor(
    readonly code: PaymentErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'PaymentError';
  }
}

/** An event the payment state machine does not accept in its current state. */
export class IllegalPaymentEvent extends PaymentError {
  constructor(
    readonly state: string,
    readonly event: string,
  ) {
    super('illegal-event', `event '${event}' is not allowed in payment state '${state}'`);
    this.name = 'IllegalPaymentEvent';
  }
}
