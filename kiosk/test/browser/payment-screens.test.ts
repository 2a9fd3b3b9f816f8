/**
 * The bill screens in Chromium with the fake bridge and an in-page payment gateway: every step
 * of paying a bill and each way it can end, axe-clean in both languages and elderly mode, and
 * the screenshots under docs/screenshots/ (written only with UPDATE_SCREENSHOTS=1, so a test
 * run leaves the tree as it found it).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Page } from 'playwright-core';
import type { ReceiptJob } from '../../src/common/bridge.ts';
import { axeViolations, bridgeCalls, ensureBuilt, launchBrowser, UI_DIR } from '../support/browser.ts';
import { installFakeBridge } from '../support/fake-bridge.ts';
import type { Kiosk } from '../support/browser.ts';
import { applySettings, enterPin, staffGesture, toHome } from '../support/browser-tour.ts';
import { loadSeedRelease, startStaticServer } from '../support/static-server.ts';
import type { StaticServer } from '../support/static-server.ts';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 240_000 });

const SHOTS = path.resolve(import.meta.dirname, '../../../docs/screenshots');

let kiosk: Kiosk;
let server: StaticServer;

beforeAll(async () => {
  await ensureBuilt();
  server = await startStaticServer(UI_DIR, await loadSeedRelease());
  kiosk = await launchBrowser();
  await mkdir(SHOTS, { recursive: true });
}, 240_000);

afterAll(async () => {
  await kiosk?.close();
  await server?.close();
});

interface GatewayControl {
  pay(): void;
  decline(): void;
  printer: 'ok' | 'paper-out';
  creates: number;
}

/**
 * Runs in the page after the fake bridge: answers the payment routes like the district server
 * (one payment per key), and lets the test pay, decline or take the paper out.
 */
function installFakeGateway(): void {
  type View = Record<string, unknown> & { state: string; failure: { code: string; message: string } | null; receiptNo: string | null };
  const w = window as unknown as { kiosk: { terminal: { api: unknown }; printer: { print: unknown } }; __gateway: GatewayControl; __kioskFake: { calls: { name: string; arg: unknown }[] } };
  const payments = new Map<string, View>();
  const bill = { billId: 'water:3101041234:2026-10', biller: 'water', account: '3101041234', period: '2026-10', amountFen: 12345, dueDate: '2026-11-30', holderMasked: '张*明', addressMasked: '上海市**区**路**号***室', status: 'unpaid' };
  const control: GatewayControl = {
    creates: 0,
    printer: 'ok',
    pay() {
      for (const p of payments.values()) if (p.state === 'pending') Object.assign(p, { state: 'paid', receiptNo: 'WA20261126000001' });
    },
    decline() {
      for (const p of payments.values()) if (p.state === 'pending') Object.assign(p, { state: 'failed', failure: { code: 'biller-declined', message: 'declined' } });
    },
  };
  w.__gateway = control;
  w.kiosk.terminal.api = async (r: { method: string; path: string; body?: { idempotencyKey?: string } }) => {
    w.__kioskFake.calls.push({ name: 'terminal.api', arg: JSON.parse(JSON.stringify(r)) });
    if (r.path.endsWith('/bills/lookup')) return { status: 200, body: { bills: [bill] } };
    if (r.method === 'POST' && r.path.endsWith('/payments')) {
      const key = r.body!.idempotencyKey!;
      if (!payments.has(key)) {
        control.creates++;
        const t = new Date().toISOString();
        payments.set(key, {
          paymentId: `P-${payments.size + 1}`,
          idempotencyKey: key,
          state: 'pending',
          biller: 'water',
          account: bill.account,
          period: bill.period,
          amountFen: bill.amountFen,
          order: { orderId: 'SIM0001', qrPayload: 'civicpay://sim/order/SIM0001?amount=12345', expiresAt: new Date(Date.now() + 120_000).toISOString() },
          receiptNo: null,
          failure: null,
          createdAt: t,
          updatedAt: t,
        });
      }
      return { status: 201, body: payments.get(key) };
    }
    const m = /\/payments\/([^/]+)(\/cancel)?$/.exec(r.path);
    const p = m ? payments.get(decodeURIComponent(m[1]!)) : undefined;
    if (!p) return { status: 404, body: { error: { code: 'payment-not-found', message: '' } } };
    if (m?.[2] && p.state === 'pending') Object.assign(p, { state: 'failed', failure: { code: 'payment-cancelled', message: '' } });
    return { status: 200, body: p };
  };
  w.kiosk.printer.print = async (job: unknown) => {
    w.__kioskFake.calls.push({ name: 'printer.print', arg: job });
    return control.printer === 'ok' ? { ok: true } : { ok: false, error: control.printer };
  };
}

