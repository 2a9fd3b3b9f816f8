import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PrintResult, ReceiptJob } from '../../src/common/bridge.ts';
import { DEFAULT_TIMINGS } from '../../src/common/payment/payment-machine.ts';
import type { PaymentOutbox } from '../../src/browser/payment/outbox.ts';
import { PaymentReconciler } from '../../src/browser/payment/reconciler.ts';
import { PaymentRunner } from '../../src/browser/payment/runner.ts';
import { createPaymentService } from '../../src/browser/payment/service.ts';
import { FakeGateway, referenceOf } from './fake-gateway.ts';
import { BILL } from './fixtures.ts';
import { freshOutbox } from './outbox-support.ts';

let clock = 1_000_000;
const now = () => clock;
let keys = 0;
const newKey = () => `00000000-0000-4000-8000-${String(++keys).padStart(12, '0')}`;

function rig(options: { printer?: () => Promise<PrintResult>; factory?: IDBFactory; gateway?: FakeGateway } = {}) {
  const gateway = options.gateway ?? new FakeGateway(now);
  const outbox = freshOutbox(options.factory);
  const printed: ReceiptJob[] = [];
  const print = vi.fn(async (job: ReceiptJob) => {
    printed.push(job);
    return options.printer ? options.printer() : ({ ok: true } as const);
  });
  const bridge = { payments: gateway.payments, printer: { print } } as unknown as ConstructorParameters<typeof PaymentRunner>[0]['bridge'];
  const receipt = (r: { reference: string | null }, reprint: boolean): ReceiptJob => ({ width: 32, lines: [{ text: `${reprint ? 'COPY ' : ''}${r.reference}` }], cut: true });
  const runner = new PaymentRunner({ bridge, outbox, now, newKey, receipt });
  return { gateway, outbox, runner, printed, print, bridge, receipt };
}

/** Advance the clock and let the runner react, as the page's ticker would. */
async function advance(runner: PaymentRunner, ms: number, step = 250): Promise<void> {
  for (let t = 0; t < ms; t += step) {
    clock += step;
    runner.tick();
    await runner.settled();
  }
}

async function toQr(r: ReturnType<typeof rig>): Promise<string> {
  r.runner.dispatch({ type: 'choose-biller', biller: 'water' });
  r.runner.dispatch({ type: 'submit-account', account: BILL.account });
  await r.runner.settled();
  expect(r.runner.state.value.name).toBe('bill-shown');
  r.runner.pay();
  await r.runner.settled();
  expect(r.runner.state.value.name).toBe('awaiting-payment');
  return r.runner.activeKey()!;
}

