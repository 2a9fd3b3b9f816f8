/**
 * An in-memory stand-in for the bridge's `payments.*` calls as the privileged side answers them
 * for the district server's payment routes, for unit tests of the runner and reconciler: one
 * ledger entry per idempotency key, charges counted per key, and switches to go offline or to
 * lose answers after the server applied a request.
 */
import { SHORT_REFERENCE_ALPHABET, type PaymentFailureCode, type PaymentView } from '@civic-kiosk/protocol/gateway';
import type { GatewayAnswer, KioskBridge } from '../../src/common/bridge.ts';
import { BILL, fail } from './fixtures.ts';

interface Entry {
  key: string;
  paymentId: string;
  state: 'pending' | 'paid' | 'failed';
  failure: PaymentFailureCode | null;
  expiresAt: number;
  charges: number;
}

/** The short reference the fake server gives a payment id (`P1` → `2222222223`). */
export function referenceOf(paymentId: string): string {
  return paymentId.slice(1).padStart(10, '0').replace(/\d/g, (d) => SHORT_REFERENCE_ALPHABET[Number(d)]!);
}

export class FakeGateway {
  readonly entries = new Map<string, Entry>();
  offline = false;
  /** Apply the next request, then answer as if the network dropped (status 0). */
  loseNextAnswer = false;
  calls: string[] = [];
  private seq = 0;

  constructor(
    private readonly now: () => number,
    private readonly ttlMs = 120_000,
  ) {}

  readonly payments: KioskBridge['payments'] = {
    lookup: async () => this.answer('lookup', () => ({ ok: true, value: { bills: [BILL] } })),
    create: async ({ idempotencyKey }) =>
      this.answer(`create ${idempotencyKey}`, () => {
        let e = this.entries.get(idempotencyKey);
        if (!e) {
          e = { key: idempotencyKey, paymentId: `P${++this.seq}`, state: 'pending', failure: null, expiresAt: this.now() + this.ttlMs, charges: 0 };
          this.entries.set(e.key, e);
        }
        return { ok: true, value: this.view(e) };
      }),
    status: async ({ idempotencyKey }) => this.answer(`status ${idempotencyKey}`, () => this.existing(idempotencyKey, () => undefined)),
    cancel: async ({ idempotencyKey }) =>
      this.answer(`cancel ${idempotencyKey}`, () =>
        this.existing(idempotencyKey, (e) => {
          if (e.state !== 'pending') return;
          e.state = 'failed';
          e.failure = 'payment-cancelled';
        }),
      ),
  };

  private answer<T>(call: string, apply: () => GatewayAnswer<T>): GatewayAnswer<T> {
    this.calls.push(call);
    if (this.offline) return fail(0, 'offline');
    const answer = apply();
    if (this.loseNextAnswer) {
      this.loseNextAnswer = false;
      return fail(0, 'offline');
    }
    return answer;
  }

  private existing(key: string, change: (e: Entry) => void): GatewayAnswer<PaymentView> {
    const e = this.entries.get(key);
    if (!e) return fail(404, 'payment-not-found');
    this.expire(e);
    change(e);
    return { ok: true, value: this.view(e) };
  }

  /** The payer scans and pays (or the order otherwise ends). */
  payer(key: string, action: 'complete' | 'decline'): void {
    const e = this.entries.get(key);
    if (!e || e.state !== 'pending') throw new Error(`no pending order for ${key}`);
    if (action === 'complete') {
      e.state = 'paid';
      e.charges++;
    } else {
      e.state = 'failed';
      e.failure = 'biller-declined';
    }
  }

  charges(): number {
    return [...this.entries.values()].reduce((n, e) => n + e.charges, 0);
  }

  private expire(e: Entry): void {
    if (e.state === 'pending' && this.now() >= e.expiresAt) {
      e.state = 'failed';
      e.failure = 'payment-expired';
    }
  }

  private view(e: Entry): PaymentView {
    return {
      paymentId: e.paymentId,
      reference: referenceOf(e.paymentId),
      idempotencyKey: e.key,
      state: e.state,
      biller: BILL.biller,
      account: BILL.account,
      period: BILL.period,
      amountFen: BILL.amountFen,
      order: { orderId: `O${e.paymentId}`, qrPayload: `civicpay://sim/order/O${e.paymentId}`, expiresAt: new Date(e.expiresAt).toISOString() },
      receiptNo: e.state === 'paid' ? `WA${e.paymentId}` : null,
      failure: e.failure ? { code: e.failure, message: e.failure } : null,
      createdAt: new Date(0).toISOString(),
      updatedAt: new Date(0).toISOString(),
    };
  }
}
