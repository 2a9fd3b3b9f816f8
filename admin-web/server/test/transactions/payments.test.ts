import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Bill, PaymentView } from '@civic-kiosk/protocol/gateway';
import { gatewayOf } from '../../src/gateway/instance.ts';
import { shanghaiDay } from '../../src/gateway/simulator/faults.ts';
import { PaymentService } from '../../src/transactions/payment-service.ts';
import { DIALECTS, withApp, type TestApp } from '../support/app.ts';
import { loginStaff, type StaffClient } from '../support/staff.ts';
import { addTerminal, type SignedTerminal } from '../gateway/signed-terminal.ts';

let seq = 0;
const newKey = () => `kiosk-key-${Date.now()}-${++seq}`.padEnd(20, '0');

describe.each(DIALECTS)('bill payments (%s)', (dialect) => {
  let t: TestApp;
  let kiosk: SignedTerminal;
  let operator: StaffClient;
  beforeEach(async () => {
    t = await withApp(dialect);
    kiosk = await addTerminal(t);
    operator = await loginStaff(t, 'operator');
  });
  afterEach(async () => t.close());

  const sims = () => gatewayOf(t.services).simulators!;
  const billOf = async (biller: string, account: string): Promise<Bill> => {
    const res = await kiosk.request('POST', '/api/terminal/bills/lookup', { biller, account });
    return (res.json() as { bills: Bill[] }).bills.find((b) => b.status === 'unpaid')!;
  };
  const create = async (bill: Bill, key: string, amountFen = bill.amountFen) => kiosk.request('POST', '/api/terminal/payments', { idempotencyKey: key, billId: bill.billId, amountFen });
  const status = async (key: string) => (await kiosk.request('GET', `/api/terminal/payments/${key}`)).json() as PaymentView;
  const payer = (orderId: string, action: string) => t.inject({ method: 'POST', url: `/api/simulator/payments/${orderId}/${action}` });
  const today = () => shanghaiDay(t.clock.now());

  it('pays a water bill end to end: QR order, payer pays, biller paid, receipt number', async () => {
    const bill = await billOf('water', '20481234');
    const key = newKey();
    const res = await create(bill, key);
    expect(res.statusCode, res.body).toBe(200);
    const p = res.json() as PaymentView;
    expect(p).toMatchObject({ state: 'pending', amountFen: 8650, receiptNo: null });
    expect(p.order!.qrPayload).toContain(p.order!.orderId);
    expect((await status(key)).state).toBe('pending');
    expect((await payer(p.order!.orderId, 'complete')).statusCode).toBe(200);
    const done = await status(key);
    expect(done.state).toBe('paid');
    expect(done.receiptNo).toMatch(/^WA/);
    expect((await billOf('water', '20481234'))).toBeUndefined();
  });

  it('returns the same payment for a retried key and refuses the key for a different payment', async () => {
    const bill = await billOf('telecom', '60217788');
    const key = newKey();
    const a = (await create(bill, key)).json() as PaymentView;
    const b = (await create(bill, key)).json() as PaymentView;
    expect(b.paymentId).toBe(a.paymentId);
    expect(b.order!.orderId).toBe(a.order!.orderId);
    const other = await create(bill, key, bill.amountFen - 1);
    expect([other.statusCode, other.json().error.code]).toEqual([409, 'idempotency-conflict']);
    const wrongAmount = await create(bill, newKey(), bill.amountFen + 100);
    expect([wrongAmount.statusCode, wrongAmount.json().error.code]).toEqual([409, 'amount-mismatch']);
  });

  it('charges exactly once under concurrent retries of create and status', async () => {
    const bill = await billOf('power', '88001234');
    const key = newKey();
    const creates = await Promise.all(Array.from({ length: 6 }, () => create(bill, key)));
    const ids = new Set(creates.map((r) => (r.json() as PaymentView).paymentId));
    expect(creates.every((r) => r.statusCode === 200)).toBe(true);
    expect(ids.size).toBe(1);
    await payer((creates[0]!.json() as PaymentView).order!.orderId, 'complete');
    const polls = await Promise.all(Array.from({ length: 6 }, () => status(key)));
    expect(new Set(polls.map((p) => p.receiptNo)).size).toBe(1);
    expect((await status(key)).state).toBe('paid');
    expect(await sims().billers.power.settlement(today())).toHaveLength(1);
    const rows = await t.services.db.selectFrom('payments').select('id').where('idempotency_key', '=', key).execute();
    expect(rows).toHaveLength(1);
  });

  it('fails a cancelled or expired order without touching the biller', async () => {
    const bill = await billOf('water', '20485678');
    const k1 = newKey();
    const p1 = (await create(bill, k1)).json() as PaymentView;
    await payer(p1.order!.orderId, 'cancel');
    expect(await status(k1)).toMatchObject({ state: 'failed', failure: { code: 'payment-cancelled' } });
    const k2 = newKey();
    const p2 = (await create(bill, k2)).json() as PaymentView;
    t.clock.advance(10 * 60_000);
    expect((await status(k2)).state).toBe('failed');
    expect(p2.order!.orderId).not.toBe(p1.order!.orderId);
    expect(await sims().billers.water.settlement(today())).toHaveLength(0);
  });

  it('refunds the payer when the biller declines', async () => {
    const bill = await billOf('gas', '5500123');
    const key = newKey();
    const p = (await create(bill, key)).json() as PaymentView;
    await payer(p.order!.orderId, 'complete');
    sims().fault('gas').mode = 'decline';
    expect(await status(key)).toMatchObject({ state: 'failed', failure: { code: 'biller-declined' } });
    const row = await t.services.db.selectFrom('payments').select('refunded_at').where('idempotency_key', '=', key).executeTakeFirstOrThrow();
    expect(row.refunded_at).not.toBeNull();
  });

  it('keeps a payment pending while the biller is down, then pays it', async () => {
    const bill = await billOf('telecom', '60219900');
    const key = newKey();
    const p = (await create(bill, key)).json() as PaymentView;
    await payer(p.order!.orderId, 'complete');
    sims().fault('telecom').mode = 'down';
    expect(await status(key)).toMatchObject({ state: 'pending', failure: { code: 'backoffice-unavailable' } });
    sims().fault('telecom').mode = 'normal';
    expect((await status(key)).state).toBe('paid');
  });

  it('marks a biller timeout unknown and reconciliation settles it against the biller', async () => {
    const bill = await billOf('power', '88004321');
    const key = newKey();
    const p = (await create(bill, key)).json() as PaymentView;
    await payer(p.order!.orderId, 'complete');
    sims().fault('power').mode = 'timeout';
    expect((await status(key)).state).toBe('unknown');
    sims().fault('power').mode = 'normal';

    // A second payment whose biller call never arrived (a crash right after the payer paid).
    const water = await billOf('water', '20481234');
    const lostKey = newKey();
    const lost = (await create(water, lostKey)).json() as PaymentView;
    await t.services.db.updateTable('payments').set({ state: 'unknown' }).where('idempotency_key', '=', lostKey).execute();
    await payer(lost.order!.orderId, 'complete');
    // And a payment the biller booked that this server never made.
    sims().billers.gas.injectForeignPayment({ key: 'foreign-key-000000001', account: '5500456', period: '2025-10', amountFen: 1000, paidAt: t.clock.now() });

    const res = await operator.request('POST', '/api/staff/transactions/reconcile', { businessDay: today() });
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json() as { findings: { kind: string; key: string }[] };
    expect(report.findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'resolved-paid', key }),
        expect.objectContaining({ kind: 'resolved-failed', key: lostKey }),
        expect.objectContaining({ kind: 'unknown-to-server', key: 'foreign-key-000000001' }),
      ]),
    );
    expect((await status(key)).state).toBe('paid');
    expect((await status(lostKey)).state).toBe('failed');
    const runs = (await operator.request('GET', `/api/staff/transactions/reconciliations?businessDay=${today()}`)).json() as { runs: { businessDay: string; runBy: string; report: { findings: unknown[] } }[] };
    expect(runs.runs).toHaveLength(1);
    expect(runs.runs[0]).toMatchObject({ businessDay: today(), runBy: operator.username });
    expect(runs.runs[0]!.report.findings).toHaveLength(report.findings.length);
  });

  it('gives totals per biller and terminal, a CSV export with safe escaping, and staff reversal', async () => {
    const second = await addTerminal(t, 'street');
    for (const [term, biller, account] of [[kiosk, 'water', '20481234'], [second, 'power', '88001234']] as const) {
      const res = await term.request('POST', '/api/terminal/bills/lookup', { biller, account });
      const bill = (res.json() as { bills: Bill[] }).bills[0]!;
      const key = newKey();
      const p = (await term.request('POST', '/api/terminal/payments', { idempotencyKey: key, billId: bill.billId, amountFen: bill.amountFen })).json() as PaymentView;
      await payer(p.order!.orderId, 'complete');
      expect(((await term.request('GET', `/api/terminal/payments/${key}`)).json() as PaymentView).state).toBe('paid');
    }
    const totals = (await operator.request('GET', '/api/staff/transactions/totals')).json() as { byBiller: { biller: string; amountFen: number }[]; byTerminal: { terminalId: string; count: number }[] };
    expect(totals.byBiller).toEqual([
      { biller: 'power', count: 1, amountFen: 15620 },
      { biller: 'water', count: 1, amountFen: 8650 },
    ]);
    expect(totals.byTerminal.map((x) => x.terminalId).sort()).toEqual([kiosk.terminalId, second.terminalId].sort());
    // A hostile terminal id cannot smuggle a formula or break the columns.
    await t.services.db.updateTable('payments').set({ terminal_id: '=HYPERLINK("x","y"),\n' }).where('biller', '=', 'water').execute();
    const csv = await operator.request('GET', '/api/staff/transactions/export.csv?biller=water');
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('created_at,business_day,payment_id,idempotency_key,terminal_id,biller,account,period,amount_yuan,state,biller_ref,failure_code');
    expect(lines[1]).toContain(`"'=HYPERLINK(""x"",""y""),\n"`);
    expect(lines[1]).toContain(',86.50,paid,');

    const list = (await operator.request('GET', '/api/staff/transactions?biller=power&state=paid')).json() as { payments: PaymentView[] };
    expect(list.payments).toHaveLength(1);
    const admin = await loginStaff(t, 'admin', 'admin');
    expect((await operator.request('POST', `/api/staff/transactions/${list.payments[0]!.paymentId}/reverse`, {})).statusCode).toBe(403);
    const rev = await admin.request('POST', `/api/staff/transactions/${list.payments[0]!.paymentId}/reverse`, {});
    expect(rev.json().state).toBe('reversed');
    expect((await billOf('power', '88001234')).amountFen).toBe(15620);
  });

  it('settles a payment whose terminal never came back: by the sweep, and by reconciliation', async () => {
    const bill = await billOf('water', '20485678');
    const swept = newKey();
    const a = (await create(bill, swept)).json() as PaymentView;
    await payer(a.order!.orderId, 'complete');
    const payments = new PaymentService(t.services.db, gatewayOf(t.services).backOffices, t.services.audit, t.clock.now, 300_000);
    expect(await payments.sweep(120_000)).toBe(0);
    t.clock.advance(150_000);
    expect(await payments.sweep(120_000)).toBe(1);
    expect((await status(swept)).state).toBe('paid');

    const next = await billOf('water', '20485678');
    const forgotten = newKey();
    const b = (await create(next, forgotten)).json() as PaymentView;
    await payer(b.order!.orderId, 'complete');
    const report = (await operator.request('POST', '/api/staff/transactions/reconcile', { businessDay: today() })).json() as { findings: { kind: string; key: string }[] };
    expect(report.findings).toContainEqual(expect.objectContaining({ kind: 'resolved-paid', key: forgotten }));
    expect((await status(forgotten)).state).toBe('paid');
  });

  it('answers the simulated payer only on loopback', async () => {
    const bill = await billOf('water', '20481234');
    const p = (await create(bill, newKey())).json() as PaymentView;
    const remote = await t.inject({ method: 'POST', url: `/api/simulator/payments/${p.order!.orderId}/complete`, remoteAddress: '192.0.2.10' });
    expect(remote.statusCode).toBe(403);
    expect((await payer('SIMNOSUCHORDER', 'complete')).json().error.code).toBe('payment-not-found');
  });
});
