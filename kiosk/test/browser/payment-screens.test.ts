/**
 * The bill screens in Chromium with the fake bridge and an in-page payment gateway: every step
 * of paying a bill and each way it can end, axe-clean in both languages and elderly mode, and
 * the screenshots under docs/screenshots/ (written only with UPDATE_SCREENSHOTS=1, so a test
 * run leaves the tree as it found it).
 */
import { describe, expect, it, vi } from 'vitest';
import type { Page } from 'playwright-core';
import type { ReceiptJob } from '../../src/common/bridge.ts';
import { axeViolations, bridgeCalls, emit } from '../support/browser.ts';
import { applySettings, enterPin, SETTINGS, staffGesture, toHome } from '../support/browser-tour.ts';
import { inPage, screenSuite } from '../support/screen-suite.ts';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 240_000 });

interface GatewayControl {
  pay(): void;
  decline(): void;
  printer: 'ok' | 'paper-out';
  creates: number;
  /** The short references given, in order. */
  references: string[];
  /** The server's refusal of the next create (its ledger holds the bill paid or in doubt). */
  refuse: 'bill-already-paid' | 'bill-payment-in-doubt' | null;
}

/**
 * Runs in the page after the fake bridge: answers `payments.*` as the privileged side would
 * for the district server (one payment per key), and lets the test pay, decline or take the
 * paper out.
 */
