/**
 * Paying bills end to end, exactly once: Chromium on the kiosk host (its own process, simulated
 * devices on ptys) against the real district server. The payer is the server's simulated payer;
 * the printer and scanner are scripted with sim-control; the server's ledger is the judge.
 */
import { encodeBillBarcode } from '@civic-kiosk/protocol/gateway-barcode';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { finish, openBill, PaymentRig, toBills } from '../payment/e2e-rig.ts';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 300_000 });

const rig = new PaymentRig();
beforeAll(() => rig.start(), 300_000);
afterAll(() => rig.stop());

const outcome = (name: string) => rig.page.locator(`[data-outcome="${name}"]`).waitFor({ timeout: 90_000 });
const paidFor = async (account: string) => (await rig.ledger()).filter((p) => p.account === account && p.state === 'paid');

describe('paying a bill at the kiosk against the district server', () => {
  it('pays a water bill by typed account: QR, payer pays, receipt printed, one charge on the ledger', async () => {
    await openBill(rig.page, 'water', '20481234');
    expect(await rig.page.getByTestId('bill-amount').textContent()).toBe('¥86.50');
    await rig.page.getByTestId('pay').click();
    await rig.payer('complete');
    await outcome('done');
    const reference = await rig.page.getByTestId('bill-reference').textContent();
    const paid = await paidFor('20481234');
    expect(paid).toHaveLength(1);
    expect(paid[0]!.reference).toBe(reference);
    await expect.poll(async () => (await rig.receipts()).some((r) => r.includes(reference!) && r.includes('86.50') && r.includes('****1234')), { timeout: 30_000 }).toBe(true);
    expect((await rig.outbox()).find((r) => r.reference === reference)).toMatchObject({ status: 'paid', receipt: 'printed' });
    await finish(rig.page);
  });

  it('pays a bill scanned from its barcode with the scanner', async () => {
    const bills = await rig.t.services.gateway.simulators!.billers.water.lookup('20485678');
    const oldest = bills.filter((b) => b.status === 'unpaid').sort((a, b) => (a.period < b.period ? -1 : 1))[0]!;
    const code = encodeBillBarcode({ biller: 'water', account: '20485678', period: oldest.period, amountFen: oldest.amountFen });
    await toBills(rig.page);
    const scanned = await rig.sim('barcode-scanner', { action: 'scan', code });
    expect(scanned.ok, JSON.stringify(scanned)).toBe(true);
    await rig.page.getByTestId('bill-details').waitFor({ timeout: 60_000 });
    expect(await rig.page.getByTestId('bill-details').textContent()).toContain(oldest.period);
    await rig.page.getByTestId('pay').click();
    await rig.payer('complete');
    await outcome('done');
    expect((await paidFor('20485678')).map((p) => p.period)).toEqual([oldest.period]);
    await finish(rig.page);
  });

  it('shows a decline by the biller: the payer is refunded, nothing stays charged', async () => {
    await rig.billerFault('power', 'decline');
    try {
      await openBill(rig.page, 'power', '88001234');
      await rig.page.getByTestId('pay').click();
      await rig.payer('complete');
      await outcome('declined');
      expect(await paidFor('88001234')).toEqual([]);
    } finally {
      await rig.billerFault('power', 'normal');
    }
    await finish(rig.page);
  });

  it('shows an expired QR order with nothing charged', async () => {
    await openBill(rig.page, 'power', '88004321');
    await rig.page.getByTestId('pay').click();
    await rig.payer('expire');
    await outcome('expired');
    expect(await paidFor('88004321')).toEqual([]);
    await finish(rig.page);
  });

  it('rides out the server going down mid-payment and settles once it is back', async () => {
    await openBill(rig.page, 'gas', '5500123');
    await rig.page.getByTestId('pay').click();
    const orderId = await rig.shownOrderId();
    await rig.serverDown();
    // The payer pays while the terminal cannot reach the server.
    await rig.payer('complete', orderId);
    await rig.page.waitForTimeout(5_000);
    expect(await rig.page.getByTestId('payment-qr').isVisible()).toBe(true);
    await rig.serverUp();
    await outcome('done');
    expect(await paidFor('5500123')).toHaveLength(1);
    await finish(rig.page);
  });

  it('keeps a paid bill when the printer is out of paper, shows the reference, and prints it again later', async () => {
    expect((await rig.sim('receipt-printer', { action: 'paper-out' })).ok).toBe(true);
    await openBill(rig.page, 'telecom', '60217788');
    await rig.page.getByTestId('pay').click();
    await rig.payer('complete');
    await outcome('receipt-unavailable');
    const reference = (await rig.page.getByTestId('bill-reference').textContent())!;
    expect(await paidFor('60217788')).toHaveLength(1);
    expect((await rig.outbox()).find((r) => r.reference === reference)).toMatchObject({ status: 'paid', receipt: 'unavailable' });
    expect((await rig.sim('receipt-printer', { action: 'clear' })).ok).toBe(true);
    await rig.page.getByTestId('bill-outcome').locator('button').first().click();
    await outcome('done');
    await expect.poll(async () => (await rig.receipts()).some((r) => r.includes(reference)), { timeout: 30_000 }).toBe(true);
    expect((await rig.outbox()).find((r) => r.reference === reference)).toMatchObject({ receipt: 'printed' });
    await finish(rig.page);
  });

  it('refuses the same bill after a server restart: the ledger and the biller books are in the database', async () => {
    // The scanned-bill test paid this account's older bill; this pays the other one.
    await openBill(rig.page, 'water', '20485678');
    await rig.page.getByTestId('pay').click();
    await rig.payer('complete');
    await outcome('done');
    await finish(rig.page);
    await rig.restartServer();
    const bills = await rig.t.services.gateway.simulators!.billers.water.lookup('20485678');
    expect(bills.map((b) => b.status)).toEqual(['paid', 'paid']);
    await toBills(rig.page);
    await rig.page.locator('[data-biller="water"]').click();
    for (const d of '20485678') await rig.page.locator('.keypad-keys button', { hasText: new RegExp(`^${d}$`) }).click();
    await rig.page.locator('.keypad-submit').click();
    await outcome('lookup-already-paid');
    expect(await paidFor('20485678')).toHaveLength(2);
    await rig.page.getByTestId('bill-outcome').locator('button').click();
  });

  it('leaving the QR screen asks first, then cancels the order; a payment made meanwhile is recorded and reprintable by its short reference', async () => {
    await openBill(rig.page, 'telecom', '60219900');
    await rig.page.getByTestId('pay').click();
    const orderId = await rig.shownOrderId();
    await rig.page.getByTestId('nav-home').click();
    await rig.page.getByTestId('bill-leave-confirm').click();
    await expect.poll(async () => (await rig.ledger()).find((p) => p.order?.orderId === orderId)?.failure?.code, { timeout: 60_000 }).toBe('payment-cancelled');

    const printedBefore = (await rig.receipts()).length;
    await openBill(rig.page, 'telecom', '60219900');
    await rig.page.getByTestId('pay').click();
    await rig.payer('complete');
    await rig.page.getByTestId('nav-back').click();
    await rig.page.getByTestId('bill-leave-confirm').click();
    await expect.poll(async () => (await paidFor('60219900')).length, { timeout: 60_000 }).toBe(1);
    const [paid] = await paidFor('60219900');
    await expect.poll(async () => (await rig.outbox()).find((r) => r.reference === paid!.reference)?.receipt, { timeout: 60_000 }).toBe('unavailable');
    expect((await rig.receipts()).length).toBe(printedBefore);
  });
});
