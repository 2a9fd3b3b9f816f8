/**
 * PaymentRunner: drives the payment state machine over the bridge. It applies events, then
 * executes the commands of each step in order on one queue: a `persist` is awaited before the
 * network command after it, and a failed write stops the step (the machine retries it as a
 * failed request). Answers come back as events. Time reaches the machine through `tick()`.
 */
import { signal } from '@preact/signals';
import type { KioskBridge, ReceiptJob } from '../../common/bridge.ts';
import { interpretLookup, interpretPayment, lookupRequest, orOffline } from '../../common/payment/payment-api.ts';
import {
  DEFAULT_TIMINGS,
  INITIAL_PAYMENT_STATE,
  SETTLED_STATES,
  accepts,
  attemptOf,
  transition,
  type PaymentCommand,
  type PaymentEvent,
  type PaymentState,
  type PaymentTimings,
} from '../../common/payment/payment-machine.ts';
import type { PaymentRecord } from '../../common/payment/types.ts';
import type { PaymentOutbox } from './outbox.ts';

export interface RunnerDeps {
  bridge: Pick<KioskBridge, 'payments' | 'printer'>;
  outbox: PaymentOutbox;
  now(): number;
  /** Makes the attempt's idempotency key; crypto.randomUUID on the terminal. */
  newKey(): string;
  /** The receipt of a paid record, in the screen's language, with the terminal's name. */
  receipt(record: PaymentRecord, reprint: boolean): ReceiptJob;
  timings?: PaymentTimings;
}

export class PaymentRunner {
  readonly state = signal<PaymentState>(INITIAL_PAYMENT_STATE);
  private queue: Promise<void> = Promise.resolve();
  private readonly timings: PaymentTimings;
  /** The person left while money was in doubt: go back to the start once it is settled. */
  private released = false;

  constructor(private readonly deps: RunnerDeps) {
    this.timings = deps.timings ?? DEFAULT_TIMINGS;
  }

  /** The attempt being driven while its money is in doubt (the reconciler leaves it alone). */
  activeKey(): string | null {
    return SETTLED_STATES.includes(this.state.value.name) ? null : (attemptOf(this.state.value)?.key ?? null);
  }

  /** Apply an event; its commands run on the queue. Throws IllegalPaymentEvent synchronously. */
  dispatch(event: PaymentEvent): void {
    const step = transition(this.state.value, event, this.timings);
    this.state.value = step.state;
    if (step.commands.length > 0) this.queue = this.queue.then(() => this.execute(step.commands));
    if (this.released && SETTLED_STATES.includes(step.state.name)) this.release();
  }

  /**
   * The person left (back, home, finish, idle wipe). Back to the start now if no money is in
   * doubt; otherwise an open order is closed and the attempt runs to its end in the background
   * first, printing nothing (a late payment is recorded, its receipt kept for a reprint).
   */
  release(): void {
    if (accepts(this.state.value, 'leave')) this.dispatch({ type: 'leave', now: this.deps.now() });
    this.released = !this.reset();
  }

  /** Back to the start if no money is in doubt (a person opening the bill screens anew); true if it did. */
  reset(): boolean {
    if (!SETTLED_STATES.includes(this.state.value.name)) return false;
    this.released = false;
    this.state.value = INITIAL_PAYMENT_STATE;
    return true;
  }

  /** Pay the bill on screen with a fresh key made here. */
  pay(): void {
    this.dispatch({ type: 'pay', key: this.deps.newKey(), now: this.deps.now() });
  }

  /** Time passed: only states with a clock (countdown, polls, retries) take it. */
  tick(): void {
    if (accepts(this.state.value, 'tick')) this.dispatch({ type: 'tick', now: this.deps.now() });
  }

  /** Resolves when every queued command has run (tests, and the screen before it leaves). */
  async settled(): Promise<void> {
    // Answers queue more commands while we wait: wait until the queue stops growing.
    let seen: Promise<void>;
    do {
      seen = this.queue;
      await seen;
    } while (seen !== this.queue);
  }

  private async execute(commands: PaymentCommand[]): Promise<void> {
    for (const command of commands) {
      if (!(await this.run(command))) return;
    }
  }

  /** Run one command; false stops the rest of its step. */
  private async run(c: PaymentCommand): Promise<boolean> {
    const { bridge, outbox, now } = this.deps;
    switch (c.type) {
      case 'persist':
        try {
          await outbox.put(c.record);
          return true;
        } catch {
          // Nothing may go to the server that the outbox does not hold.
          this.answer({ type: 'request-failed', retryable: true, now: now() });
          return false;
        }
      case 'lookup-bill': {
        const event = interpretLookup(await orOffline(bridge.payments.lookup(lookupRequest(c.query))), c.query);
        // A payment of this bill still in doubt must be settled before it can be paid again.
        if (event.type === 'bill-found' && (await outbox.inDoubt(event.bill.billId))) this.answer({ type: 'lookup-failed', reason: 'in-doubt' });
        else this.answer(event);
        return true;
      }
      case 'create-order': {
        const request = { idempotencyKey: c.key, billId: c.billId, amountFen: c.amountFen };
        this.answer(interpretPayment(await orOffline(bridge.payments.create(request)), now(), 'create'));
        return true;
      }
      case 'poll-order':
        this.answer(interpretPayment(await orOffline(bridge.payments.status({ idempotencyKey: c.key })), now(), 'poll'));
        return true;
      case 'cancel-order':
        this.answer(interpretPayment(await orOffline(bridge.payments.cancel({ idempotencyKey: c.key })), now(), 'cancel'));
        return true;
      case 'print-receipt': {
        const record = await outbox.get(c.key);
        const result = record ? await bridge.printer.print(this.deps.receipt(record, false)).catch(() => ({ ok: false as const, error: 'failed' as const })) : ({ ok: false, error: 'failed' } as const);
        this.answer(result.ok ? { type: 'printed', now: now() } : { type: 'print-failed', error: result.error, now: now() });
        return true;
      }
      case 'end-payment':
        return true;
    }
  }

  /** Answers arrive in states that expect them (one request out at a time); anything else is a bug worth seeing. */
  private answer(event: PaymentEvent): void {
    try {
      this.dispatch(event);
    } catch (e) {
      console.error('payment runner: answer not accepted', e);
    }
  }
}