function installFakeGateway(): void {
  type View = Record<string, unknown> & { state: string; failure: { code: string; message: string } | null; receiptNo: string | null };
  const w = window as unknown as { kiosk: { payments: unknown; printer: { print: unknown } }; __gateway: GatewayControl; __kioskFake: { calls: { name: string; arg: unknown }[] } };
  const payments = new Map<string, View>();
  const bill = { billId: 'water:3101041234:2026-10', biller: 'water', account: '3101041234', period: '2026-10', amountFen: 12345, dueDate: '2026-11-30', holderMasked: '张*明', addressMasked: '上海市**区**路**号***室', status: 'unpaid' };
  const control: GatewayControl = {
    creates: 0,
    printer: 'ok',
    refuse: null,
    references: [],
    pay() {
      for (const p of payments.values()) if (p.state === 'pending') Object.assign(p, { state: 'paid', receiptNo: 'WA20261126000001' });
    },
    decline() {
      for (const p of payments.values()) if (p.state === 'pending') Object.assign(p, { state: 'failed', failure: { code: 'biller-declined', message: 'declined' } });
    },
  };
  w.__gateway = control;
  const record = (name: string, arg: unknown) => w.__kioskFake.calls.push({ name, arg: JSON.parse(JSON.stringify(arg)) });
  const existing = (key: string, change: (p: View) => void) => {
    const p = payments.get(key);
    if (!p) return { ok: false, failure: { status: 404, code: 'payment-not-found' } };
    change(p);
    return { ok: true, value: { ...p } };
  };
  w.kiosk.payments = {
    lookup: async (r: unknown) => (record('payments.lookup', r), { ok: true, value: { bills: [bill] } }),
    create: async (r: { idempotencyKey: string }) => {
      record('payments.create', r);
      if (control.refuse) return { ok: false, failure: { status: 409, code: control.refuse } };
      const key = r.idempotencyKey;
      if (!payments.has(key)) {
        control.creates++;
        const t = new Date().toISOString();
        payments.set(key, {
          paymentId: `P-${payments.size + 1}`,
          reference: `7KQ2M9XYZ${'ABCDEFGHJK'[payments.size]}`,
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
      control.references = [...payments.values()].map((p) => p.reference as string);
      return { ok: true, value: { ...payments.get(key) } };
    },
    status: async (r: { idempotencyKey: string }) => (record('payments.status', r), existing(r.idempotencyKey, () => undefined)),
    cancel: async (r: { idempotencyKey: string }) => {
      record('payments.cancel', r);
      return existing(r.idempotencyKey, (p) => {
        if (p.state === 'pending') Object.assign(p, { state: 'failed', failure: { code: 'payment-cancelled', message: '' } });
      });
    },
  };
  w.kiosk.printer.print = async (job: unknown) => {
    w.__kioskFake.calls.push({ name: 'printer.print', arg: job });
    return control.printer === 'ok' ? { ok: true } : { ok: false, error: control.printer };
  };
}

// Each page is in its own context, so its payments (and their references) are its own.
const { withPage: withBills, check } = screenSuite('bills', installFakeGateway);

const ZH = { lang: 'zh-CN', elderly: false } as const;
const ELDERLY = { lang: 'zh-CN', elderly: true } as const;

/** The short reference the fake server gave the page's first payment. */
const firstReference = async (page: Page) => page.evaluate(() => (window as unknown as { __gateway: GatewayControl }).__gateway.references[0]!);

const gateway = inPage<GatewayControl>('__gateway');

/** From a fresh page to the bill on screen, in the given language and mode (zh-CN, standard by default). */
async function toBill(page: Page, settings?: Parameters<typeof applySettings>[1]): Promise<void> {
  if (settings) await applySettings(page, settings);
  else await toHome(page);
  await page.locator('.tile[data-route="bills"]').click();
  await page.locator('[data-biller="water"]').click();
  await typeDigits(page, '3101041234');
  await page.locator('.keypad-submit').click();
  await page.getByTestId('bill-details').waitFor();
}

/** Digits typed on the account keypad. */
async function typeDigits(page: Page, digits: string): Promise<void> {
  for (const d of digits) await page.locator('.keypad-keys button', { hasText: new RegExp(`^${d}$`) }).click();
}

describe('paying a bill on screen', () => {
  it('goes from the biller to the bill to the QR to the printed receipt, axe-clean and within reach, in both languages and elderly mode', async () => {
    for (const s of SETTINGS) {
      const lang = s.lang;
      await withBills(async (page) => {
        await applySettings(page, s);
        await page.locator('.tile[data-route="bills"]').click();
        await page.locator('[data-biller="water"]').waitFor();
        await check(page, 'choose', s);
        await page.locator('[data-biller="water"]').click();
        await page.locator('.keypad').waitFor();
        expect(await axeViolations(page)).toEqual([]);
        await typeDigits(page, '3101041234');
        await check(page, 'account', s);
        await page.locator('.keypad-submit').click();
        await page.getByTestId('bill-details').waitFor();
        expect(await page.getByTestId('bill-details').textContent()).toContain('******1234');
        expect(await page.getByTestId('bill-details').textContent()).not.toContain('3101041234');
        expect(await page.getByTestId('bill-amount').textContent()).toBe('¥123.45');
        await check(page, 'bill', s);
        await page.getByTestId('pay').click();
        await page.getByTestId('payment-qr').waitFor();
        expect(await page.getByTestId('payment-qr').getAttribute('data-payload')).toBe('civicpay://sim/order/SIM0001?amount=12345');
        await expect.poll(() => page.getByTestId('countdown').textContent()).toMatch(/[12]:\d\d|0:5\d/);
        await check(page, 'qr', s);
        await gateway(page, (g) => g.pay());
        await page.locator('[data-outcome="done"]').waitFor({ timeout: 30_000 });
        const reference = await firstReference(page);
        expect(reference).toMatch(/^[2-9A-HJKMNP-TV-Z]{10}$/);
        expect(await page.getByTestId('bill-reference').textContent()).toBe(reference);
        expect(await page.getByTestId('bill-outcome').getByRole('img', { name: reference }).count()).toBe(1);
        await check(page, 'done', s);
        const [print] = await bridgeCalls(page, 'printer.print');
        const job = print!.arg as ReceiptJob;
        expect(job.lines).toContainEqual({ key: lang === 'en' ? 'Account' : '户号', value: '******1234' });
        expect(job.lines).toContainEqual({ qr: reference });
      })();
    }
  });

  it('keeps the payment when the printer is out of paper, shows the reference, and prints it again', withBills(async (page) => {
    await toBill(page);
    await gateway(page, (g) => {
      g.printer = 'paper-out';
    });
    await page.getByTestId('pay').click();
    await page.getByTestId('payment-qr').waitFor();
    await gateway(page, (g) => g.pay());
    await page.locator('[data-outcome="receipt-unavailable"]').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('bill-outcome').textContent()).toContain('打印机缺纸');
    const reference = await firstReference(page);
    expect(await page.getByTestId('bill-reference').textContent()).toBe(reference);
    await check(page, 'receipt-unavailable', ZH);
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
    await reprints.getByRole('button', { name: `补打 ${reference}` }).click();
    await expect.poll(() => reprints.getByRole('status').textContent()).toBe(`已补打 ${reference}`);
    const jobs = (await bridgeCalls(page, 'printer.print')).map((c) => c.arg as ReceiptJob);
    expect(jobs).toHaveLength(3);
    expect(jobs[2]!.lines).toContainEqual({ text: '（补打）', align: 'center' });
    expect(await axeViolations(page)).toEqual([]);
  }));

  it('shows a declined payment and a cancelled one, each with nothing charged, in elderly mode too', withBills(async (page) => {
    await toBill(page, ELDERLY);
    await page.getByTestId('pay').click();
    await page.getByTestId('payment-qr').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await gateway(page, (g) => g.decline());
    await page.locator('[data-outcome="declined"]').waitFor({ timeout: 30_000 });
    await check(page, 'declined', ELDERLY);
    await page.getByRole('button', { name: '完成' }).click();
    await toBill(page);
    await page.getByTestId('pay').click();
    await page.getByTestId('payment-qr').waitFor();
    await page.getByRole('button', { name: '取消支付' }).click();
    await page.locator('[data-outcome="cancelled"]').waitFor({ timeout: 30_000 });
    expect(await page.evaluate(() => (window as unknown as { __gateway: GatewayControl }).__gateway.creates)).toBe(2);
  }));

  it('looks a bill up from a scanned barcode', withBills(async (page) => {
    await toHome(page);
    await page.locator('.tile[data-route="bills"]').click();
    await page.locator('[data-biller="water"]').waitFor();
    await page.evaluate(() => (window as unknown as { __kioskFake: { emit(e: string, p: unknown): void } }).__kioskFake.emit('barcode', { code: '13101310104123420261000000123456', symbology: ']C0' }));
    await page.getByTestId('bill-details').waitFor();
    const lookups = await bridgeCalls(page, 'payments.lookup');
    expect(lookups.at(-1)?.arg).toEqual({ barcode: '13101310104123420261000000123456' });
  }));
});

describe('payment edges on screen', () => {
  it('says on the spot that an account number is too short, without asking the server', withBills(async (page) => {
    await applySettings(page, { lang: 'en', elderly: false });
    await page.locator('.tile[data-route="bills"]').click();
    await page.locator('[data-biller="water"]').click();
    const submit = page.locator('.keypad-submit');
    expect(await submit.isDisabled()).toBe(true); // nothing typed: nothing to look up
    await typeDigits(page, '123');
    await submit.click();
    expect(await page.getByTestId('account-too-short').textContent()).toContain('6 to 10 digits');
    expect(await bridgeCalls(page, 'payments.lookup')).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    await typeDigits(page, '4');
    expect(await page.getByTestId('account-too-short').count()).toBe(0);
  }));

  it('says before paying that no receipt can be printed when the printer is out; paper near its end is not for residents', async () => {
    for (const s of SETTINGS) {
      const lang = s.lang;
      await withBills(async (page) => {
        await toBill(page, s);
        expect(await page.getByTestId('printer-warning').count()).toBe(0);
        await emit(page, 'device-health', { 'receipt-printer': { state: 'absent', reasons: ['paper-out'] } });
        expect(await page.getByTestId('printer-warning').textContent()).toContain(lang === 'en' ? 'no receipt can be printed' : '不能打印凭条');
        await check(page, 'printer-out', s);
        await emit(page, 'device-health', { 'receipt-printer': { state: 'degraded', reasons: ['paper-near-end'] } });
        await expect.poll(() => page.getByTestId('printer-warning').count()).toBe(0);
      })();
    }
  });

  it('asks before leaving an open QR order; staying keeps it, leaving closes it and prints nothing', async () => {
    for (const s of SETTINGS) {
      await withBills(async (page) => {
        await toBill(page, s);
        await page.getByTestId('pay').click();
        await page.getByTestId('payment-qr').waitFor();
        await page.getByTestId('nav-home').click();
        await page.getByTestId('bill-leave-dialog').waitFor();
        await check(page, 'leave', s);
        await page.getByTestId('bill-leave-stay').click();
        expect(await page.getByTestId('payment-qr').isVisible()).toBe(true);
        expect(await bridgeCalls(page, 'payments.cancel')).toEqual([]);
        await page.getByTestId('finish').click();
        await page.getByTestId('bill-leave-confirm').click();
        await expect.poll(async () => (await bridgeCalls(page, 'payments.cancel')).length).toBe(1);
        await expect.poll(() => page.getByTestId('payment-qr').count()).toBe(0);
        expect(await bridgeCalls(page, 'printer.print')).toEqual([]);
      })();
    }
  });

  it('records a payment completed after the person left, prints nothing, and staff reprint it by the short reference', withBills(async (page) => {
    await toBill(page);
    await page.getByTestId('pay').click();
    await page.getByTestId('payment-qr').waitFor();
    await gateway(page, (g) => g.pay()); // the phone was quicker than the person's walk away
    await page.getByTestId('nav-back').click();
    await page.getByTestId('bill-leave-confirm').click();
    await expect.poll(async () => (await bridgeCalls(page, 'payments.cancel')).length).toBe(1);
    await page.waitForTimeout(500);
    expect(await bridgeCalls(page, 'printer.print')).toEqual([]);
    await toHome(page);
    await staffGesture(page);
    await enterPin(page, '2468');
    const reprints = page.getByTestId('staff-reprints');
    const reference = await firstReference(page);
    await expect.poll(() => reprints.textContent()).toContain(reference);
    const input = page.getByTestId('reprint-reference');
    const button = page.getByTestId('reprint-by-reference');
    await input.fill(`${reference.slice(0, 9)}O`); // O is not in the alphabet
    expect(await button.isDisabled()).toBe(true);
    expect(await button.getAttribute('aria-disabled')).toBe('true');
    expect(await input.getAttribute('aria-invalid')).toBe('true');
    expect(await axeViolations(page)).toEqual([]);
    await input.fill(reference.toLowerCase());
    await button.click();
    await expect.poll(() => reprints.getByRole('status').textContent()).toBe(`已补打 ${reference}`);
    const jobs = (await bridgeCalls(page, 'printer.print')).map((c) => c.arg as ReceiptJob);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.lines).toContainEqual({ qr: reference });
    await input.fill('ZZZZZZZZZZ');
    await button.click();
    await expect.poll(() => reprints.getByRole('status').textContent()).toContain('ZZZZZZZZZZ');
    expect(await bridgeCalls(page, 'printer.print')).toHaveLength(1);
  }));

  it('shows each unhappy outcome within reach, accessible and spoken in every language and in elderly mode', async () => {
    const outcomes: readonly { outcome: string; reach(page: Page): Promise<void> }[] = [
      {
        outcome: 'receipt-unavailable',
        async reach(page) {
          await gateway(page, (g) => {
            g.printer = 'paper-out';
          });
          await page.getByTestId('pay').click();
          await page.getByTestId('payment-qr').waitFor();
          await gateway(page, (g) => g.pay());
        },
      },
      {
        outcome: 'declined',
        async reach(page) {
          await page.getByTestId('pay').click();
          await page.getByTestId('payment-qr').waitFor();
          await gateway(page, (g) => g.decline());
        },
      },
      ...(['bill-already-paid', 'bill-payment-in-doubt'] as const).map((code) => ({
        outcome: code === 'bill-already-paid' ? 'refused-already-paid' : 'refused-in-doubt',
        async reach(page: Page) {
          await page.evaluate((c) => ((window as unknown as { __gateway: GatewayControl }).__gateway.refuse = c), code);
          await page.getByTestId('pay').click();
        },
      })),
    ];
    for (const s of SETTINGS) {
      for (const { outcome, reach } of outcomes) {
        await withBills(async (page) => {
          await toBill(page, s);
          await reach(page);
          await page.locator(`[data-outcome="${outcome}"]`).waitFor({ timeout: 30_000 });
          await check(page, outcome, s);
        })();
      }
    }
  });

  it('tells a bill the server holds as paid or in doubt apart, each with its own message', async () => {
    for (const [code, outcome, text] of [
      ['bill-already-paid', 'refused-already-paid', '这张账单已经缴清'],
      ['bill-payment-in-doubt', 'refused-in-doubt', '之前的一笔缴费正在核对'],
    ] as const) {
      await withBills(async (page) => {
        await toBill(page);
        await page.evaluate((c) => ((window as unknown as { __gateway: GatewayControl }).__gateway.refuse = c), code);
        await page.getByTestId('pay').click();
        await page.locator(`[data-outcome="${outcome}"]`).waitFor({ timeout: 30_000 });
        expect(await page.getByTestId('bill-outcome').textContent()).toContain(text);
        await check(page, outcome, ZH);
      })();
    }
  });
});
