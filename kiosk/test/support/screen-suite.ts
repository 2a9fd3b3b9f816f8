/**
 * What a Chromium test file of one group of screens shares: the built UI served and Chromium
 * launched once per file, fresh pages with the fake bridge and the file's in-page fake, the
 * card going in and out, and the language, axe, reach and elderly checks (screen-checks.ts) with
 * the screenshot under docs/screenshots/ (written only with UPDATE_SCREENSHOTS=1, so a test run
 * leaves the tree as it found it).
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import type { Page } from 'playwright-core';
import { axeViolations, emit, ensureBuilt, launchBrowser, UI_DIR } from './browser.ts';
import type { Kiosk } from './browser.ts';
import type { Settings } from './browser-tour.ts';
import { installFakeBridge } from './fake-bridge.ts';
import { elderlyProblems, reachProblems, spokenSummaryProblem } from './screen-checks.ts';
import type { FakeBridgeOptions } from './fake-bridge.ts';
import { loadSeedRelease, startStaticServer } from './static-server.ts';
import type { StaticServer } from './static-server.ts';

const SHOTS = path.resolve(import.meta.dirname, '../../../docs/screenshots');

export interface ScreenSuite {
  /** A page in its own context with the fake bridge and the in-page fake, at the kiosk's URL. */
  openPage(options?: FakeBridgeOptions): Promise<Page>;
  /** A test on a fresh page (default bridge options); the page is closed however it ends. */
  withPage(test: (page: Page) => Promise<void>): () => Promise<void>;
  /**
   * The page is in the setting's language, axe-clean, its controls within reach, and in elderly
   * mode large, high-contrast and spoken (screen-checks.ts); its screenshot is
   * `<prefix>-<name>.<lang>[.elderly].png`.
   */
  check(page: Page, name: string, s: Settings): Promise<void>;
  /** The page's screenshot, written as `docs/screenshots/<file>.png` with UPDATE_SCREENSHOTS=1. */
  screenshot(page: Page, file: string): Promise<void>;
}

/**
 * Registers the file's beforeAll/afterAll. `installFake` runs in the page after the fake bridge,
 * called with `helpers` (all as source text: none may close over anything of its module, so the
 * fake gets shared code such as the protocol's paging as arguments).
 */
export function screenSuite<Helpers extends ((...args: never[]) => unknown)[]>(prefix: string, installFake: (...helpers: Helpers) => void, ...helpers: Helpers): ScreenSuite {
  let kiosk: Kiosk;
  let server: StaticServer;

  beforeAll(async () => {
    await ensureBuilt();
    server = await startStaticServer(UI_DIR, await loadSeedRelease());
    kiosk = await launchBrowser();
  }, 240_000);

  afterAll(async () => {
    await kiosk?.close();
    await server?.close();
  });

  const openPage = async (options: FakeBridgeOptions = {}): Promise<Page> => {
    const page = await (await kiosk.newContext()).newPage();
    // Source text, as in openKiosk: tsx's `__name` wrapper must exist in the page.
    await page.addInitScript({ content: `var __name = (f) => f; (${installFakeBridge.toString()})(${JSON.stringify(options)}); (${installFake.toString()})(${helpers.map(String).join(', ')});` });
    await page.goto(server.url);
    return page;
  };

  const screenshot = async (page: Page, file: string): Promise<void> => {
    const image = await page.screenshot();
    expect(image.length).toBeGreaterThan(0);
    if (process.env.UPDATE_SCREENSHOTS === '1') await writeFile(path.join(SHOTS, `${file}.png`), image);
  };

  return {
    openPage,
    screenshot,
    withPage: (test) => async () => {
      const page = await openPage();
      try {
        await test(page);
      } finally {
        await page.close();
      }
    },
    async check(page, name, s) {
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(s.lang);
      expect(await axeViolations(page), name).toEqual([]);
      expect(await reachProblems(page), name).toEqual([]);
      if (s.elderly) {
        expect(await elderlyProblems(page), name).toEqual([]);
        expect(await spokenSummaryProblem(page, s.lang), name).toBeNull();
      }
      await screenshot(page, `${prefix}-${name}.${s.lang}${s.elderly ? '.elderly' : ''}`);
    },
  };
}

/** Steers the in-page fake through its window global (`__mailbox`, `__holder`). */
export const inPage =
  <Control>(global: string) =>
  (page: Page, fn: (control: Control) => void) =>
    page.evaluate(`(${fn.toString()})(window.${global})`);

/** The social-security card put in or taken out of the card reader. */
export const card = (page: Page, present: boolean) => emit(page, 'card', { reader: 'social-security', present });
