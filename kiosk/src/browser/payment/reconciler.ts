/**
 * Drains the outbox: asks the server's ledger about every unfinished attempt by key, with
 * backoff while the server is away. Runs on start (the first pass gates new payments) and
 * whenever the terminal comes back online.
 */
import type { KioskBridge } from '../../common/bridge.ts';
import { orOffline } from '../../common/payment/payment-api.ts';
import { reconcileWith } from '../../common/payment/reconcile.ts';
import type { PaymentRecord } from '../../common/payment/types.ts';
import type { PaymentOutbox } from './outbox.ts';

export interface ReconcilerDeps {
  payments: Pick<KioskBridge['payments'], 'status' | 'cancel'>;
  outbox: PaymentOutbox;
  now(): number;
  /** The key of the attempt the runner is driving right now: not the reconciler's business. */
  activeKey(): string | null;
}

export const RECONCILE_BACKOFF_MS = [2_000, 5_000, 10_000, 30_000, 60_000] as const;

export class PaymentReconciler {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private failures = 0;
  private running: Promise<number> | null = null;

  constructor(private readonly deps: ReconcilerDeps) {}

  /** One pass over the unfinished records; resolves to how many are still open. */
  pass(): Promise<number> {
    this.running ??= this.runPass().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async runPass(): Promise<number> {
    let open = 0;
    for (const record of await this.deps.outbox.unfinished()) {
      if (record.key === this.deps.activeKey()) continue;
      if (!(await this.reconcile(record))) open++;
    }
    return open;
  }

  /** True when the ledger settled the record. */
  private async reconcile(record: PaymentRecord): Promise<boolean> {
    const { payments } = this.deps;
    const key = { idempotencyKey: record.key };
    let r = reconcileWith(record, await orOffline(payments.status(key)), this.deps.now());
    if (r.next === 'close') {
      r = reconcileWith(r.record, await orOffline(payments.cancel(key)), this.deps.now());
    }
    // The runner may have taken this attempt over meanwhile; its record wins.
    if (record.key !== this.deps.activeKey() && r.record !== record) await this.deps.outbox.put(r.record);
    return r.next === 'settled';
  }

  /** Pass now and keep passing with backoff while anything is open. */
  async drain(): Promise<number> {
    this.cancelTimer();
    const open = await this.pass();
    if (open === 0) {
      this.failures = 0;
      return 0;
    }
    const delay = RECONCILE_BACKOFF_MS[Math.min(this.failures++, RECONCILE_BACKOFF_MS.length - 1)];
    this.timer = setTimeout(() => void this.drain(), delay);
    return open;
  }

  /** The server is back: try again at once. */
  online(): void {
    this.failures = 0;
    void this.drain();
  }

  stop(): void {
    this.cancelTimer();
  }

  private cancelTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
