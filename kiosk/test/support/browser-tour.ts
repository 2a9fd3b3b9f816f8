/**
 * Every screen of the kiosk, reachable the way a person reaches it (touches from home), for
 * the accessibility checks and the screenshots. Each step starts from a page in session mode.
 */
import type { Page } from 'playwright-core';

export interface Settings {
  lang: 'zh-CN' | 'en';
  elderly: boolean;
}

export const SETTINGS: readonly Settings[] = [
  { lang: 'zh-CN', elderly: false },
  { lang: 'en', elderly: false },
  { lang: 'zh-CN', elderly: true },
];

/** Leave the attract loop (or any session screen) for home. */
export async function toHome(page: Page): Promise<void> {
  const attract = page.getByTestId('attract');
  const home = page.getByTestId('nav-home');
  await attract.or(home).or(page.locator('.tiles')).first().waitFor();
  if (await attract.isVisible()) await attract.click();
  else if (await home.isVisible()) await home.click();
  await page.locator('.tiles').waitFor();
}

/** Types a card PIN on the PIN pad and confirms it. */
export async function typePin(page: Page, pin: string): Promise<void> {
  for (const d of pin) await page.locator('.pin-entry .keypad-keys button', { hasText: new RegExp(`^${d}$`) }).click();
  await page.locator('.pin-entry .keypad-submit').click();
}

export async function applySettings(page: Page, s: Settings): Promise<void> {
  await toHome(page);
  await page.locator(`.lang-switch button[lang="${s.lang}"]`).click();
  await page.waitForFunction((lang) => document.documentElement.lang === lang, s.lang);
  const elderly = page.getByTestId('elderly-toggle');
  if ((await elderly.getAttribute('aria-pressed')) !== String(s.elderly)) await elderly.click();
  await page.waitForFunction((on) => document.documentElement.classList.contains('elderly') === on, s.elderly);
}

const tile = (route: string) => async (page: Page) => {
  await toHome(page);
  await page.locator(`.tile[data-route="${route}"]`).click();
  await page.locator('#screen-title').waitFor();
};
const firstItem = (route: string) => async (page: Page) => {
  await tile(route)(page);
  await page.locator('.list-item').first().click();
  await page.getByTestId('nav-back').waitFor();
};

export interface TourStep {
  name: string;
  open(page: Page): Promise<void>;
}

export const TOUR: readonly TourStep[] = [
  { name: 'home', open: toHome },
  { name: 'bills', open: tile('bills') },
  { name: 'social-security', open: tile('social-security') },
  { name: 'residence-permit', open: tile('residence-permit') },
  { name: 'mailbox', open: tile('mailbox') },
  {
    name: 'guides',
    open: async (page) => {
      await tile('guides')(page);
      await page.locator('.list-item').first().waitFor();
    },
  },
  { name: 'guide', open: firstItem('guides') },
  { name: 'disclosure', open: tile('disclosure') },
  { name: 'disclosure-entry', open: firstItem('disclosure') },
  {
    name: 'hotlines',
    open: async (page) => {
      await tile('hotlines')(page);
      await page.locator('.hotline-number').first().waitFor();
    },
  },
  { name: 'notices', open: tile('notices') },
  { name: 'notice', open: firstItem('notices') },
  {
    name: 'page',
    open: async (page) => {
      await tile('notices')(page);
      await page.locator('.list-item[data-page]').first().click();
      await page.locator('.blocks').waitFor();
    },
  },
  {
    name: 'map',
    open: async (page) => {
      await tile('map')(page);
      await page.locator('.map-point').nth(1).click();
      await page.getByTestId('point-details').waitFor();
    },
  },
];

/** Five taps in the top-left corner, then the PIN screen. */
export async function staffGesture(page: Page): Promise<void> {
  const corner = page.getByTestId('staff-corner');
  for (let i = 0; i < 5; i++) await corner.click({ position: { x: 20, y: 20 } });
  await page.locator('#pin-title').waitFor();
}

export async function enterPin(page: Page, pin: string): Promise<void> {
  for (const d of pin) await page.locator('.keypad-keys button', { hasText: new RegExp(`^${d}$`) }).click();
  await page.locator('.keypad-submit').click();
}
