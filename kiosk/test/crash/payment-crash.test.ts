/**
 * Crash injection: the kiosk host process is killed (SIGKILL) and the page with it at each
 * state of a payment, the payer may act while the terminal is dead, then everything restarts.
 * The terminal must reconcile every attempt with the server's ledger before new payments:
 * 0 double charges, 0 lost records, and the outbox agreeing with the ledger.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { billIdOf } from '../../../admin-web/server/src/gateway/bill-id.ts';
import type { PaymentRecord } from '../../src/common/payment/types.ts';
import { finish, openBill, PaymentRig } from '../payment/e2e-rig.ts';

vi.setConfig({ testTimeout: 240_000, hookTimeout: 300_000 });

const rig = new PaymentRig();
beforeAll(() => rig.start(), 300_000);
afterAll(() => rig.stop());

const UNFINISHED = ['creating', 'awaiting-payment', 'confirming', 'unknown'];

/** Kill the host and the page, let `meanwhile` happen, restart both. */
async function crash(meanwhile: () => Promise<void> = async () => undefined): Promise<void> {
  await rig.killHost();
  await rig.page.close();
  await meanwhile();
  await rig.startHost();
  rig.page = await rig.kiosk.context.newPage();
  await rig.page.goto(rig.host!.url);
  await rig.page.getByTestId('attract').or(rig.page.locator('.tiles')).first().waitFor({ timeout: 60_000 });
}

/** Waits until the outbox holds no unfinished attempt, then checks it against the ledger. */
async function reconciled(): Promise<PaymentRecord[]> {
  let records: PaymentRecord[] = [];
  await expect
    .poll(async () => {
      records = await rig.outbox();
      return records.filter((r) => UNFINISHED.includes(r.status)).map((r) => `${r.key} ${r.status}`);
    }, { timeout: 90_000, interval: 1_000 })
    .toEqual([]);
  const ledger = await rig.ledger();
  const byKey = new Map(records.map((r) => [r.key, r]));
  // 0 lost records: every payment the server holds is in the outbox under its key.
  expect(ledger.filter((p) => !byKey.has(p.idempotencyKey)).map((p) => p.idempotencyKey)).toEqual([]);
  for (const p of ledger) {
    const r = byKey.get(p.idempotencyKey)!;
    expect(r.status === 'paid', `${p.idempotencyKey}: ledger ${p.state}, outbox ${r.status}`).toBe(p.state === 'paid');
  }
  // An attempt the server never saw is abandoned, not left hanging.
  for (const r of records) if (!ledger.some((p) => p.idempotencyKey === r.key)) expect(r.status).toBe('abandoned');
  // 0 double charges: at most one paid payment per bill.
  const paidBills = ledger.filter((p) => p.state === 'paid').map(billIdOf);
  expect(new Set(paidBills).size).toBe(paidBills.length);
  return records;
}

const paidFor = async (account: string) => (await rig.ledger()).filter((p) => p.account === account && p.state === 'paid');

