import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TIMINGS as T,
  INITIAL_PAYMENT_STATE,
  accepts,
  transition,
  type PaymentCommand,
  type PaymentEvent,
} from '../../src/common/payment/payment-machine.ts';
import { IllegalPaymentEvent, PaymentError } from '../../src/common/payment/errors.ts';
import { BILL, KEY, run } from './fixtures.ts';

const toBill: PaymentEvent[] = [
  { type: 'choose-biller', biller: 'water' },
  { type: 'submit-account', account: BILL.account },
  { type: 'bill-found', bill: BILL },
];
const toCreating: PaymentEvent[] = [...toBill, { type: 'pay', key: KEY, now: 1_000 }];
const ORDER = { orderId: 'SIM0001', qrPayload: 'civicpay://sim/order/SIM0001', expiresAt: 1_000 + 120_000 };
const REF = 'P-20261126-0001';
const toAwaiting: PaymentEvent[] = [...toCreating, { type: 'order-created', order: ORDER, reference: REF, now: 1_500 }];

const persisted = (commands: PaymentCommand[]) => commands.flatMap((c) => (c.type === 'persist' ? [c.record] : []));
const network = (commands: PaymentCommand[]) => commands.filter((c) => c.type === 'create-order' || c.type === 'poll-order' || c.type === 'cancel-order');

describe('payment state machine: finding the bill', () => {
  it('goes from biller choice through the typed account to the bill', () => {
    const afterChoice = run(toBill.slice(0, 1));
    expect(afterChoice.state).toEqual({ name: 'entering-account', biller: 'water' });
    const lookup = run(toBill.slice(0, 2));
    expect(lookup.state.name).toBe('bill-lookup');
    expect(lookup.commands).toEqual([{ type: 'lookup-bill', query: { kind: 'account', biller: 'water', account: BILL.account } }]);
    expect(run(toBill).state).toEqual({ name: 'bill-shown', bill: BILL });
  });

  it('looks a scanned bill barcode up from the start screen or the account screen', () => {
    expect(run([{ type: 'scan', code: 'CKB1|water|x' }]).commands).toEqual([{ type: 'lookup-bill', query: { kind: 'barcode', code: 'CKB1|water|x' } }]);
    const fromAccount = run([{ type: 'choose-biller', biller: 'gas' }, { type: 'scan', code: 'C2' }]);
    expect(fromAccount.state).toEqual({ name: 'bill-lookup', query: { kind: 'barcode', code: 'C2' } });
  });

  it('shows a lookup failure and goes back to the account screen for a typed account', () => {
    const failed = run([...toBill.slice(0, 2), { type: 'lookup-failed', reason: 'not-found' }]);
    expect(failed.state).toMatchObject({ name: 'lookup-failed', reason: 'not-found' });
    expect(run([{ type: 'back' }], failed.state).state).toEqual({ name: 'entering-account', biller: 'water' });
    const scanned = run([{ type: 'scan', code: 'C' }, { type: 'lookup-failed', reason: 'offline' }]);
    expect(run([{ type: 'back' }], scanned.state).state).toEqual(INITIAL_PAYMENT_STATE);
    expect(run([{ type: 'scan', code: 'D' }], scanned.state).state.name).toBe('bill-lookup');
  });

  it('goes back or cancels from the account and bill screens and forgets the person', () => {
    const shown = run(toBill).state;
    expect(run([{ type: 'back' }], shown).state).toEqual({ name: 'entering-account', biller: 'water' });
    const cancelled = run([{ type: 'cancel', now: 0 }], shown);
    expect(cancelled.state).toEqual(INITIAL_PAYMENT_STATE);
    expect(cancelled.commands).toEqual([{ type: 'end-payment' }]);
    expect(run([{ type: 'choose-biller', biller: 'gas' }, { type: 'back' }]).state).toEqual(INITIAL_PAYMENT_STATE);
  });
});

