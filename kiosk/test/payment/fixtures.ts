/** A fictional water bill and helpers shared by the payment tests. */
import { INITIAL_PAYMENT_STATE, transition, type PaymentCommand, type PaymentEvent, type PaymentState } from '../../src/common/payment/payment-machine.ts';
import type { PaymentView } from '@civic-kiosk/protocol/gateway';
import type { GatewayAnswer } from '../../src/common/bridge.ts';
import type { Bill, PaymentRecord } from '../../src/common/payment/types.ts';

export const BILL: Bill = {
  billId: 'B-WATER-202610-0001',
  biller: 'water',
  account: '3101041234',
  holderMasked: '张*',
  addressMasked: '徐汇区**路**号',
  amountFen: 12_345,
  period: '2026-10',
  dueDate: '2026-11-30',
  status: 'unpaid',
};
export const KEY = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';

/** Apply events in order, returning the last state and every command emitted on the way. */
export function run(events: PaymentEvent[], from: PaymentState = INITIAL_PAYMENT_STATE): { state: PaymentState; commands: PaymentCommand[] } {
  let state = from;
  const commands: PaymentCommand[] = [];
  for (const e of events) {
    const step = transition(state, e);
    state = step.state;
    commands.push(...step.commands);
  }
  return { state, commands };
}

/** A server PaymentView as the gateway returns it. */
export function paymentView(over: Partial<PaymentView> = {}): PaymentView {
  return {
    paymentId: 'P-20261126-0001',
    reference: '7KQ2M9XR4T',
    idempotencyKey: KEY,
    state: 'pending',
    biller: 'water',
    account: BILL.account,
    period: BILL.period,
    amountFen: BILL.amountFen,
    order: { orderId: 'SIM0001', qrPayload: 'civicpay://sim/order/SIM0001', expiresAt: '2026-11-26T03:02:00.000Z' },
    receiptNo: null,
    failure: null,
    createdAt: '2026-11-26T03:00:00.000Z',
    updatedAt: '2026-11-26T03:00:00.000Z',
    ...over,
  };
}

export const RECORD: PaymentRecord = {
  key: KEY,
  billId: BILL.billId,
  biller: 'water',
  accountMasked: '******1234',
  amountFen: BILL.amountFen,
  period: BILL.period,
  status: 'awaiting-payment',
  reference: 'P-20261126-0001',
  receiptNo: null,
  expiresAt: Date.parse('2026-11-26T03:02:00.000Z'),
  receipt: 'none',
  createdAt: Date.parse('2026-11-26T03:00:00.000Z'),
  updatedAt: Date.parse('2026-11-26T03:00:00.000Z'),
};

/** A failed gateway answer as the privileged side hands it over (status 0: no answer). */
export function fail(status: number, code: string): GatewayAnswer<never> {
  return { ok: false, failure: { status, code } };
}

export function ok<T>(value: T): GatewayAnswer<T> {
  return { ok: true, value };
}
