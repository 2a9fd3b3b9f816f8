/**
 * An in-memory stand-in for the district server's payment routes, for unit tests of the
 * runner and reconciler: one ledger entry per idempotency key, charges counted per key, and
 * switches to go offline or to lose answers after the server applied a request.
 */
import type { ApiRequest, ApiResponse } from '../../src/common/bridge.ts';
import { BILL } from './fixtures.ts';

interface Entry {
  key: string;
  paymentId: string;
  state: 'pending' | 'paid' | 'failed';
  failure: string | null;
  expiresAt: number;
  charges: number;
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

  api = async (r: ApiRequest): Promise<ApiResponse> => {
    this.calls.push(`${r.method} ${r.path}`);
    if (this.offline) return { status: 0, body: null };
    const answer = this.handle(r);
    if (this.loseNextAnswer) {
      this.loseNextAnswer = false;
      return { status: 0, body: null };
    }
    return answer;
  };

  /** The payer scans and pays (or the order otherwise ends). */
  payer(key: string, action: 'complete' | 'decline'): void {
    const e = this.entries.get(key);
    if (!e || e.state !== 'pending') throw new Error(`no pending order for ${key}`);
    if (action === 'complete') {
      e.state = 'paid';
      e.charges++;
    } else {
      e.state = 'failed';
      e.failure = 'backoffice-declined';
    }
  }

  charges(): number {
    return [...this.entries.values()].reduce((n, e) => n + e.charges, 0);
  }

  private handle(r: ApiRequest): ApiResponse {
    if (r.path.endsWith('/bills/lookup')) return { status: 200, body: { bills: [BILL] } };
    if (r.method === 'POST' && r.path.endsWith('/payments')) {
      const body = r.body as { idempotencyKey: string };
      let e = this.entries.get(body.idempotencyKey);
      if (!e) {
        e = { key: body.idempotencyKey, paymentId: `P${++this.seq}`, state: 'pending', failure: null, expiresAt: this.now() + this.ttlMs, charges: 0 };
        this.entries.set(e.key, e);
      }
      return { status: 201, body: this.view(e) };
    }
    const m = /\/payments\/([^/]+)(\/cancel)?$/.exec(r.path);
    const e = m ? this.entries.get(decodeURIComponent(m[1]!)) : undefined;
    if (!e) return { status: 404, body: { error: { code: 'payment-not-found', message: 'no such payment' } } };
    this.expire(e);
    if (m?.[2] && e.state === 'pending') {
      e.state = 'failed';
      e.failure = 'order-cancelled';
    }
    return { status: 200, body: this.view(e) };
  }

  private expire(e: Entry): void {
    if (e.state === 'pending' && this.now() >= e.expiresAt) {
      e.state = 'failed';
      e.failure = 'order-expired';
    }
  }

  private view(e: Entry) {
    return {
      paymentId: e.paymentId,
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
