/**
 * The bill-payment state machine, sans-I/O: events in, commands out, time passed in with each
 * event. Every transition is in TABLE below; an event a state does not list is an
 * IllegalPaymentEvent. The runner executes the commands in order, so a `persist` always lands
 * in the outbox before the network command that follows it.
 *
 * At most one network request is out at a time (`inFlight`), so every response arrives in a
 * state that expects it.
 */
import { IllegalPaymentEvent, PaymentError } from './errors.ts';
import {
  isIdempotencyKey,
  maskAccount,
  type Bill,
  type BillerKind,
  type BillQuery,
  type PaymentAttempt,
  type PaymentOrder,
  type PaymentRecord,
  type PaymentRecordStatus,
  type ReceiptStatus,
  type ServerOrderStatus,
} from './types.ts';
import type { PrintErrorCode } from '@civic-kiosk/device-drivers/common/device-results';

export interface PaymentTimings {
  /** How often the terminal asks whether the QR order was paid. */
  pollIntervalMs: number;
  /** First retry delay after a failed request; doubles up to `retryMaxMs`. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** How long creating an order may keep failing before the attempt needs reconciliation. */
  createDeadlineMs: number;
  /** How long getting the final word on an order may keep failing before it needs reconciliation. */
  confirmDeadlineMs: number;
}

export const DEFAULT_TIMINGS: PaymentTimings = {
  pollIntervalMs: 2_000,
  retryBaseMs: 1_000,
  retryMaxMs: 8_000,
  createDeadlineMs: 20_000,
  confirmDeadlineMs: 30_000,
};

/** `in-doubt`: an earlier payment of this bill is not settled yet, so it must not be paid again now. */
export type LookupFailure = 'not-found' | 'already-paid' | 'invalid' | 'offline' | 'server-error' | 'in-doubt';
export type FailureReason = 'rejected' | 'server-error';
/** Why the server refused to open an order for a bill: its ledger holds it paid, or paid with the outcome unknown. */
export type BillRefusal = 'already-paid' | 'in-doubt';
/**
 * Why the terminal asks for an order's final word: the person cancelled, the QR expired, or
 * the person left the QR screen (then a late payment is recorded, its receipt kept for a reprint).
 */
export type ConfirmReason = 'cancel' | 'expired' | 'left';

export type PaymentState =
  | { name: 'choosing-biller' }
  | { name: 'entering-account'; biller: BillerKind }
  | { name: 'bill-lookup'; query: BillQuery }
  | { name: 'lookup-failed'; query: BillQuery; reason: LookupFailure }
  | { name: 'bill-shown'; bill: Bill }
  | { name: 'creating-order'; attempt: PaymentAttempt; inFlight: boolean; retryAt: number | null; tries: number; deadline: number; left?: boolean }
  | { name: 'awaiting-payment'; attempt: PaymentAttempt; order: PaymentOrder; inFlight: boolean; pollAt: number }
  | {
      name: 'confirming';
      attempt: PaymentAttempt;
      reason: ConfirmReason;
      order: PaymentOrder;
      inFlight: boolean;
      retryAt: number | null;
      tries: number;
      deadline: number;
    }
  | { name: 'receipt-printing'; attempt: PaymentAttempt }
  | { name: 'done'; attempt: PaymentAttempt }
  | { name: 'receipt-unavailable'; attempt: PaymentAttempt; error: PrintErrorCode }
  | { name: 'declined'; attempt: PaymentAttempt; refusal?: BillRefusal }
  | { name: 'expired'; attempt: PaymentAttempt }
  | { name: 'cancelled'; attempt: PaymentAttempt }
  | { name: 'failed'; attempt: PaymentAttempt; reason: FailureReason }
  | { name: 'unknown'; attempt: PaymentAttempt };

export type PaymentStateName = PaymentState['name'];

export type PaymentEvent =
  | { type: 'choose-biller'; biller: BillerKind }
  | { type: 'submit-account'; account: string }
  | { type: 'scan'; code: string }
  | { type: 'bill-found'; bill: Bill }
  | { type: 'lookup-failed'; reason: LookupFailure }
  | { type: 'pay'; key: string; now: number }
  | { type: 'order-created'; order: PaymentOrder; reference: string; now: number }
  | { type: 'order-status'; status: ServerOrderStatus; reference?: string; receiptNo?: string; now: number }
  /** A create/poll/cancel request got no usable answer: offline, timeout or a 5xx (`retryable`), or a 4xx. */
  | { type: 'request-failed'; retryable: boolean; now: number }
  | { type: 'tick'; now: number }
  | { type: 'cancel'; now: number }
  /** The person left the QR screen (confirmed) or the session ended: close the order, print nothing. */
  | { type: 'leave'; now: number }
  /** The server refused to open an order for this bill. */
  | { type: 'bill-refused'; reason: BillRefusal; now: number }
  | { type: 'back' }
  | { type: 'printed'; now: number }
  | { type: 'print-failed'; error: PrintErrorCode; now: number }
  | { type: 'reprint'; now: number }
  | { type: 'finish' };

