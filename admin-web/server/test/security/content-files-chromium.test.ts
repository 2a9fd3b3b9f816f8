/**
 * The stored-script finding in a real browser: an admin, logged in, opens a content file whose
 * SVG carries a script that would create an admin account with the admin's session. The file
 * is put straight into the store, as one uploaded before uploads were checked.
 */
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ContentFileStore } from '../../src/content/file-store.ts';
import { TEST_ADMIN, withApp } from '../support/app.ts';
import type { TestApp } from '../support/app.ts';
import { SCRIPTED_SVG } from '../support/media-samples.ts';
import { listen } from '../support/terminal.ts';

// A real browser on a shared machine: generous limits; every wait is on a condition.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

describe('a content file opened in Chromium runs no script on the server origin', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  beforeAll(async () => {
    t = await withApp('sqlite');
    base = await listen(t);
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'] });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it("does not run an SVG's script, which therefore cannot use the admin's session", async () => {
    const file = await new ContentFileStore(t.services.db, t.clock.now).put(SCRIPTED_SVG, 'image/svg+xml');
    const context = await browser.newContext();
    try {
      const login = await context.request.post(`${base}/api/staff/login`, { data: TEST_ADMIN });
      expect(login.status()).toBe(200);
      const page = await context.newPage();
      const fromPage: string[] = [];
      page.on('request', (r) => fromPage.push(`${r.method()} ${new URL(r.url()).pathname}`));
      const url = `${base}/api/content/files/${file.sha256}`;

      // Defence one: the SVG is offered as a download, so nothing is rendered at its address.
      const download = page.waitForEvent('download');
      await page.goto(url).catch((e: Error) => expect(e.message).toMatch(/Download is starting/));
      expect((await download).suggestedFilename()).toBe(`${file.sha256}.svg`);

      // Defence two, alone: with the download header dropped on the way (a proxy, a browser that
      // ignores it), the SVG renders, but under the sandboxing CSP its script does not run.
      await page.route(url, async (route) => {
        const res = await route.fetch();
        const headers = { ...res.headers() };
        delete headers['content-disposition'];
        await route.fulfill({ response: res, headers });
      });
      await page.goto(url);
      expect(await page.evaluate('document.documentElement.localName')).toBe('svg');
      // The script sets this attribute synchronously while the SVG is parsed, before `load`.
      expect(await page.evaluate("document.documentElement.getAttribute('data-script-ran')")).toBeNull();
      await page.waitForLoadState('networkidle');
      expect(fromPage.filter((r) => r.includes('/api/staff/'))).toEqual([]);
      expect((await t.services.staff.listUsers()).map((u) => u.username)).not.toContain('intruder');
    } finally {
      await context.close();
    }
  });
});