describe('payment state machine: paying', () => {
  it('persists the attempt with its key before it asks the server to create the order', () => {
    const { state, commands } = run(toCreating);
    expect(state.name).toBe('creating-order');
    expect(commands.map((c) => c.type)).toEqual(['lookup-bill', 'persist', 'create-order']);
    const [rec] = persisted(commands);
    expect(rec).toMatchObject({ key: KEY, status: 'creating', amountFen: 12_345, accountMasked: '******1234', receipt: 'none' });
    // Neither the outbox nor the create request gets the raw account number.
    expect(JSON.stringify(commands.slice(1))).not.toContain(BILL.account);
    expect(commands[2]).toEqual({ type: 'create-order', key: KEY, billId: BILL.billId, amountFen: 12_345 });
  });

  it('refuses a key that was not made as a UUID', () => {
    const shown = run(toBill).state;
    expect(() => transition(shown, { type: 'pay', key: 'abc', now: 0 })).toThrow(PaymentError);
    try {
      transition(shown, { type: 'pay', key: 'abc', now: 0 });
    } catch (e) {
      expect((e as PaymentError).code).toBe('invalid-key');
    }
  });

  it('retries creating with the same key after a network failure, with growing delays', () => {
    let { state } = run([...toCreating, { type: 'request-failed', retryable: true, now: 1_100 }]);
    expect(state).toMatchObject({ name: 'creating-order', inFlight: false, retryAt: 1_100 + T.retryBaseMs });
    expect(transition(state, { type: 'tick', now: 1_500 }).commands).toEqual([]);
    const retry = transition(state, { type: 'tick', now: 2_100 });
    expect(retry.commands.map((c) => c.type)).toEqual(['persist', 'create-order']);
    expect(network(retry.commands)[0]).toMatchObject({ key: KEY });
    state = transition(retry.state, { type: 'request-failed', retryable: true, now: 2_200 }).state;
    expect(state).toMatchObject({ retryAt: 2_200 + 2 * T.retryBaseMs });
  });

  it('gives up creating after the deadline and leaves the attempt for reconciliation', () => {
    const { state, commands } = run([...toCreating, { type: 'request-failed', retryable: true, now: 1_000 + T.createDeadlineMs }]);
    expect(state.name).toBe('unknown');
    expect(persisted(commands).at(-1)).toMatchObject({ key: KEY, status: 'unknown' });
  });

  it('fails at once when the server rejects the create request', () => {
    const { state, commands } = run([...toCreating, { type: 'request-failed', retryable: false, now: 1_200 }]);
    expect(state).toMatchObject({ name: 'failed', reason: 'rejected' });
    expect(persisted(commands).at(-1)?.status).toBe('failed');
  });

  it('shows a decline the server reports on creation', () => {
    const { state, commands } = run([...toCreating, { type: 'order-status', status: 'declined', reference: 'R1', now: 1_200 }]);
    expect(state.name).toBe('declined');
    expect(persisted(commands).at(-1)).toMatchObject({ status: 'declined', reference: 'R1' });
  });

  it('shows the QR order, records its reference and expiry, and polls on the interval', () => {
    const { state, commands } = run(toAwaiting);
    expect(state).toMatchObject({ name: 'awaiting-payment', order: ORDER, pollAt: 1_500 + T.pollIntervalMs });
    expect(persisted(commands).at(-1)).toMatchObject({ status: 'awaiting-payment', reference: REF, expiresAt: ORDER.expiresAt });
    expect(transition(state, { type: 'tick', now: 2_000 }).commands).toEqual([]);
    const poll = transition(state, { type: 'tick', now: 3_500 });
    expect(poll.commands).toEqual([{ type: 'poll-order', key: KEY }]);
    // No second poll while one is out.
    expect(transition(poll.state, { type: 'tick', now: 9_000 }).commands).toEqual([]);
    const pending = transition(poll.state, { type: 'order-status', status: 'pending', now: 3_600 });
    expect(pending.state).toMatchObject({ name: 'awaiting-payment', inFlight: false });
    const lost = transition(poll.state, { type: 'request-failed', retryable: true, now: 3_600 });
    expect(lost.state).toMatchObject({ name: 'awaiting-payment', inFlight: false });
  });

  it('prints the receipt once the ledger says paid, and is done when it printed', () => {
    const paid = run([...toAwaiting, { type: 'tick', now: 3_500 }, { type: 'order-status', status: 'paid', now: 3_600 }]);
    expect(paid.state.name).toBe('receipt-printing');
    expect(paid.commands.slice(-2)).toEqual([expect.objectContaining({ type: 'persist', record: expect.objectContaining({ status: 'paid', receipt: 'pending' }) }), { type: 'print-receipt', key: KEY }]);
    const done = transition(paid.state, { type: 'printed', now: 4_000 });
    expect(done.state.name).toBe('done');
    expect(persisted(done.commands)[0]).toMatchObject({ status: 'paid', receipt: 'printed' });
    expect(transition(done.state, { type: 'finish' })).toEqual({ state: INITIAL_PAYMENT_STATE, commands: [{ type: 'end-payment' }] });
  });

  it('keeps the paid transaction when the printer fails and can print it again', () => {
    const paid = run([...toAwaiting, { type: 'tick', now: 3_500 }, { type: 'order-status', status: 'paid', now: 3_600 }]).state;
    const out = transition(paid, { type: 'print-failed', error: 'paper-out', now: 4_000 });
    expect(out.state).toMatchObject({ name: 'receipt-unavailable', error: 'paper-out' });
    expect(persisted(out.commands)[0]).toMatchObject({ status: 'paid', receipt: 'unavailable', reference: REF });
    const again = transition(out.state, { type: 'reprint', now: 5_000 });
    expect(again.state.name).toBe('receipt-printing');
    expect(again.commands.at(-1)).toEqual({ type: 'print-receipt', key: KEY });
    expect(transition(out.state, { type: 'finish' }).state).toEqual(INITIAL_PAYMENT_STATE);
  });

  it.each([
    ['declined', 'declined'],
    ['expired', 'expired'],
    ['cancelled', 'expired'],
    ['failed', 'failed'],
    ['reversed', 'failed'],
  ] as const)('ends a polled order reported %s on the %s screen', (status, screen) => {
    const { state, commands } = run([...toAwaiting, { type: 'tick', now: 3_500 }, { type: 'order-status', status, now: 3_600 }]);
    expect(state.name).toBe(screen);
    expect(persisted(commands).at(-1)?.status).toBe(status === 'cancelled' ? 'expired' : status);
    expect(transition(state, { type: 'finish' }).state).toEqual(INITIAL_PAYMENT_STATE);
  });
});