export type PaymentEventType = PaymentEvent['type'];

export type PaymentCommand =
  | { type: 'persist'; record: PaymentRecord }
  | { type: 'lookup-bill'; query: BillQuery }
  | { type: 'create-order'; key: string; billId: string; amountFen: number }
  | { type: 'poll-order'; key: string }
  /** Ask the server to close the order; it answers with the order's final status (which may be `paid`). */
  | { type: 'cancel-order'; key: string; reason: ConfirmReason }
  | { type: 'print-receipt'; key: string }
  /** Forget the person's data held by the runner (the flow is back at the start). */
  | { type: 'end-payment' };

export interface Step {
  state: PaymentState;
  commands: PaymentCommand[];
}

export const INITIAL_PAYMENT_STATE: PaymentState = { name: 'choosing-biller' };

type StateOf<N extends PaymentStateName> = Extract<PaymentState, { name: N }>;
type EventOf<T extends PaymentEventType> = Extract<PaymentEvent, { type: T }>;
type Handler<N extends PaymentStateName, T extends PaymentEventType> = (state: StateOf<N>, event: EventOf<T>, timings: PaymentTimings) => Step;
type Table = { [N in PaymentStateName]: { [T in PaymentEventType]?: Handler<N, T> } };

const stay = (state: PaymentState): Step => ({ state, commands: [] });

function record(attempt: PaymentAttempt, status: PaymentRecordStatus, now: number, extra: { expiresAt?: number | null; receipt?: ReceiptStatus } = {}): PaymentCommand {
  return {
    type: 'persist',
    record: {
      key: attempt.key,
      billId: attempt.billId,
      biller: attempt.biller,
      accountMasked: attempt.accountMasked,
      amountFen: attempt.amountFen,
      period: attempt.period,
      status,
      reference: attempt.reference,
      receiptNo: attempt.receiptNo,
      expiresAt: extra.expiresAt ?? null,
      receipt: extra.receipt ?? 'none',
      createdAt: attempt.createdAt,
      updatedAt: now,
    },
  };
}

function createCommand(attempt: PaymentAttempt): PaymentCommand {
  return { type: 'create-order', key: attempt.key, billId: attempt.billId, amountFen: attempt.amountFen };
}

function backoff(tries: number, t: PaymentTimings): number {
  return Math.min(t.retryBaseMs * 2 ** Math.max(tries - 1, 0), t.retryMaxMs);
}

/**
 * The final answer of the ledger as a state; `pending`/`unknown` are not final and return null.
 * A payment that lands after the person left is recorded with its receipt kept for a reprint:
 * nothing prints over whatever screen the next person is on.
 */
function settle(attempt: PaymentAttempt, status: ServerOrderStatus, now: number, why: ConfirmReason | 'none'): Step | null {
  const expiredMeansExpired = why === 'expired';
  switch (status) {
    case 'paid':
      if (why === 'left') return { state: { name: 'done', attempt }, commands: [record(attempt, 'paid', now, { receipt: 'unavailable' })] };
      return { state: { name: 'receipt-printing', attempt }, commands: [record(attempt, 'paid', now, { receipt: 'pending' }), { type: 'print-receipt', key: attempt.key }] };
    case 'declined':
      return { state: { name: 'declined', attempt }, commands: [record(attempt, 'declined', now)] };
    case 'expired':
      return { state: { name: 'expired', attempt }, commands: [record(attempt, 'expired', now)] };
    case 'cancelled':
      // Closing an expired QR order is a cancel on the server; the person saw it expire.
      return expiredMeansExpired
        ? { state: { name: 'expired', attempt }, commands: [record(attempt, 'expired', now)] }
        : { state: { name: 'cancelled', attempt }, commands: [record(attempt, 'cancelled', now)] };
    case 'failed':
    case 'reversed':
      return { state: { name: 'failed', attempt, reason: 'rejected' }, commands: [record(attempt, status, now)] };
    case 'pending':
    case 'unknown':
      return null;
  }
}

/** What the server told about the attempt; the reference, once known, never changes. */
function withReference(attempt: PaymentAttempt, e: { reference?: string; receiptNo?: string }): PaymentAttempt {
  return {
    ...attempt,
    reference: attempt.reference ?? e.reference ?? null,
    receiptNo: e.receiptNo ?? attempt.receiptNo,
  };
}

function unknown(attempt: PaymentAttempt, now: number): Step {
  return { state: { name: 'unknown', attempt }, commands: [record(attempt, 'unknown', now)] };
}

