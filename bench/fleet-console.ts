/**
 * The stage both console benches play on: the built console served by the real server on
 * SQLite with a seeded fleet, Chromium, and an admin's logged-in page on /fleet.
 */
import { rm } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { TEST_ADMIN, withApp } from '../admin-web/server/test/support/app.ts';
import type { TestApp, TestAppOptions } from '../admin-web/server/test/support/app.ts';
import { buildConsole, launchChromium } from '../admin-web/server/test/support/console-browser.ts';
import { seedFleet } from '../admin-web/server/test/support/fleet.ts';
import { listen } from '../admin-web/server/test/support/terminal.ts';

export interface FleetConsole {
  t: TestApp;
  /** The built console's directory (index.html and assets). */
  dir: string;
  base: string;
  browser: Browser;
  /** A fresh context with an admin logged in, and its blank page. */
  adminPage(): Promise<{ context: BrowserContext; page: Page }>;
}

export async function withFleetConsole(fleet: number, config: NonNullable<TestAppOptions['config']>, run: (c: FleetConsole) => Promise<void>): Promise<void> {
  const dir = await buildConsole();
  const t = await withApp('sqlite', { config: { adminConsoleDir: dir, ...config } });
  try {
    await seedFleet(t, fleet);
    const base = await listen(t);
    const browser = await launchChromium();
    try {
      await run({
        t,
        dir,
        base,
        browser,
        async adminPage() {
          const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
          await context.request.post(`${base}/api/staff/login`, { data: TEST_ADMIN });
          return { context, page: await context.newPage() };
        },
      });
    } finally {
      await browser.close();
    }
  } finally {
    await t.close();
    await rm(dir, { recursive: true, force: true });
  }
}