describe('crash at every payment state', () => {
  it('bill shown, nothing sent: no record, no payment', async () => {
    await openBill(rig.page, 'water', '20481234');
    await crash();
    const records = await reconciled();
    expect(records).toEqual([]);
    expect(await rig.ledger()).toEqual([]);
  });

  it('creating the order while the server is unreachable: the attempt is abandoned and the bill can be paid again', async () => {
    await openBill(rig.page, 'water', '20481234');
    await rig.serverDown();
    await rig.page.getByTestId('pay').click();
    await expect.poll(async () => (await rig.outbox()).map((r) => r.status)).toContain('creating');
    await crash(() => rig.serverUp());
    const records = await reconciled();
    expect(records.map((r) => r.status)).toEqual(['abandoned']);
    await openBill(rig.page, 'water', '20481234');
    await rig.page.getByTestId('pay').click();
    await rig.payer('complete');
    await rig.page.locator('[data-outcome="done"]').waitFor({ timeout: 90_000 });
    expect(await paidFor('20481234')).toHaveLength(1);
    await finish(rig.page);
  });

  it('killed the instant pay is touched: whether or not the create got through, the ledger and the outbox agree', async () => {
    await openBill(rig.page, 'telecom', '60219900');
    await rig.page.getByTestId('pay').click();
    await crash(async () => {
      // If the create reached the server, its order is open: the payer pays it meanwhile.
      const open = (await rig.ledger()).filter((p) => p.account === '60219900' && p.state === 'pending');
      for (const p of open) await rig.payer('complete', p.order!.orderId);
    });
    const records = await reconciled();
    const paid = await paidFor('60219900');
    expect(paid.length).toBeLessThanOrEqual(1);
    const mine = records.filter((r) => r.accountMasked.endsWith('9900'));
    expect(mine.map((r) => r.status)).toEqual(paid.length === 1 ? ['paid'] : mine.length ? ['abandoned'] : []);
  });

  it('awaiting payment, the payer pays while the terminal is dead: recorded paid, receipt reprintable, charged once', async () => {
    await openBill(rig.page, 'water', '20485678');
    await rig.page.getByTestId('pay').click();
    const orderId = await rig.shownOrderId();
    await crash(() => rig.payer('complete', orderId));
    const records = await reconciled();
    const paid = await paidFor('20485678');
    expect(paid).toHaveLength(1);
    expect(records.find((r) => r.key === paid[0]!.idempotencyKey)).toMatchObject({ status: 'paid', receipt: 'unavailable', reference: paid[0]!.reference });
  });

  it('awaiting payment, the order runs out while the terminal is dead: recorded expired, nothing charged', async () => {
    await openBill(rig.page, 'power', '88001234');
    await rig.page.getByTestId('pay').click();
    const orderId = await rig.shownOrderId();
    await crash(() => rig.payer('expire', orderId));
    const records = await reconciled();
    expect(records.filter((r) => r.biller === 'power').map((r) => r.status)).toEqual(['expired']);
    expect(await paidFor('88001234')).toEqual([]);
  });

  it('confirming a cancel that cannot reach the server: settled as the ledger says, nothing charged', async () => {
    await openBill(rig.page, 'power', '88004321');
    await rig.page.getByTestId('pay').click();
    const orderId = await rig.shownOrderId();
    await rig.serverDown();
    await rig.page.getByRole('button', { name: '取消支付' }).click();
    await expect.poll(async () => (await rig.outbox()).filter((r) => r.biller === 'power').map((r) => r.status)).toContain('confirming');
    await crash(async () => {
      await rig.serverUp();
      await rig.payer('cancel', orderId);
    });
    const records = await reconciled();
    expect(records.find((r) => r.accountMasked.endsWith('4321'))?.status).toBe('cancelled');
    expect(await paidFor('88004321')).toEqual([]);
  });

  it('paid with the receipt unprinted (paper out), and paid and printed: both stay paid once', async () => {
    expect((await rig.sim('receipt-printer', { action: 'paper-out' })).ok).toBe(true);
    await openBill(rig.page, 'gas', '5500123');
    await rig.page.getByTestId('pay').click();
    await rig.payer('complete');
    await rig.page.locator('[data-outcome="receipt-unavailable"]').waitFor({ timeout: 90_000 });
    await crash();
    let records = await reconciled();
    expect(records.find((r) => r.biller === 'gas')).toMatchObject({ status: 'paid', receipt: 'unavailable' });
    await openBill(rig.page, 'telecom', '60217788');
    await rig.page.getByTestId('pay').click();
    await rig.payer('complete');
    await rig.page.locator('[data-outcome="done"]').waitFor({ timeout: 90_000 });
    await crash();
    records = await reconciled();
    expect(records.find((r) => r.accountMasked.endsWith('7788'))).toMatchObject({ status: 'paid', receipt: 'printed' });
    expect(await paidFor('5500123')).toHaveLength(1);
    expect(await paidFor('60217788')).toHaveLength(1);
  });
});
