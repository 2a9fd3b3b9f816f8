/**
 * The console's payments area in real Chromium against the real server (SQLite and
 * PostgreSQL): payments made through the terminal payment API appear in the ledger, the totals
 * and the downloaded CSV (a hostile terminal name neutralised); an admin reverses one with a
 * reason after confirming; a reconciliation finds what the simulated billers disagree on; an
 * operator is offered no reversal and refused by the API, an auditor runs no reconciliation;
 * axe-clean in zh-CN and en.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { shanghaiDay } from '@civic-kiosk/protocol/china-time';
import type { Bill, PaymentView } from '@civic-kiosk/protocol/gateway';
import { fenAsYuan } from '@civic-kiosk/protocol/staff-money';
import { DIALECTS, TEST_ADMIN } from '../support/app.ts';
import type { TestApp } from '../support/app.ts';
import { axeViolations, consolePassword as password, consoleScreenshot, startConsoleSuite } from '../support/console-browser.ts';
import type { ConsoleSuite } from '../support/console-browser.ts';
import { loginStaff } from '../support/staff.ts';
import type { StaffClient } from '../support/staff.ts';
import { TestTerminal } from '../support/terminal.ts';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

const cells = (page: Page, name: string | RegExp) => page.getByRole('row', { name }).getByRole('cell').allTextContents();
/** Amounts here stay under ¥1,000, so no thousands separator. */
const yuan = (fen: number) => `¥${fenAsYuan(fen)}`;
const summary = (page: Page) => page.locator('.money .summary').textContent();

