import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INITIAL_PAYMENT_STATE, accepts, transition, type PaymentCommand, type PaymentEvent, type PaymentState } from '../../src/common/payment/payment-machine.ts';
import { PaymentError } from '../../src/common/payment/errors.ts';
import { BILL } from './fixtures.ts';

const STATE_NAMES = new Set([
  'choosing-biller', 'entering-account', 'bill-lookup', 'lookup-failed', 'bill-shown', 'creating-order', 'awaiting-payment',
  'confirming', 'receipt-printing', 'done', 'receipt-unavailable', 'declined', 'expired', 'cancelled', 'failed', 'unknown',
]);

/** Events without a clock; `now` is added as a running sum so time only moves forward. */
const eventArbs: fc.Arbitrary<(now: number) => PaymentEvent>[] = [
  fc.constantFrom('water', 'power', 'gas', 'telecom').map((biller) => () => ({ type: 'choose-biller', biller }) as const),
  fc.string({ maxLength: 20 }).map((account) => () => ({ type: 'submit-account', account }) as const),
  fc.string({ maxLength: 40 }).map((code) => () => ({ type: 'scan', code }) as const),
  fc.integer({ min: 1, max: 99_999 }).map((amountFen) => () => ({ type: 'bill-found', bill: { ...BILL, amountFen } }) as const),
  fc.constantFrom('not-found', 'already-paid', 'invalid', 'offline', 'server-error').map((reason) => () => ({ type: 'lookup-failed', reason }) as const),
  fc.oneof({ arbitrary: fc.uuid({ version: 4 }), weight: 4 }, { arbitrary: fc.string({ maxLength: 8 }), weight: 1 }).map((key) => (now: number) => ({ type: 'pay', key, now }) as const),
  fc.integer({ min: 0, max: 300_000 }).map((ttl) => (now: number) => ({ type: 'order-created', order: { orderId: 'O-1', qrPayload: 'q', expiresAt: now + ttl }, reference: 'R-1', now }) as const),
  fc.constantFrom('paid', 'declined', 'expired', 'cancelled', 'failed', 'reversed', 'pending', 'unknown').map((status) => (now: number) => ({ type: 'order-status', status, now }) as const),
  fc.boolean().map((retryable) => (now: number) => ({ type: 'request-failed', retryable, now }) as const),
  fc.constant((now: number) => ({ type: 'tick', now }) as const),
  fc.constant((now: number) => ({ type: 'cancel', now }) as const),
  fc.constant(() => ({ type: 'back' }) as const),
  fc.constant((now: number) => ({ type: 'printed', now }) as const),
  fc.constantFrom('paper-out', 'cover-open', 'offline', 'printer-absent', 'failed').map((error) => (now: number) => ({ type: 'print-failed', error, now }) as const),
  fc.constant((now: number) => ({ type: 'reprint', now }) as const),
  fc.constant(() => ({ type: 'finish' }) as const),
];

/**
 * One step offers a candidate of every event kind; mostly one the state accepts is taken (so
 * runs get deep into the flow), sometimes any (so illegal events are tried too).
 */
const stepArb = fc.record({
  candidates: fc.tuple(...eventArbs),
  choice: fc.nat(),
  wild: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
  dt: fc.integer({ min: 0, max: 15_000 }),
});
const sequenceArb = fc.array(stepArb, { minLength: 20, maxLength: 200 });

/** The events of a generated sequence as they are applied, with the clock moving forward. */
type Sequence = { candidates: ((now: number) => PaymentEvent)[]; choice: number; wild: boolean; dt: number }[];

function* events(seq: Sequence, current: () => PaymentState): Generator<PaymentEvent> {
  let now = 0;
  for (const step of seq) {
    now += step.dt;
    const all = step.candidates.map((make) => make(now));
    const legal = all.filter((e) => accepts(current(), e.type));
    const pool = step.wild || legal.length === 0 ? all : legal;
    yield pool[step.choice % pool.length]!;
  }
}

const NETWORK = new Set(['create-order', 'poll-order', 'cancel-order']);
const keyOf = (c: PaymentCommand): string | null => (c.type === 'persist' ? c.record.key : 'key' in c ? c.key : null);

describe('payment state machine under random event sequences', () => {
  it('only ever throws typed errors, leaves the state unchanged when it does, and never reaches an unknown state', () => {
    const reached = new Set<string>();
    fc.assert(
      fc.property(sequenceArb, (seq) => {
        let state: PaymentState = INITIAL_PAYMENT_STATE;
        for (const event of events(seq, () => state)) {
          const before = state;
          try {
            state = transition(state, event).state;
            reached.add(state.name);
          } catch (e) {
            expect(e).toBeInstanceOf(PaymentError);
            expect(state).toBe(before);
          }
          expect(STATE_NAMES.has(state.name)).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
    // The runs went through the whole flow, not only its first screens.
    expect([...STATE_NAMES].filter((n) => !reached.has(n))).toEqual([]);
  });

  it('uses one key per attempt, persists it before every network step, and never opens a second order before the first is closed', () => {
    fc.assert(
      fc.property(sequenceArb, (seq) => {
        let state: PaymentState = INITIAL_PAYMENT_STATE;
        let attemptKey: string | null = null;
        const persistedKeys = new Set<string>();
        const orderedKeys: string[] = [];
        for (const event of events(seq, () => state)) {
          let commands: PaymentCommand[];
          try {
            ({ state, commands } = transition(state, event));
          } catch {
            continue;
          }
          for (const c of commands) {
            if (c.type === 'end-payment') {
              attemptKey = null;
              continue;
            }
            const key = keyOf(c);
            if (key === null) continue;
            // Everything about one attempt carries that attempt's key, and no other.
            if (attemptKey === null) attemptKey = key;
            expect(key).toBe(attemptKey);
            if (c.type === 'persist') persistedKeys.add(key);
            if (NETWORK.has(c.type)) expect(persistedKeys.has(key)).toBe(true);
            if (c.type === 'create-order' && orderedKeys.at(-1) !== key) orderedKeys.push(key);
          }
          // While an attempt is open its key stays the same.
          if ('attempt' in state) expect(state.attempt.key).toBe(attemptKey);
        }
        expect(new Set(orderedKeys).size).toBe(orderedKeys.length);
      }),
      { numRuns: 400 },
    );
  });

  it('prints a receipt only for an order the ledger reported paid', () => {
    fc.assert(
      fc.property(sequenceArb, (seq) => {
        let state: PaymentState = INITIAL_PAYMENT_STATE;
        let paidKey: string | null = null;
        for (const event of events(seq, () => state)) {
          let commands: PaymentCommand[];
          try {
            ({ state, commands } = transition(state, event));
          } catch {
            continue;
          }
          for (const c of commands) {
            if (c.type === 'persist' && c.record.status === 'paid') paidKey = c.record.key;
            if (c.type === 'print-receipt') expect(c.key).toBe(paidKey);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
