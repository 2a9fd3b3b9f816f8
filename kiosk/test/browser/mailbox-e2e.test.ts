/**
 * The citizen mailbox end to end: Chromium on the kiosk host (the simulated card reader on a pty),
 * the real district server with its simulated mailbox back office. 张伟明's 3.00 card opens the
 * mailbox from its tile; a message is read (and marked read on the server), printed on the
 * simulated printer, and pulling the card leaves nothing of it on screen.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PaymentRig } from '../payment/e2e-rig.ts';
import { cardReader, openMailboxWithCard } from '../support/mailbox-tour.ts';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 300_000 });

const rig = new PaymentRig();
beforeAll(() => rig.start(), 300_000);
afterAll(() => rig.stop());

describe('citizen mailbox at the kiosk against the district server', () => {
  it('opens with the card and PIN, reads a message that stays read, prints it, and forgets it when the card leaves', async () => {
    const page = rig.page;
    await openMailboxWithCard(rig, 'ssc-v3-zhang', '123456');
    await page.getByTestId('mb-list').waitFor({ timeout: 30_000 });
    const unread = Number(await page.getByTestId('mb-unread').getAttribute('data-unread'));
    expect(unread).toBeGreaterThan(0);

    const row = page.locator('.mail-row[data-read="false"]').first();
    const id = (await row.getAttribute('data-message-id'))!;
    await row.click();
    await page.getByTestId('mb-message').waitFor({ timeout: 30_000 });
    const title = (await page.locator('#mb-message-title').textContent())!;
    expect((await page.getByTestId('mb-body').textContent())!.length).toBeGreaterThan(0);

    await page.getByTestId('mb-print').click();
    await page.locator('[data-testid="mb-printed"][data-ok="true"]').waitFor({ timeout: 30_000 });
    await expect.poll(async () => (await rig.receipts()).some((r) => r.includes(title)), { timeout: 30_000 }).toBe(true);

    await page.getByTestId('mb-back-to-inbox').click();
    await page.getByTestId('mb-list').waitFor({ timeout: 30_000 });
    await expect.poll(() => page.locator(`.mail-row[data-message-id="${id}"]`).getAttribute('data-read'), { timeout: 30_000 }).toBe('true');
    expect(Number(await page.getByTestId('mb-unread').getAttribute('data-unread'))).toBe(unread - 1);

    const t0 = Date.now();
    await cardReader(rig, { action: 'remove-card' });
    await page.locator('.tiles').waitFor({ timeout: 1_000 });
    expect(Date.now() - t0).toBeLessThan(1_000);
    expect(await page.content()).not.toContain(title);
  });
});