describe.each(DIALECTS)('payments area in Chromium (%s)', (dialect) => {
  let suite: ConsoleSuite;
  let t: TestApp;
  let payerDesk: StaffClient;
  let lobby: TestTerminal;
  let street: TestTerminal;
  const paid: Record<string, PaymentView> = {};
  const today = () => shanghaiDay(t.clock.now());

  /** A resident pays a bill at the kiosk: the terminal's own payment API, the simulated payer scanning the QR code. */
  async function payAtKiosk(kiosk: TestTerminal, biller: string, account: string, pay = true): Promise<PaymentView> {
    const bills = (await kiosk.request('POST', '/api/terminal/bills/lookup', { biller, account })).json() as { bills: Bill[] };
    const bill = bills.bills.find((b) => b.status === 'unpaid')!;
    const key = `k-${biller}-${account}-${kiosk.id.slice(-12)}`.padEnd(20, '0');
    const created = await kiosk.request('POST', '/api/terminal/payments', { idempotencyKey: key, billId: bill.billId, amountFen: bill.amountFen });
    expect(created.statusCode, created.body).toBe(200);
    const order = (created.json() as PaymentView).order!;
    if (pay) expect((await payerDesk.request('POST', `/api/simulator/payments/${order.orderId}/complete`)).statusCode).toBe(200);
    return (await kiosk.request('GET', `/api/terminal/payments/${key}`)).json() as PaymentView;
  }

  beforeAll(async () => {
    suite = await startConsoleSuite(['operator', 'auditor'], { dialect });
    t = suite.t;
    payerDesk = await loginStaff(t, 'operator');
    lobby = await TestTerminal.enrol(t, { name: '徐汇大厅一号机', group: 'xuhui' });
    street = await TestTerminal.enrol(t, { name: '漕河泾街道二号机', group: 'caohejing' });
    paid.water = await payAtKiosk(lobby, 'water', '20481234');
    paid.power = await payAtKiosk(street, 'power', '88001234');
    paid.telecom = await payAtKiosk(lobby, 'telecom', '60217788');
    paid.gas = await payAtKiosk(street, 'gas', '5500123');
    for (const p of Object.values(paid)) expect(p.state).toBe('paid');
    // One resident walks away before paying: the order stays open.
    expect((await payAtKiosk(lobby, 'water', '20485678', false)).state).toBe('pending');
  });
  afterAll(async () => {
    await suite?.close();
  });

  async function openAs(username: string, pw: string, at: string): Promise<Awaited<ReturnType<ConsoleSuite['open']>>> {
    const opened = await suite.open();
    await suite.logIn(opened.page, username, pw);
    await opened.page.getByRole('heading', { name: '终端设备' }).waitFor();
    await opened.page.goto(`${suite.base}${at}`);
    await opened.page.getByRole('heading', { name: '交易与对账', exact: true }).waitFor();
    return opened;
  }

  it('shows kiosk payments in the ledger, the totals and the CSV, and lets an admin reverse one with a reason after confirming', async () => {
    const { context, page } = await openAs(TEST_ADMIN.username, TEST_ADMIN.password, '/money');
    try {
      // The ledger: today's payments, newest first, amounts in yuan from whole fen.
      await expect.poll(() => summary(page)).toBe(`第 1 页，5 笔交易（${today()}）`);
      expect(await cells(page, new RegExp(paid.water!.reference))).toEqual([expect.stringMatching(/\d/), '徐汇大厅一号机', '水费', '20481234', paid.water!.period, '¥86.50', '已缴费', paid.water!.receiptNo!, '撤销']);
      expect(await cells(page, new RegExp(paid.power!.reference))).toEqual([expect.stringMatching(/\d/), '漕河泾街道二号机', '电费', '88001234', paid.power!.period, '¥156.20', '已缴费', paid.power!.receiptNo!, '撤销']);
      // An open order cannot be reversed.
      expect(await page.getByRole('button', { name: /^撤销交易/ }).count()).toBe(4);

      // Filters: biller, terminal, state, and a day range that ends before it starts.
      await page.getByLabel('缴费单位').selectOption({ label: '电费' });
      await expect.poll(() => summary(page)).toBe(`第 1 页，1 笔交易（${today()}）`);
      await page.getByLabel('缴费单位').selectOption({ label: '全部缴费单位' });
      await page.getByLabel('终端').selectOption({ label: '徐汇大厅一号机' });
      await expect.poll(() => summary(page)).toBe(`第 1 页，3 笔交易（${today()}）`);
      await page.getByLabel('状态').selectOption({ label: '处理中' });
      await expect.poll(() => summary(page)).toBe(`第 1 页，1 笔交易（${today()}）`);
      await page.getByLabel('状态').selectOption({ label: '全部状态' });
      await page.getByLabel('终端').selectOption({ label: '全部终端' });
      await page.getByLabel('截止营业日').fill('2020-01-01');
      await expect.poll(() => page.locator('#money-to-error').textContent()).toBe('截止日期不能早于起始日期。');
      expect(await page.getByLabel('截止营业日').getAttribute('aria-invalid')).toBe('true');
      await page.getByLabel('截止营业日').fill(today());
      await page.getByLabel('截止营业日').blur();
      await expect.poll(() => summary(page)).toBe(`第 1 页，5 笔交易（${today()}）`);
      expect(await axeViolations(page)).toEqual([]);
      if (dialect === 'sqlite') expect(await consoleScreenshot(page, 'admin-money.zh-CN')).toBeGreaterThan(10_000);

      // The CSV the browser downloads: BOM, the filter's rows, yuan amounts, terminal names.
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '导出 CSV' }).click()]);
      expect(download.suggestedFilename()).toBe(`payments-${today()}-${today()}.csv`);
      const csv = await readFile((await download.path())!, 'utf8');
      expect(csv.startsWith('\uFEFFcreated_at,business_day,payment_id,reference,')).toBe(true);
      const water = csv.split('\r\n').find((l) => l.includes(paid.water!.reference))!;
      expect(water).toContain(`,${lobby.id},徐汇大厅一号机,water,20481234,${paid.water!.period},86.50,paid,${paid.water!.receiptNo},`);
      expect(csv.split('\r\n').filter((l) => l.includes(',paid,'))).toHaveLength(4);

      // Totals per biller and per terminal, paid payments only.
      await page.getByRole('link', { name: '汇总' }).click();
      await page.getByRole('table', { name: '按缴费单位汇总' }).waitFor();
      expect(new URL(page.url()).search).toBe('?view=totals');
      const byBiller = page.getByRole('table', { name: '按缴费单位汇总' });
      const fen = (...ps: PaymentView[]) => ps.reduce((a, p) => a + p.amountFen, 0);
      const all = fen(paid.water!, paid.power!, paid.telecom!, paid.gas!);
      await expect.poll(() => byBiller.getByRole('row').allTextContents()).toEqual([
        '缴费单位笔数金额',
        `燃气费1${yuan(paid.gas!.amountFen)}`,
        '电费1¥156.20',
        `通信费1${yuan(paid.telecom!.amountFen)}`,
        '水费1¥86.50',
        `合计4${yuan(all)}`,
      ]);
      const byTerminal = page.getByRole('table', { name: '按终端汇总' });
      expect(await byTerminal.getByRole('row', { name: /^徐汇大厅一号机/ }).getByRole('cell').allTextContents()).toEqual(['2', yuan(fen(paid.water!, paid.telecom!))]);
      expect(await byTerminal.getByRole('row', { name: /^合计/ }).getByRole('cell').allTextContents()).toEqual(['4', yuan(all)]);
      expect(await axeViolations(page)).toEqual([]);
      if (dialect === 'sqlite') expect(await consoleScreenshot(page, 'admin-money-totals.zh-CN')).toBeGreaterThan(10_000);

      // Reversal: the dialog names the payment, refuses no reason, and reverses once confirmed.
      await page.getByRole('link', { name: '交易明细' }).click();
      await page.getByRole('button', { name: `撤销交易 ${paid.water!.reference}（¥86.50）` }).click();
      const dialog = page.getByRole('dialog', { name: `撤销交易 ${paid.water!.reference}` });
      await dialog.waitFor();
      expect(await dialog.locator('.warning').textContent()).toBe('撤销后，缴费单位将冲正这笔缴费，¥86.50 原路退还付款人。此操作无法恢复。');
      await dialog.getByRole('button', { name: '确认撤销并退款' }).click();
      await expect.poll(() => dialog.locator('#reverse-reason-error').textContent()).toBe('请填写撤销原因（至少 2 个字）。');
      expect((await t.services.db.selectFrom('payments').select('state').where('id', '=', paid.water!.paymentId).executeTakeFirstOrThrow()).state).toBe('paid');
      await dialog.getByLabel('撤销原因（必填）').fill('居民重复缴费，申请退款');
      expect(await axeViolations(page)).toEqual([]);
      if (dialect === 'sqlite') expect(await consoleScreenshot(page, 'admin-money-reverse.zh-CN')).toBeGreaterThan(10_000);
      await dialog.getByRole('button', { name: '确认撤销并退款' }).click();
      await expect.poll(() => page.locator('.money .message').textContent()).toBe(`已撤销 ${paid.water!.reference}，¥86.50 将退还付款人。`);
      expect(await dialog.count()).toBe(0);
      expect((await cells(page, new RegExp(paid.water!.reference)))[6]).toBe('已撤销：admin 撤销，原因：居民重复缴费，申请退款');
      const row = await t.services.db.selectFrom('payments').select(['state', 'reversed_by', 'reversal_reason', 'refunded_at']).where('id', '=', paid.water!.paymentId).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ state: 'reversed', reversed_by: 'admin', reversal_reason: '居民重复缴费，申请退款' });
      expect(row.refunded_at).not.toBeNull();
      expect(await page.getByRole('button', { name: /^撤销交易/ }).count()).toBe(3);

      // English: the same screens, axe-clean.
      await page.getByRole('button', { name: /语言/ }).click();
      await page.getByRole('heading', { name: 'Payments', exact: true }).waitFor();
      await expect.poll(() => summary(page)).toBe(`Page 1, 5 payments (${today()})`);
      expect((await cells(page, new RegExp(paid.water!.reference)))[6]).toBe('Reversed by admin: 居民重复缴费，申请退款');
      expect(await page.locator('.money .message').textContent()).toBe(`Reversed ${paid.water!.reference}; ¥86.50 goes back to the payer.`);
      expect(await axeViolations(page)).toEqual([]);
      if (dialect === 'sqlite') expect(await consoleScreenshot(page, 'admin-money.en')).toBeGreaterThan(10_000);
      await page.getByRole('button', { name: `Reverse payment ${paid.power!.reference} (¥156.20)` }).click();
      const en = page.getByRole('dialog', { name: `Reverse payment ${paid.power!.reference}` });
      await en.getByLabel('Reason for the reversal (required)').fill('Resident paid twice; refund requested');
      expect(await axeViolations(page)).toEqual([]);
      if (dialect === 'sqlite') expect(await consoleScreenshot(page, 'admin-money-reverse.en')).toBeGreaterThan(10_000);
      await en.getByRole('button', { name: 'Cancel' }).click();
      expect(await en.count()).toBe(0);
      await page.getByRole('link', { name: 'Totals' }).click();
      await expect.poll(() => page.getByRole('table', { name: 'Totals per biller' }).getByRole('row', { name: /^Total/ }).getByRole('cell').allTextContents()).toEqual(['3', yuan(paid.power!.amountFen + paid.telecom!.amountFen + paid.gas!.amountFen)]);
      expect(await axeViolations(page)).toEqual([]);
      if (dialect === 'sqlite') expect(await consoleScreenshot(page, 'admin-money-totals.en')).toBeGreaterThan(10_000);
    } finally {
      await context.close();
    }
    expect(suite.problems).toEqual([]);
  });

  it('runs a reconciliation as an operator that shows what the billers disagree on, with its history; no reversal for an operator', async () => {
    // The simulated billers' books disagree: one amount differs, one payment is missing at the
    // biller, and the biller booked one this server never made.
    const sims = t.services.gateway.simulators!;
    await t.services.db.updateTable('sim_biller_payments').set({ amount_fen: 15000 }).where('key', '=', paid.power!.idempotencyKey).execute();
    await t.services.db.deleteFrom('sim_biller_payments').where('key', '=', paid.telecom!.idempotencyKey).execute();
    await sims.billers.gas.injectForeignPayment({ key: 'foreign-counter-payment-1', account: '5500456', period: paid.gas!.period, amountFen: 3200, paidAt: t.clock.now() });

    const { context, page } = await openAs('operator', password('operator'), '/money?view=reconciliation');
    try {
      await page.getByRole('heading', { name: '每日对账' }).waitFor();
      await expect.poll(() => page.getByText('还没有对账记录。').count()).toBe(1);
      await page.getByLabel('营业日').fill(today());
      await page.getByRole('button', { name: '开始对账' }).click();
      await expect.poll(() => page.locator('.money .message').textContent()).toBe(`${today()} 对账完成。`);
      await page.getByRole('heading', { name: `${today()} 对账结果` }).waitFor();
      const counts = await page.locator('.report-counts > div').allTextContents();
      // Matched: the reversed water payment (reversed on both sides), gas, and the unpaid order neither side booked.
      expect(counts).toEqual(['核对一致3', '缴费单位无此记录1', '本系统无此记录1', '金额不一致1']);
      const findings = page.getByRole('table', { name: '差异明细' });
      expect(await findings.getByRole('row', { name: /^金额不一致/ }).getByRole('cell').allTextContents()).toEqual(['电费', paid.power!.reference, paid.power!.receiptNo!, '¥156.20', '¥150.00']);
      expect(await findings.getByRole('row', { name: /^缴费单位无此记录/ }).getByRole('cell').allTextContents()).toEqual(['通信费', paid.telecom!.reference, paid.telecom!.receiptNo!, yuan(paid.telecom!.amountFen), '—']);
      expect(await findings.getByRole('row', { name: /^本系统无此记录/ }).getByRole('cell').allTextContents()).toEqual(['燃气费', '—', expect.stringMatching(/\w/), '—', '¥32.00']);
      const history = page.getByRole('table', { name: '对账记录' });
      expect(await history.getByRole('row', { name: new RegExp(`^${today()}`) }).getByRole('cell').allTextContents()).toEqual([expect.stringMatching(/\d/), 'operator', '3 / 5', '3', '查看']);
      expect(await axeViolations(page)).toEqual([]);
      if (dialect === 'sqlite') expect(await consoleScreenshot(page, 'admin-money-reconciliation.zh-CN')).toBeGreaterThan(10_000);
      // A day that has not started is refused on the field.
      await page.getByLabel('营业日').fill('2099-01-01');
      await page.getByRole('button', { name: '开始对账' }).click();
      await expect.poll(() => page.locator('#reconcile-day-error').textContent()).toBe('该营业日尚未开始。');

      await page.getByRole('button', { name: /语言/ }).click();
      await page.getByRole('heading', { name: `Reconciliation of ${today()}` }).waitFor();
      expect(await page.locator('.report-counts > div').allTextContents()).toEqual(['Matched3', 'Missing at the biller1', 'Missing here1', 'Amount differs1']);
      expect(await axeViolations(page)).toEqual([]);
      if (dialect === 'sqlite') expect(await consoleScreenshot(page, 'admin-money-reconciliation.en')).toBeGreaterThan(10_000);

      // An operator's ledger offers no reversal, and the API refuses one.
      await page.getByRole('link', { name: 'Transactions' }).click();
      await expect.poll(() => summary(page)).toBe(`Page 1, 5 payments (${today()})`);
      expect(await page.getByRole('columnheader', { name: 'Actions' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: /^Reverse/ }).count()).toBe(0);
      expect(await reverseFromPage(page, paid.gas!.paymentId)).toEqual([403, 'forbidden']);
      expect((await t.services.db.selectFrom('payments').select('state').where('id', '=', paid.gas!.paymentId).executeTakeFirstOrThrow()).state).toBe('paid');
    } finally {
      await context.close();
    }
    expect(suite.problems).toEqual([]);
  });

  it('lets an auditor read the ledger and the reconciliation history but neither reverse nor reconcile', async () => {
    const { context, page } = await openAs('auditor', password('auditor'), '/money?view=reconciliation');
    try {
      await page.getByText('审计员可查看对账结果和历史记录，不能发起对账。').waitFor();
      expect(await page.getByRole('button', { name: '开始对账' }).count()).toBe(0);
      await page.getByRole('heading', { name: `${today()} 对账结果` }).waitFor();
      expect(await page.getByRole('table', { name: '对账记录' }).getByRole('row').count()).toBe(2);
      expect(await reconcileFromPage(page, today())).toEqual([403, 'forbidden']);
      await page.getByRole('link', { name: '交易明细' }).click();
      await expect.poll(() => summary(page)).toBe(`第 1 页，5 笔交易（${today()}）`);
      expect(await page.getByRole('button', { name: /^撤销/ }).count()).toBe(0);
      expect(await reverseFromPage(page, paid.gas!.paymentId)).toEqual([403, 'forbidden']);
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
    expect(suite.problems).toEqual([]);
  });

  it('neutralises a CSV cell a spreadsheet would run as a formula (a terminal named like one); tells an admin whose payment someone else reversed meanwhile', async () => {
    const hostile = await TestTerminal.enrol(t, { name: '=HYPERLINK("http://example.invalid","点此")', group: 'xuhui' });
    const p = await payAtKiosk(hostile, 'water', '20485678');
    const { context, page } = await openAs(TEST_ADMIN.username, TEST_ADMIN.password, '/money');
    try {
      await page.getByLabel('终端').selectOption({ label: '=HYPERLINK("http://example.invalid","点此")' });
      await expect.poll(() => summary(page)).toBe(`第 1 页，1 笔交易（${today()}）`);
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '导出 CSV' }).click()]);
      const lines = (await readFile((await download.path())!, 'utf8')).split('\r\n');
      expect(lines).toHaveLength(3);
      expect(lines[1]).toContain(`,${hostile.id},"'=HYPERLINK(""http://example.invalid"",""点此"")",water,20485678,${p.period},`);

      // Reversed by someone else while the dialog was open: the dialog says so and the row shows it.
      await page.getByRole('button', { name: `撤销交易 ${p.reference}（${yuan(p.amountFen)}）` }).click();
      const dialog = page.getByRole('dialog', { name: `撤销交易 ${p.reference}` });
      await dialog.getByLabel('撤销原因（必填）').fill('终端测试缴费');
      const colleague = await loginStaff(t, 'admin', 'finance-admin');
      expect((await colleague.request('POST', `/api/staff/transactions/${p.paymentId}/reverse`, { reason: '测试终端的缴费，退回' })).statusCode).toBe(200);
      await dialog.getByRole('button', { name: '确认撤销并退款' }).click();
      await expect.poll(() => dialog.getByRole('alert').textContent()).toBe('这笔交易已不是“已缴费”状态（可能刚被他人撤销），无法撤销；列表已刷新。');
      await dialog.getByRole('button', { name: '取消' }).click();
      await expect.poll(async () => (await cells(page, new RegExp(p.reference)))[6]).toBe('已撤销：finance-admin 撤销，原因：测试终端的缴费，退回');
    } finally {
      await context.close();
    }
    // The refused reversal is the browser's one logged error.
    expect(suite.problems).toEqual([expect.stringMatching(/409 \(Conflict\).*\/reverse$/)]);
  });
});

/** A staff API call from the page's own session (its CSRF token from /api/staff/me): [status, error code]. */
function callFromPage(page: Page, url: string, body: unknown): Promise<[number, string]> {
  return page.evaluate(
    `fetch('/api/staff/me').then((r) => r.json()).then((s) => fetch(${JSON.stringify(url)}, { method: 'POST', headers: { 'content-type': 'application/json', [s.csrfHeader]: s.csrfToken }, body: ${JSON.stringify(JSON.stringify(body))} })).then(async (r) => [r.status, (await r.json()).error?.code])`,
  ) as Promise<[number, string]>;
}
const reverseFromPage = (page: Page, paymentId: string) => callFromPage(page, `/api/staff/transactions/${paymentId}/reverse`, { reason: '试图撤销这笔缴费' });
const reconcileFromPage = (page: Page, businessDay: string) => callFromPage(page, '/api/staff/transactions/reconcile', { businessDay });