const gateway = (page: Page, fn: (g: GatewayControl) => void) =>
  page.evaluate(`(${fn.toString()})(window.__gateway)`);

async function openBills(): Promise<Page> {
  const page = await kiosk.context.newPage();
  await page.addInitScript(installFakeBridge, {});
  await page.addInitScript(`(${installFakeGateway.toString()})()`);
  await page.goto(server.url);
  return page;
}

async function toBill(page: Page): Promise<void> {
  await toHome(page);
  await page.locator('.tile[data-route="bills"]').click();
  await page.locator('[data-biller="water"]').click();
  for (const d of '3101041234') await page.locator('.keypad-keys button', { hasText: new RegExp(`^${d}$`) }).click();
  await page.locator('.keypad-submit').click();
  await page.getByTestId('bill-details').waitFor();
}

async function shot(page: Page, name: string): Promise<void> {
  const image = await page.screenshot();
  expect(image.length).toBeGreaterThan(0);
  if (process.env.UPDATE_SCREENSHOTS === '1') await writeFile(path.join(SHOTS, `${name}.png`), image);
}

describe('paying a bill on screen', () => {
  it('goes from the biller to the bill to the QR to the printed receipt, axe-clean, in both languages', async () => {
    for (const lang of ['zh-CN', 'en'] as const) {
      const page = await openBills();
      try {
        await applySettings(page, { lang, elderly: false });
        await page.locator('.tile[data-route="bills"]').click();
        await page.locator('[data-biller="water"]').waitFor();
        expect(await axeViolations(page)).toEqual([]);
        await shot(page, `bills-choose-${lang}`);
        await page.locator('[data-biller="water"]').click();
        await page.locator('.keypad').waitFor();
        expect(await axeViolations(page)).toEqual([]);
        for (const d of '3101041234') await page.locator('.keypad-keys button', { hasText: new RegExp(`^${d}$`) }).click();
        await shot(page, `bills-account-${lang}`);
        await page.locator('.keypad-submit').click();
        await page.getByTestId('bill-details').waitFor();
        expect(await page.getByTestId('bill-details').textContent()).toContain('******1234');
        expect(await page.getByTestId('bill-details').textContent()).not.toContain('3101041234');
        expect(await page.getByTestId('bill-amount').textContent()).toBe('¥123.45');
        expect(await axeViolations(page)).toEqual([]);
        await shot(page, `bills-bill-${lang}`);
        await page.getByTestId('pay').click();
        await page.getByTestId('payment-qr').waitFor();
        expect(await page.getByTestId('payment-qr').getAttribute('data-payload')).toBe('civicpay://sim/order/SIM0001?amount=12345');
        await expect.poll(() => page.getByTestId('countdown').textContent()).toMatch(/[12]:\d\d|0:5\d/);
        expect(await axeViolations(page)).toEqual([]);
        await shot(page, `bills-qr-${lang}`);
        await gateway(page, (g) => g.pay());
        await page.locator('[data-outcome="done"]').waitFor({ timeout: 30_000 });
        expect(await page.getByTestId('bill-reference').textContent()).toBe('P-1');
        expect(await axeViolations(page)).toEqual([]);
        await shot(page, `bills-done-${lang}`);
        const [print] = await bridgeCalls(page, 'printer.print');
        const job = print!.arg as ReceiptJob;
        expect(job.lines).toContainEqual({ key: lang === 'en' ? 'Account' : '户号', value: '******1234' });
        expect(job.lines).toContainEqual({ qr: 'P-1' });
      } finally {
        await page.close();
      }
    }
  });

  it('keeps the payment when the printer is out of paper, shows the reference, and prints it again', async () => {
    const page = await openBills();
    try {
      await toBill(page);
      await gateway(page, (g) => {
        g.printer = 'paper-out';
      });
      await page.getByTestId('pay').click();
      await page.getByTestId('payment-qr').waitFor();
      await gateway(page, (g) => g.pay());
      await page.locator('[data-outcome="receipt-unavailable"]').waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('bill-outcome').textContent()).toContain('打印机缺纸');
      expect(await page.getByTestId('bill-reference').textContent()).toBe('P-1');
      expect(await axeViolations(page)).toEqual([]);
      await shot(page, 'bills-receipt-unavailable-zh-CN');
      await gateway(page, (g) => {
        g.printer = 'ok';
      });
      await page.getByRole('button', { name: '重新打印凭条' }).click();
      await page.locator('[data-outcome="done"]').waitFor();
      expect(await bridgeCalls(page, 'printer.print')).toHaveLength(2);
      // Later, staff reprint it by its reference from staff mode.
      await page.getByTestId('bill-outcome').locator('button').last().click();
      await staffGesture(page);
      await enterPin(page, '2468');
      const reprints = page.getByTestId('staff-reprints');
      await reprints.getByRole('button', { name: '补打 P-1' }).first().click();
      await expect.poll(() => reprints.getByRole('status').textContent()).toBe('已补打 P-1');
      const jobs = (await bridgeCalls(page, 'printer.print')).map((c) => c.arg as ReceiptJob);
      expect(jobs).toHaveLength(3);
      expect(jobs[2]!.lines).toContainEqual({ text: '（补打）', align: 'center' });
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('shows a declined payment and a cancelled one, each with nothing charged, in elderly mode too', async () => {
    const page = await openBills();
    try {
      await applySettings(page, { lang: 'zh-CN', elderly: true });
      await page.locator('.tile[data-route="bills"]').click();
      await page.locator('[data-biller="water"]').click();
      for (const d of '3101041234') await page.locator('.keypad-keys button', { hasText: new RegExp(`^${d}$`) }).click();
      await page.locator('.keypad-submit').click();
      await page.getByTestId('pay').click();
      await page.getByTestId('payment-qr').waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await gateway(page, (g) => g.decline());
      await page.locator('[data-outcome="declined"]').waitFor({ timeout: 30_000 });
      expect(await axeViolations(page)).toEqual([]);
      await shot(page, 'bills-declined-zh-CN-elderly');
      await page.getByRole('button', { name: '完成' }).click();
      await page.locator('.tile[data-route="bills"]').click();
      await page.locator('[data-biller="water"]').click();
      for (const d of '3101041234') await page.locator('.keypad-keys button', { hasText: new RegExp(`^${d}$`) }).click();
      await page.locator('.keypad-submit').click();
      await page.getByTestId('pay').click();
      await page.getByTestId('payment-qr').waitFor();
      await page.getByRole('button', { name: '取消支付' }).click();
      await page.locator('[data-outcome="cancelled"]').waitFor({ timeout: 30_000 });
      expect(await page.evaluate(() => (window as unknown as { __gateway: GatewayControl }).__gateway.creates)).toBe(2);
    } finally {
      await page.close();
    }
  });

  it('looks a bill up from a scanned barcode', async () => {
    const page = await openBills();
    try {
      await toHome(page);
      await page.locator('.tile[data-route="bills"]').click();
      await page.locator('[data-biller="water"]').waitFor();
      await page.evaluate(() => (window as unknown as { __kioskFake: { emit(e: string, p: unknown): void } }).__kioskFake.emit('barcode', { code: '13101310104123420261000000123456', symbology: ']C0' }));
      await page.getByTestId('bill-details').waitFor();
      const lookups = (await bridgeCalls(page, 'terminal.api')).filter((c) => (c.arg as { path: string }).path.endsWith('/bills/lookup'));
      expect(lookups.at(-1)?.arg).toMatchObject({ body: { barcode: '13101310104123420261000000123456' } });
    } finally {
      await page.close();
    }
  });
});