describe('payment state machine: expiry, cancel and lost network', () => {
  it('asks the server to close the order when the countdown ends; a last-second payment still counts', () => {
    const expiring = run([...toAwaiting, { type: 'tick', now: ORDER.expiresAt }]);
    expect(expiring.state).toMatchObject({ name: 'confirming', reason: 'expired' });
    expect(expiring.commands.slice(-2).map((c) => c.type)).toEqual(['persist', 'cancel-order']);
    expect(expiring.commands.at(-1)).toEqual({ type: 'cancel-order', key: KEY, reason: 'expired' });
    expect(transition(expiring.state, { type: 'order-status', status: 'cancelled', now: ORDER.expiresAt + 100 }).state.name).toBe('expired');
    expect(transition(expiring.state, { type: 'order-status', status: 'paid', now: ORDER.expiresAt + 100 }).state.name).toBe('receipt-printing');
  });

  it('cancels at the person\'s request, waiting for a poll that is still out', () => {
    const polling = run([...toAwaiting, { type: 'tick', now: 3_500 }]).state;
    const cancelling = transition(polling, { type: 'cancel', now: 3_600 });
    expect(cancelling.state).toMatchObject({ name: 'confirming', reason: 'cancel', inFlight: true });
    expect(network(cancelling.commands)).toEqual([]);
    const pollAnswer = transition(cancelling.state, { type: 'order-status', status: 'pending', now: 3_700 });
    expect(pollAnswer.state).toMatchObject({ name: 'confirming', inFlight: false });
    const send = transition(pollAnswer.state, { type: 'tick', now: 3_700 + T.retryBaseMs });
    expect(network(send.commands)).toEqual([{ type: 'cancel-order', key: KEY, reason: 'cancel' }]);
    expect(transition(send.state, { type: 'order-status', status: 'cancelled', now: 5_000 }).state.name).toBe('cancelled');
  });

  it('cancels at once when no poll is out', () => {
    const { state, commands } = run([...toAwaiting, { type: 'cancel', now: 2_000 }]);
    expect(state).toMatchObject({ name: 'confirming', reason: 'cancel', inFlight: true });
    expect(network(commands).at(-1)).toEqual({ type: 'cancel-order', key: KEY, reason: 'cancel' });
  });

  it('keeps asking while the server is away, then leaves the attempt for reconciliation', () => {
    let { state } = run([...toAwaiting, { type: 'cancel', now: 2_000 }, { type: 'request-failed', retryable: true, now: 2_100 }]);
    expect(state).toMatchObject({ name: 'confirming', inFlight: false, retryAt: 2_100 + T.retryBaseMs });
    state = transition(state, { type: 'tick', now: 2_000 + T.confirmDeadlineMs }).state;
    expect(state.name).toBe('unknown');
    expect(transition(state, { type: 'finish' }).state).toEqual(INITIAL_PAYMENT_STATE);
    const rejected = run([...toAwaiting, { type: 'cancel', now: 2_000 }, { type: 'request-failed', retryable: false, now: 2_100 }]);
    expect(rejected.state.name).toBe('unknown');
  });
});

