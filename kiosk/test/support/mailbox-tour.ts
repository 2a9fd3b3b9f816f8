/**
 * The citizen mailbox reached at the kiosk as a person reaches it, for the end-to-end tests on
 * the real host (simulated card reader on a pty): home, the mailbox tile, "with the card",
 * the card inserted, the PIN typed.
 */
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import type { PaymentRig } from '../payment/e2e-rig.ts';
import { typePin } from './browser-tour.ts';

/** A command to the simulated card reader that must succeed. */
export async function cardReader(rig: PaymentRig, command: { action: string; [k: string]: unknown }): Promise<void> {
  const r = await rig.sim('card-reader', command);
  expect(r.ok, JSON.stringify(r)).toBe(true);
}

/**
 * Home from wherever the page is, also while it is still moving there (a card just pulled ends
 * the holder's screen a moment later): touches attract or home until the tiles show.
 */
async function settleHome(page: Page): Promise<void> {
  const tiles = page.locator('.tiles');
  const touch = page.getByTestId('attract').or(page.getByTestId('nav-home')).first();
  await expect
    .poll(async () => {
      if (!(await tiles.isVisible())) await touch.click({ timeout: 2_000 }).catch(() => undefined);
      return tiles.isVisible();
    }, { timeout: 60_000, interval: 500 })
    .toBe(true);
}

/** From wherever the page is: no card in the reader, the mailbox tile, the card and its PIN. */
export async function openMailboxWithCard(rig: PaymentRig, card: string, pin: string): Promise<void> {
  const page: Page = rig.page;
  await cardReader(rig, { action: 'remove-card' });
  // The page may still see the card just pulled and ask for the PIN at once; a PIN typed then
  // would race the card going in. So go home and back until the page asks for the card.
  await expect
    .poll(async () => {
      await settleHome(page);
      await page.locator('.tile[data-route="mailbox"]').click();
      await page.getByTestId('mb-with-card').click();
      await page.getByTestId('mb-insert').or(page.getByTestId('ss-pin')).first().waitFor({ timeout: 30_000 });
      return page.getByTestId('mb-insert').isVisible();
    }, { timeout: 90_000, interval: 500 })
    .toBe(true);
  await cardReader(rig, { action: 'insert-card', card });
  await page.getByTestId('ss-pin').waitFor({ timeout: 10_000 });
  await typePin(page, pin);
}
