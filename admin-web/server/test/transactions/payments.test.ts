import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Bill, PaymentView } from '@civic-kiosk/protocol/gateway';
import { shanghaiDay } from '@civic-kiosk/protocol/china-time';
import { DIALECTS, withApp, type TestApp } from '../support/app.ts';
import { loginStaff, type StaffClient } from '../support/staff.ts';
import { appWithTerminal, TestTerminal } from '../support/terminal.ts';

let seq = 0;
const newKey = () => `kiosk-key-${Date.now()}-${++seq}`.padEnd(20, '0');

describe.each(DIALECTS)('bill payments (%s)', (dialect) => {
  let t: TestApp;
  let kiosk: TestTerminal;
  let operator: StaffClient;
  beforeEach(async () => {
    ({ t, kiosk } = await appWithTerminal(dialect));
    operator = await loginStaff(t, 'operator');
  });
  afterEach(async () => t.close());

  const sims = () => t.services.gateway.simulators!;
  const billOf = async (biller: string, account: string): Promise<Bill> => {
    const res = await kiosk.request('POST', '/api/terminal/bills/lookup', { biller, account });
    return (res.json() as { bills: Bill[] }).bills.find((b) => b.status === 'unpaid')!;
  };
  const create = async (bill: Bill, key: string, amountFen = bill.amountFen) => kiosk.request('POST', '/api/terminal/payments', { idempotencyKey: key, billId: bill.billId, amountFen });
  const status = async (key: string) => (await kiosk.request('GET', `/api/terminal/payments/${key}`)).json() as PaymentView;
  const payer = (orderId: string, action: string) => operator.request('POST', `/api/simulator/payments/${orderId}/${action}`);
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
    expect(await status(k2)).toMatchObject({ state: 'failed', failure: { code: 'payment-expired' } });
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
    await sims().billers.gas.injectForeignPayment({ key: 'foreign-key-000000001', account: '5500456', period: '2025-10', amountFen: 1000, paidAt: t.clock.now() });

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
    const second = await TestTerminal.add(t, 'street');
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
    expect(totals.byTerminal.map((x) => x.terminalId).sort()).toEqual([kiosk.id, second.id].sort());
    // A hostile terminal id cannot smuggle a formula or break the columns.
    await t.services.db.updateTable('payments').set({ terminal_id: '=HYPERLINK("x","y"),\n' }).where('biller', '=', 'water').execute();
    const csv = await operator.request('GET', '/api/staff/transactions/export.csv?biller=water');
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('created_at,business_day,payment_id,reference,idempotency_key,terminal_id,terminal_name,biller,account,period,amount_yuan,state,biller_ref,failure_code,reversed_by,reversal_reason');
    expect(lines[1]).toContain(`"'=HYPERLINK(""x"",""y""),\n"`);
    expect(lines[1]).toContain(',86.50,paid,');

    const list = (await operator.request('GET', '/api/staff/transactions?biller=power&state=paid')).json() as { payments: PaymentView[] };
    expect(list.payments).toHaveLength(1);
    const admin = await loginStaff(t, 'admin', 'admin');
    const reverse = (who: StaffClient, body: unknown) => who.request('POST', `/api/staff/transactions/${list.payments[0]!.paymentId}/reverse`, body);
    expect((await reverse(operator, { reason: 'Paid twice by mistake' })).statusCode).toBe(403);
    // No reversal without a reason.
    for (const body of [{}, { reason: '  ' }]) expect((await reverse(admin, body)).json().error).toMatchObject({ code: 'validation-failed', details: [expect.objectContaining({ path: 'reason' })] });
    expect((await billOf('power', '88001234'))).toBeUndefined();
    const rev = await reverse(admin, { reason: 'Paid twice by mistake' });
    expect(rev.json()).toMatchObject({ state: 'reversed', terminalName: second.name, reversal: { by: 'admin', reason: 'Paid twice by mistake' } });
    expect((await billOf('power', '88001234')).amountFen).toBe(15620);
    expect((await reverse(admin, { reason: 'Once more' })).json().error.code).toBe('payment-not-reversible');

    // Two admins reversing the same payment at once: one reversal, one reason, one audit entry.
    const water = (await operator.request('GET', '/api/staff/transactions?biller=water&state=paid')).json() as { payments: PaymentView[] };
    const other = await loginStaff(t, 'admin', 'second-admin');
    // Both get past the state check: the biller answers neither until both have asked.
    const biller = sims().billers.water;
    const reverseAtBiller = biller.reverse.bind(biller);
    let asked = 0;
    let bothAsked!: () => void;
    const gate = new Promise<void>((resolve) => (bothAsked = resolve));
    biller.reverse = async (key) => {
      if (++asked === 2) bothAsked();
      await gate;
      return reverseAtBiller(key);
    };
    const both = await Promise.all(
      [admin, other].map((who) => who.request('POST', `/api/staff/transactions/${water.payments[0]!.paymentId}/reverse`, { reason: `Refund asked of ${who.username}` })),
    );
    expect(asked).toBe(2);
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const winner = both.find((r) => r.statusCode === 200)!.json() as { reversal: { by: string; reason: string } };
    expect(winner.reversal.reason).toBe(`Refund asked of ${winner.reversal.by}`);
    const audit = await t.services.db.selectFrom('audit_log').select(['actor_name', 'details']).where('action', '=', 'payment.reverse').orderBy('id').execute();
    expect(audit.map((a) => [a.actor_name, JSON.parse(a.details).reason])).toEqual([
      ['admin', 'Paid twice by mistake'],
      [winner.reversal.by, winner.reversal.reason],
    ]);
  });

  it('pages the ledger by a cursor that neither skips nor repeats payments made in the same millisecond', async () => {
    const bill = await billOf('water', '20481234');
    const keys = Array.from({ length: 5 }, newKey);
    for (const key of keys) expect((await create(bill, key)).statusCode).toBe(200);
    t.clock.advance(1000);
    const later = newKey();
    await create(bill, later);
    const seen: string[] = [];
    let next: string | null = null;
    let pages = 0;
    do {
      const res = await operator.request('GET', `/api/staff/transactions?limit=2${next ? `&before=${next}` : ''}`);
      const page = res.json() as { payments: { idempotencyKey: string; terminalName: string | null }[]; next: string | null };
      seen.push(...page.payments.map((p) => p.idempotencyKey));
      expect(page.payments.every((p) => p.terminalName === kiosk.name)).toBe(true);
      next = page.next;
      pages++;
    } while (next);
    expect(pages).toBe(3);
    expect(seen[0]).toBe(later);
    expect([...seen].sort()).toEqual([...keys, later].sort());
    // Each page read is in the audit log (the ledger shows account numbers).
    expect(await t.services.db.selectFrom('audit_log').select('id').where('action', '=', 'payments.list').execute()).toHaveLength(3);
    const terminals = (await operator.request('GET', `/api/staff/transactions/terminals?from=${today()}&to=${today()}`)).json();
    expect(terminals).toEqual({ terminals: [{ terminalId: kiosk.id, terminalName: kiosk.name }] });
    const backwards = await operator.request('GET', `/api/staff/transactions?from=${today()}&to=2020-01-01`);
    expect(backwards.json().error).toMatchObject({ code: 'validation-failed', details: [expect.objectContaining({ path: 'to' })] });
  });

  it('settles a payment whose terminal never came back: by the sweep, and by reconciliation', async () => {
    const bill = await billOf('water', '20485678');
    const swept = newKey();
    const a = (await create(bill, swept)).json() as PaymentView;
    await payer(a.order!.orderId, 'complete');
    const payments = t.services.payments;
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

  it('gives each payment its own short reference of the unambiguous alphabet, kept with the payment', async () => {
    const views = await Promise.all(
      [
        ['water', '20481234'],
        ['power', '88001234'],
        ['gas', '5500123'],
        ['telecom', '60217788'],
      ].map(async ([biller, account]) => (await create(await billOf(biller!, account!), newKey())).json() as PaymentView),
    );
    const refs = views.map((v) => v.reference);
    expect(refs.every((r) => /^[2-9A-HJKMNP-TV-Z]{10}$/.test(r))).toBe(true);
    expect(new Set(refs).size).toBe(4);
    // A retry answers the same reference; the ledger finds the payment by it.
    expect(((await create(await billOf('water', '20481234'), views[0]!.idempotencyKey)).json() as PaymentView).reference).toBe(refs[0]);
    const row = await t.services.db.selectFrom('payments').select(['idempotency_key']).where('reference', '=', refs[1]!).executeTakeFirstOrThrow();
    expect(row.idempotency_key).toBe(views[1]!.idempotencyKey);
    // The database refuses a second payment with the same reference.
    await expect(t.services.db.updateTable('payments').set({ reference: refs[0]! }).where('reference', '=', refs[2]!).execute()).rejects.toThrow();
  });

  it('refuses a bill its own ledger holds as paid, even when the biller has lost the payment', async () => {
    const bill = await billOf('water', '20481234');
    const key = newKey();
    const p = (await create(bill, key)).json() as PaymentView;
    await payer(p.order!.orderId, 'complete');
    expect((await status(key)).state).toBe('paid');
    await sims().billers.water.reverse(key); // the biller's books forget it; the ledger does not
    expect((await billOf('water', '20481234')).period).toBe(bill.period);
    const again = await create(bill, newKey());
    expect([again.statusCode, again.json().error.code]).toEqual([409, 'bill-already-paid']);
  });

  it('refuses a bill whose earlier payment is in doubt until it is settled', async () => {
    const bill = await billOf('power', '88001234');
    const key = newKey();
    await create(bill, key);
    await t.services.db.updateTable('payments').set({ state: 'unknown' }).where('idempotency_key', '=', key).execute();
    const again = await create(bill, newKey());
    expect([again.statusCode, again.json().error.code]).toEqual([409, 'bill-payment-in-doubt']);
    await t.services.db.updateTable('payments').set({ state: 'failed' }).where('idempotency_key', '=', key).execute();
    expect((await create(bill, newKey())).statusCode).toBe(200);
  });

  it('keeps the simulated billers\' books in the database: after a restart a paid bill stays paid', async () => {
    const bill = await billOf('gas', '5500123');
    const key = newKey();
    const p = (await create(bill, key)).json() as PaymentView;
    await payer(p.order!.orderId, 'complete');
    const paid = await status(key);
    expect(paid.state).toBe('paid');
    const restarted = await withApp(dialect, { shareWith: t });
    try {
      const biller = restarted.services.gateway.simulators!.billers.gas;
      const bills = await biller.lookup('5500123');
      expect(bills.find((b) => b.period === bill.period)?.status).toBe('paid');
      expect(await biller.paymentByKey(key)).toMatchObject({ state: 'paid', billerRef: paid.receiptNo });
      await expect(biller.pay({ key: newKey(), account: '5500123', period: bill.period, amountFen: bill.amountFen })).rejects.toMatchObject({ code: 'already-paid' });
    } finally {
      await restarted.close();
    }
  });

  it('answers the simulated payer only to staff', async () => {
    const bill = await billOf('water', '20481234');
    const p = (await create(bill, newKey())).json() as PaymentView;
    const anonymous = await t.inject({ method: 'POST', url: `/api/simulator/payments/${p.order!.orderId}/complete`, remoteAddress: '127.0.0.1' });
    expect(anonymous.statusCode).toBe(401);
    expect((await payer('SIMNOSUCHORDER', 'complete')).json().error.code).toBe('payment-not-found');
  });
});