describe('payment state machine: leaving and refused bills', () => {
  const prints = (commands: PaymentCommand[]) => commands.filter((c) => c.type === 'print-receipt');

  it('closes the QR order when the person leaves; a payment landing after that is recorded, never printed', () => {
    const leaving = run([...toAwaiting, { type: 'leave', now: 2_000 }]);
    expect(leaving.state).toMatchObject({ name: 'confirming', reason: 'left' });
    expect(network(leaving.commands).at(-1)).toEqual({ type: 'cancel-order', key: KEY, reason: 'left' });
    const paid = transition(leaving.state, { type: 'order-status', status: 'paid', receiptNo: 'WA1', now: 2_100 });
    expect(paid.state.name).toBe('done');
    expect(prints(paid.commands)).toEqual([]);
    expect(persisted(paid.commands).at(-1)).toMatchObject({ status: 'paid', receipt: 'unavailable', reference: REF, receiptNo: 'WA1' });
    expect(transition(leaving.state, { type: 'order-status', status: 'cancelled', now: 2_100 }).state.name).toBe('cancelled');
  });

  it('leaving while the order is still being created closes it as soon as it exists', () => {
    const left = run([...toCreating, { type: 'leave', now: 1_100 }]);
    expect(left.state).toMatchObject({ name: 'creating-order', left: true });
    const created = transition(left.state, { type: 'order-created', order: ORDER, reference: REF, now: 1_200 });
    expect(created.state).toMatchObject({ name: 'confirming', reason: 'left' });
    expect(network(created.commands)).toEqual([{ type: 'cancel-order', key: KEY, reason: 'left' }]);
    const paidAtOnce = transition(left.state, { type: 'order-status', status: 'paid', reference: REF, now: 1_200 });
    expect(prints(paidAtOnce.commands)).toEqual([]);
  });

  it('a cancel already on its way becomes a leave when the person walks off', () => {
    const cancelling = run([...toAwaiting, { type: 'cancel', now: 2_000 }, { type: 'leave', now: 2_010 }]);
    expect(cancelling.state).toMatchObject({ name: 'confirming', reason: 'left' });
    expect(prints(transition(cancelling.state, { type: 'order-status', status: 'paid', now: 2_100 }).commands)).toEqual([]);
  });

  it.each(['already-paid', 'in-doubt'] as const)('shows a bill the server refused as %s with its own message, nothing charged', (reason) => {
    const { state, commands } = run([...toCreating, { type: 'bill-refused', reason, now: 1_200 }]);
    expect(state).toMatchObject({ name: 'declined', refusal: reason });
    expect(persisted(commands).at(-1)).toMatchObject({ status: 'declined' });
  });
});

describe('payment state machine: illegal events', () => {
  it('throws a typed IllegalPaymentEvent naming the state and event', () => {
    const err = (() => {
      try {
        transition(INITIAL_PAYMENT_STATE, { type: 'printed', now: 0 });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(IllegalPaymentEvent);
    expect(err).toMatchObject({ code: 'illegal-event', state: 'choosing-biller', event: 'printed' });
  });

  it('never takes a second pay while an attempt is open', () => {
    const creating = run(toCreating).state;
    expect(accepts(creating, 'pay')).toBe(false);
    expect(() => transition(creating, { type: 'pay', key: crypto.randomUUID(), now: 2 })).toThrow(IllegalPaymentEvent);
    const awaiting = run(toAwaiting).state;
    expect(() => transition(awaiting, { type: 'pay', key: crypto.randomUUID(), now: 2 })).toThrow(IllegalPaymentEvent);
  });

  it('does not leave a payment whose money is in doubt by back or finish', () => {
    for (const s of [run(toCreating).state, run(toAwaiting).state, run([...toAwaiting, { type: 'cancel', now: 2 }]).state]) {
      expect(accepts(s, 'back')).toBe(false);
      expect(accepts(s, 'finish')).toBe(false);
    }
  });
});