function confirm(s: Pick<StateOf<'awaiting-payment'>, 'attempt' | 'order' | 'inFlight'>, reason: ConfirmReason, now: number, t: PaymentTimings): Step {
  const state: StateOf<'confirming'> = { name: 'confirming', attempt: s.attempt, reason, order: s.order, inFlight: s.inFlight, retryAt: null, tries: 0, deadline: now + t.confirmDeadlineMs };
  if (s.inFlight) {
    // A poll is still out: its answer comes first, then the cancel goes.
    return { state: { ...state, retryAt: now }, commands: [record(s.attempt, 'confirming', now, { expiresAt: s.order.expiresAt })] };
  }
  return {
    state: { ...state, inFlight: true, tries: 1 },
    commands: [record(s.attempt, 'confirming', now, { expiresAt: s.order.expiresAt }), { type: 'cancel-order', key: s.attempt.key, reason }],
  };
}

function retryConfirm(s: StateOf<'confirming'>, now: number, t: PaymentTimings): Step {
  if (now >= s.deadline) return unknown(s.attempt, now);
  return { state: { ...s, inFlight: false, retryAt: now + backoff(s.tries, t) }, commands: [] };
}

const backToStart: Step = { state: INITIAL_PAYMENT_STATE, commands: [{ type: 'end-payment' }] };
const finish = (): Step => backToStart;