beforeEach(() => {
  clock = 1_000_000;
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('PaymentRunner', () => {
  it('pays a bill once: outbox first, QR, payer pays, receipt printed, record done', async () => {
    const r = rig();
    const key = await toQr(r);
    expect(await r.outbox.get(key)).toMatchObject({ status: 'awaiting-payment', reference: referenceOf('P1') });
    r.gateway.payer(key, 'complete');
    await advance(r.runner, DEFAULT_TIMINGS.pollIntervalMs);
    expect(r.runner.state.value.name).toBe('done');
    expect(r.printed).toHaveLength(1);
    expect(await r.outbox.get(key)).toMatchObject({ status: 'paid', receipt: 'printed', receiptNo: 'WAP1' });
    expect(r.gateway.charges()).toBe(1);
  });

  it('writes the record before the create request leaves, and sends nothing if the write fails', async () => {
    const r = rig();
    r.runner.dispatch({ type: 'choose-biller', biller: 'water' });
    r.runner.dispatch({ type: 'submit-account', account: BILL.account });
    await r.runner.settled();
    const put = vi.spyOn(r.outbox, 'put').mockRejectedValueOnce(new Error('disk full'));
    const before = r.gateway.calls.length;
    r.runner.pay();
    await r.runner.settled();
    expect(r.gateway.calls.length).toBe(before);
    expect(r.runner.state.value).toMatchObject({ name: 'creating-order', inFlight: false });
    put.mockRestore();
    await advance(r.runner, DEFAULT_TIMINGS.retryBaseMs);
    expect(r.runner.state.value.name).toBe('awaiting-payment');
    expect(r.gateway.entries.size).toBe(1);
  });

  it('retries a create whose answer was lost with the same key: one order, one charge', async () => {
    const r = rig();
    r.runner.dispatch({ type: 'choose-biller', biller: 'water' });
    r.runner.dispatch({ type: 'submit-account', account: BILL.account });
    await r.runner.settled();
    r.gateway.loseNextAnswer = true;
    r.runner.pay();
    await r.runner.settled();
    expect(r.runner.state.value.name).toBe('creating-order');
    await advance(r.runner, DEFAULT_TIMINGS.retryBaseMs);
    expect(r.runner.state.value.name).toBe('awaiting-payment');
    expect(r.gateway.entries.size).toBe(1);
    r.gateway.payer(r.runner.activeKey()!, 'complete');
    await advance(r.runner, DEFAULT_TIMINGS.pollIntervalMs);
    expect(r.gateway.charges()).toBe(1);
  });

  it('keeps the payment when the printer is out of paper and prints it again later', async () => {
    let paper = false;
    const r = rig({ printer: async () => (paper ? { ok: true } : { ok: false, error: 'paper-out' }) });
    const key = await toQr(r);
    r.gateway.payer(key, 'complete');
    await advance(r.runner, DEFAULT_TIMINGS.pollIntervalMs);
    expect(r.runner.state.value).toMatchObject({ name: 'receipt-unavailable', error: 'paper-out' });
    expect(await r.outbox.get(key)).toMatchObject({ status: 'paid', receipt: 'unavailable' });
    paper = true;
    r.runner.dispatch({ type: 'reprint', now: now() });
    await r.runner.settled();
    expect(r.runner.state.value.name).toBe('done');
    expect(await r.outbox.get(key)).toMatchObject({ receipt: 'printed' });
  });

  it('shows expiry when the countdown ends unpaid, and a decline when the payer is declined', async () => {
    const r = rig();
    await toQr(r);
    await advance(r.runner, 121_000, 1_000);
    expect(r.runner.state.value.name).toBe('expired');
    r.runner.dispatch({ type: 'finish' });
    const key = await toQr(r);
    r.gateway.payer(key, 'decline');
    await advance(r.runner, DEFAULT_TIMINGS.pollIntervalMs);
    expect(r.runner.state.value.name).toBe('declined');
    expect(r.gateway.charges()).toBe(0);
  });

  it('rides out a lost network while waiting and settles once the server is back', async () => {
    const r = rig();
    const key = await toQr(r);
    r.gateway.offline = true;
    await advance(r.runner, 10_000);
    expect(r.runner.state.value.name).toBe('awaiting-payment');
    r.gateway.offline = false;
    r.gateway.payer(key, 'complete');
    await advance(r.runner, DEFAULT_TIMINGS.pollIntervalMs);
    expect(r.runner.state.value.name).toBe('done');
  });

  it('refuses to pay again a bill whose earlier payment is still in doubt', async () => {
    const r = rig();
    const key = await toQr(r);
    // The page died here; a new page finds the record unfinished.
    const again = rig({ gateway: r.gateway });
    await again.outbox.put((await r.outbox.get(key))!);
    again.runner.dispatch({ type: 'choose-biller', biller: 'water' });
    again.runner.dispatch({ type: 'submit-account', account: BILL.account });
    await again.runner.settled();
    expect(again.runner.state.value).toMatchObject({ name: 'lookup-failed', reason: 'in-doubt' });
  });

  it('closes the open order when the person leaves, and goes back to the start once money is no longer in doubt', async () => {
    const r = rig();
    const key = await toQr(r);
    r.runner.release();
    await r.runner.settled();
    expect(r.runner.state.value.name).toBe('choosing-biller');
    expect(await r.outbox.get(key)).toMatchObject({ status: 'cancelled' });
    expect(r.gateway.charges()).toBe(0);
  });

  it('records a payment made after the person left, keeps its receipt for a reprint and prints nothing', async () => {
    const r = rig();
    const key = await toQr(r);
    r.gateway.payer(key, 'complete'); // the payer's phone was quicker than the cancel
    r.runner.release();
    await r.runner.settled();
    expect(r.runner.state.value.name).toBe('choosing-biller');
    expect(r.printed).toHaveLength(0);
    expect(await r.outbox.get(key)).toMatchObject({ status: 'paid', receipt: 'unavailable', reference: referenceOf('P1') });
    expect(r.gateway.charges()).toBe(1);
  });
});

describe('crash and reconciliation (unit level)', () => {
  async function crashAt(reach: (r: ReturnType<typeof rig>) => Promise<string>, settle: (g: FakeGateway, key: string) => void) {
    const factory = new IDBFactory();
    const r = rig({ factory });
    const key = await reach(r);
    // The page dies: the runner and its memory are gone; the database and the server remain.
    r.outbox.close();
    settle(r.gateway, key);
    const outbox: PaymentOutbox = freshOutbox(factory);
    const reconciler = new PaymentReconciler({ payments: r.gateway.payments, outbox, now, activeKey: () => null });
    const open = await reconciler.pass();
    return { open, record: await outbox.get(key), gateway: r.gateway };
  }

  it('finds a payment made while the terminal was down as paid, its receipt reprintable', async () => {
    const { open, record, gateway } = await crashAt(toQr, (g, key) => g.payer(key, 'complete'));
    expect(open).toBe(0);
    expect(record).toMatchObject({ status: 'paid', receipt: 'unavailable', receiptNo: 'WAP1' });
    expect(gateway.charges()).toBe(1);
  });

  it('abandons an attempt whose create never reached the server', async () => {
    const { open, record, gateway } = await crashAt(
      async (r) => {
        r.gateway.offline = true;
        r.runner.dispatch({ type: 'choose-biller', biller: 'water' });
        r.runner.dispatch({ type: 'scan', code: 'x' });
        r.runner.dispatch({ type: 'bill-found', bill: BILL });
        r.runner.pay();
        await r.runner.settled();
        r.gateway.offline = false;
        return r.runner.activeKey()!;
      },
      () => undefined,
    );
    expect(open).toBe(0);
    expect(record?.status).toBe('abandoned');
    expect(gateway.entries.size).toBe(0);
  });

  it('keeps an open order open until it expires, then closes it', async () => {
    const { open, record } = await crashAt(toQr, () => undefined);
    expect(open).toBe(1);
    expect(record?.status).toBe('awaiting-payment');
    clock += 200_000;
    const { record: later } = await crashAt(toQr, () => {
      clock += 200_000;
    });
    expect(later?.status).toBe('expired');
  });

  it('the service reconciles before it is ready and reprints by reference', async () => {
    const factory = new IDBFactory();
    const first = rig({ factory });
    const key = await toQr(first);
    first.gateway.payer(key, 'complete');
    first.outbox.close();
    const outbox = freshOutbox(factory);
    const printed: ReceiptJob[] = [];
    const bridge = {
      payments: first.gateway.payments,
      printer: { print: async (job: ReceiptJob) => (printed.push(job), { ok: true as const }) },
      on: () => () => undefined,
    } as unknown as Parameters<typeof createPaymentService>[0]['bridge'];
    const service = createPaymentService({ bridge, now, receipt: first.receipt, outbox, newKey, tickMs: 60_000 });
    expect(service.ready.value).toBe(false);
    await service.start();
    expect(service.ready.value).toBe(true);
    expect(await outbox.get(key)).toMatchObject({ status: 'paid', receipt: 'unavailable' });
    expect(await service.reprint(referenceOf('P1'))).toEqual({ ok: true });
    expect(printed[0]?.lines[0]).toEqual({ text: `COPY ${referenceOf('P1')}` });
    expect(await outbox.get(key)).toMatchObject({ receipt: 'printed' });
    expect(await service.reprint('nope')).toEqual({ ok: false, error: 'not-found' });
    service.stop();
  });
});

describe('PaymentRunner reset', () => {
  it('starts afresh when no money is in doubt, and never while an order is open', async () => {
    const r = rig();
    r.runner.dispatch({ type: 'choose-biller', biller: 'gas' });
    expect(r.runner.reset()).toBe(true);
    expect(r.runner.state.value.name).toBe('choosing-biller');
    await toQr(r);
    expect(r.runner.reset()).toBe(false);
    expect(r.runner.state.value.name).toBe('awaiting-payment');
  });
});

describe('an attempt the runner gives up on', () => {
  it('goes to the reconciler, which settles it once the server answers', async () => {
    const factory = new IDBFactory();
    const r = rig({ factory });
    const bridge = { payments: r.gateway.payments, printer: r.bridge.printer, on: () => () => undefined } as unknown as Parameters<typeof createPaymentService>[0]['bridge'];
    const service = createPaymentService({ bridge, now, receipt: r.receipt, outbox: r.outbox, newKey, tickMs: 60_000 });
    await service.start();
    const runner = service.runner;
    runner.dispatch({ type: 'choose-biller', biller: 'water' });
    runner.dispatch({ type: 'submit-account', account: BILL.account });
    await runner.settled();
    runner.pay();
    await runner.settled();
    const key = runner.activeKey()!;
    r.gateway.offline = true;
    await advance(runner, 200_000, 1_000);
    expect(runner.state.value.name).toBe('unknown');
    expect(runner.activeKey()).toBeNull();
    r.gateway.offline = false;
    r.gateway.payer(key, 'complete');
    await service.reconciler.drain();
    expect(await r.outbox.get(key)).toMatchObject({ status: 'paid', receipt: 'unavailable' });
    service.stop();
  });
});
