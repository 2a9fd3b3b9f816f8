/**
 * The payment service of one kiosk page: outbox, runner and reconciler wired to the bridge.
 * `start()` reconciles every unfinished attempt once before `ready` lets new payments in.
 */
import { effect, signal } from '@preact/signals';
import type { KioskBridge, PrintResult, ReceiptJob } from '../../common/bridge.ts';
import type { PaymentRecord } from '../../common/payment/types.ts';
import { PaymentOutbox } from './outbox.ts';
import { PaymentReconciler } from './reconciler.ts';
import { PaymentRunner } from './runner.ts';

export interface PaymentServiceDeps {
  bridge: Pick<KioskBridge, 'payments' | 'printer' | 'on'>;
  now(): number;
  receipt(record: PaymentRecord, reprint: boolean): ReceiptJob;
  outbox?: PaymentOutbox;
  newKey?: () => string;
  /** How often time reaches the state machine (countdown, polls, retries). */
  tickMs?: number;
}

export type ReprintResult = PrintResult | { ok: false; error: 'not-found' };

export function createPaymentService(deps: PaymentServiceDeps) {
  const outbox = deps.outbox ?? new PaymentOutbox();
  const runner = new PaymentRunner({ bridge: deps.bridge, outbox, now: deps.now, newKey: deps.newKey ?? (() => crypto.randomUUID()), receipt: deps.receipt });
  const reconciler = new PaymentReconciler({ payments: deps.bridge.payments, outbox, now: deps.now, activeKey: () => runner.activeKey() });
  /** False until the first reconciliation pass is over: no new payment before that. */
  const ready = signal(false);
  const stops: (() => void)[] = [];

  return {
    outbox,
    runner,
    reconciler,
    ready,
    async start(): Promise<void> {
      await outbox.prune(deps.now()).catch(() => 0);
      await reconciler.drain();
      ready.value = true;
      stops.push(deps.bridge.on('online', ({ online }) => online && reconciler.online()));
      // An attempt the runner gave up on (`unknown`) is the reconciler's from now on.
      stops.push(
        effect(() => {
          if (runner.state.value.name === 'unknown') void runner.settled().then(() => reconciler.drain());
        }),
      );
      const ticker = setInterval(() => runner.tick(), deps.tickMs ?? 250);
      stops.push(() => clearInterval(ticker));
    },
    /** Print a paid attempt's receipt again (staff mode, or the person with the reference). */
    async reprint(reference: string): Promise<ReprintResult> {
      const record = (await outbox.byReference(reference)) ?? (await outbox.get(reference));
      if (!record || record.status !== 'paid') return { ok: false, error: 'not-found' };
      const result = await deps.bridge.printer.print(deps.receipt(record, true)).catch((): PrintResult => ({ ok: false, error: 'failed' }));
      if (result.ok) await outbox.put({ ...record, receipt: 'printed', updatedAt: deps.now() });
      return result;
    },
    stop(): void {
      for (const stop of stops.splice(0)) stop();
      reconciler.stop();
    },
  };
}
export type PaymentService = ReturnType<typeof createPaymentService>;