const TABLE: Table = {
  'choosing-biller': {
    'choose-biller': (_s, e) => stay({ name: 'entering-account', biller: e.biller }),
    scan: (_s, e) => ({ state: { name: 'bill-lookup', query: { kind: 'barcode', code: e.code } }, commands: [{ type: 'lookup-bill', query: { kind: 'barcode', code: e.code } }] }),
  },
  'entering-account': {
    'submit-account': (s, e) => {
      const query: BillQuery = { kind: 'account', biller: s.biller, account: e.account };
      return { state: { name: 'bill-lookup', query }, commands: [{ type: 'lookup-bill', query }] };
    },
    scan: (_s, e) => ({ state: { name: 'bill-lookup', query: { kind: 'barcode', code: e.code } }, commands: [{ type: 'lookup-bill', query: { kind: 'barcode', code: e.code } }] }),
    back: () => backToStart,
    cancel: () => backToStart,
  },
  'bill-lookup': {
    'bill-found': (_s, e) => stay({ name: 'bill-shown', bill: e.bill }),
    'lookup-failed': (s, e) => stay({ name: 'lookup-failed', query: s.query, reason: e.reason }),
  },
  'lookup-failed': {
    back: (s) => (s.query.kind === 'account' ? stay({ name: 'entering-account', biller: s.query.biller }) : backToStart),
    scan: (_s, e) => ({ state: { name: 'bill-lookup', query: { kind: 'barcode', code: e.code } }, commands: [{ type: 'lookup-bill', query: { kind: 'barcode', code: e.code } }] }),
    cancel: () => backToStart,
  },
  'bill-shown': {
    pay: (s, e, t) => {
      if (!isIdempotencyKey(e.key)) throw new PaymentError('invalid-key', 'an idempotency key must be a UUID made on the terminal');
      const attempt: PaymentAttempt = {
        key: e.key,
        billId: s.bill.billId,
        biller: s.bill.biller,
        accountMasked: maskAccount(s.bill.account),
        amountFen: s.bill.amountFen,
        period: s.bill.period,
        createdAt: e.now,
        reference: null,
        receiptNo: null,
      };
      return {
        state: { name: 'creating-order', attempt, inFlight: true, retryAt: null, tries: 1, deadline: e.now + t.createDeadlineMs },
        commands: [record(attempt, 'creating', e.now), createCommand(attempt)],
      };
    },
    back: (s) => stay({ name: 'entering-account', biller: s.bill.biller }),
    cancel: () => backToStart,
  },
  'creating-order': {
    'order-created': (s, e, t) => {
      const attempt = withReference(s.attempt, e);
      if (s.left) return confirm({ attempt, order: e.order, inFlight: false }, 'left', e.now, t);
      return {
        state: { name: 'awaiting-payment', attempt, order: e.order, inFlight: false, pollAt: e.now + t.pollIntervalMs },
        commands: [record(attempt, 'awaiting-payment', e.now, { expiresAt: e.order.expiresAt })],
      };
    },
    // The create call can answer with a final status at once (the biller refused the account).
    'order-status': (s, e) => settle(withReference(s.attempt, e), e.status, e.now, s.left ? 'left' : 'none') ?? unknown(withReference(s.attempt, e), e.now),
    // Nobody was charged: the person is told why, in plain words.
    'bill-refused': (s, e) => ({ state: { name: 'declined', attempt: s.attempt, refusal: e.reason }, commands: [record(s.attempt, 'declined', e.now)] }),
    leave: (s) => stay({ ...s, left: true }),
    'request-failed': (s, e, t) => {
      if (!e.retryable) return { state: { name: 'failed', attempt: s.attempt, reason: 'rejected' }, commands: [record(s.attempt, 'failed', e.now)] };
      if (e.now >= s.deadline) return unknown(s.attempt, e.now);
      return stay({ ...s, inFlight: false, retryAt: e.now + backoff(s.tries, t) });
    },
    tick: (s, e) => {
      if (s.inFlight || s.retryAt === null || e.now < s.retryAt) return stay(s);
      // Same key on every retry: the server applies it once.
      return { state: { ...s, inFlight: true, retryAt: null, tries: s.tries + 1 }, commands: [record(s.attempt, 'creating', e.now), createCommand(s.attempt)] };
    },
  },
  'awaiting-payment': {
    tick: (s, e, t) => {
      if (e.now >= s.order.expiresAt) return confirm(s, 'expired', e.now, t);
      if (s.inFlight || e.now < s.pollAt) return stay(s);
      return { state: { ...s, inFlight: true, pollAt: e.now + t.pollIntervalMs }, commands: [{ type: 'poll-order', key: s.attempt.key }] };
    },
    'order-status': (s, e) => {
      const attempt = withReference(s.attempt, e);
      return settle(attempt, e.status, e.now, 'expired') ?? stay({ ...s, attempt, inFlight: false });
    },
    // Polls keep going while the network is away; expiry then hands over to `confirming`.
    'request-failed': (s) => stay({ ...s, inFlight: false }),
    cancel: (s, e, t) => confirm(s, 'cancel', e.now, t),
    leave: (s, e, t) => confirm(s, 'left', e.now, t),
  },
  confirming: {
    'order-status': (s, e, t) => {
      const attempt = withReference(s.attempt, e);
      return settle(attempt, e.status, e.now, s.reason) ?? retryConfirm({ ...s, attempt }, e.now, t);
    },
    'request-failed': (s, e, t) => (e.retryable ? retryConfirm(s, e.now, t) : unknown(s.attempt, e.now)),
    leave: (s) => stay({ ...s, reason: 'left' }),
    tick: (s, e) => {
      if (s.inFlight || s.retryAt === null || e.now < s.retryAt) return stay(s);
      if (e.now >= s.deadline) return unknown(s.attempt, e.now);
      return {
        state: { ...s, inFlight: true, retryAt: null, tries: s.tries + 1 },
        commands: [record(s.attempt, 'confirming', e.now, { expiresAt: s.order.expiresAt }), { type: 'cancel-order', key: s.attempt.key, reason: s.reason }],
      };
    },
  },
  'receipt-printing': {
    printed: (s, e) => ({ state: { name: 'done', attempt: s.attempt }, commands: [record(s.attempt, 'paid', e.now, { receipt: 'printed' })] }),
    'print-failed': (s, e) => ({
      state: { name: 'receipt-unavailable', attempt: s.attempt, error: e.error },
      commands: [record(s.attempt, 'paid', e.now, { receipt: 'unavailable' })],
    }),
  },
  done: { finish },
  'receipt-unavailable': {
    reprint: (s, e) => ({ state: { name: 'receipt-printing', attempt: s.attempt }, commands: [record(s.attempt, 'paid', e.now, { receipt: 'pending' }), { type: 'print-receipt', key: s.attempt.key }] }),
    finish,
  },
  declined: { finish },
  expired: { finish },
  cancelled: { finish },
  failed: { finish },
  // The outbox reconciles it with the ledger in the background; the person may leave.
  unknown: { finish },
};

/** Apply one event. Throws IllegalPaymentEvent when the state does not accept it. */
export function transition(state: PaymentState, event: PaymentEvent, timings: PaymentTimings = DEFAULT_TIMINGS): Step {
  const handler = TABLE[state.name][event.type] as Handler<PaymentStateName, PaymentEventType> | undefined;
  if (!handler) throw new IllegalPaymentEvent(state.name, event.type);
  return handler(state as never, event as never, timings);
}

/** Whether the state accepts the event type, for UIs that hide controls that would be illegal. */
export function accepts(state: PaymentState, type: PaymentEventType): boolean {
  return TABLE[state.name][type] !== undefined;
}

/** The attempt a state carries, if any: money may be involved from `creating-order` on. */
export function attemptOf(state: PaymentState): PaymentAttempt | null {
  return 'attempt' in state ? state.attempt : null;
}

/** States in which a person may walk away without leaving money in doubt. */
export const SETTLED_STATES: readonly PaymentStateName[] = ['choosing-biller', 'entering-account', 'bill-lookup', 'lookup-failed', 'bill-shown', 'done', 'receipt-unavailable', 'declined', 'expired', 'cancelled', 'failed', 'unknown'];
