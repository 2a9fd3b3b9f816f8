/**
 * The kiosk UI as a resident meets it, in Debian's Chromium with the fake bridge and the seed
 * content release:
 *   - initial JS: gzip size of what index.html loads before the first screen (target <= 100 KB)
 *   - cold load: navigation to an interactive attract screen, fresh profile each time, median
 *     (target <= 1 s), and the same with the profile kept (as a kiosk does)
 *   - touch to next screen painted: tile touch to the new screen's first frame, p95 (target <= 100 ms)
 *   - 1,000 scripted sessions (attract → home → bills → water → back → finish): renderer heap
 *     growth after a forced GC (target <= 5 MB)
 *
 *   npx tsx bench/kiosk-ui.ts [--sessions N] [--loads N]
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { ensureBuilt, launchBrowser, openKiosk, UI_DIR } from '../kiosk/test/support/browser.ts';
import { loadSeedRelease, startStaticServer } from '../kiosk/test/support/static-server.ts';
import { median, percentile } from './stats.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const SESSIONS = arg('sessions', 1000);
const LOADS = arg('loads', 9);
const TOUCHES = 40;

const verdict = (ok: boolean) => (ok ? 'within target' : 'OVER TARGET');

async function initialJsGzip(): Promise<number> {
  const html = await readFile(path.join(UI_DIR, 'index.html'), 'utf8');
  const urls = [...html.matchAll(/<script[^>]+src="([^"]+)"|<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g)].map((m) => m[1] ?? m[2]!);
  let total = 0;
  for (const url of urls) total += gzipSync(await readFile(path.join(UI_DIR, url))).length;
  return total;
}

/*
 * Page-side code goes in as strings: tsx (esbuild) wraps named functions in a `__name` helper
 * that does not exist in the page.
 */

/** Resolves to performance.now() at the first frame that shows the selector. */
function paintedWhen(page: Page, selector: string): Promise<number> {
  return page.evaluate(`new Promise((resolve) => {
    const check = () => (document.querySelector(${JSON.stringify(selector)}) ? requestAnimationFrame(() => resolve(performance.now())) : requestAnimationFrame(check));
    check();
  })`);
}

/** Touch a tile; resolves to the ms from the touch to the first frame showing the new screen's title. */
function touchToPaint(page: Page, route: string): Promise<number> {
  return page.evaluate(`new Promise((resolve) => {
    const title = () => document.querySelector('h1')?.textContent;
    const home = title();
    const tile = document.querySelector('.tile[data-route="${route}"]');
    const start = performance.now();
    tile.click();
    const check = () => (title() === home ? requestAnimationFrame(check) : requestAnimationFrame(() => resolve(performance.now() - start)));
    check();
  })`);
}

/** Scripted sessions in the page: attract → home → bills → water → one key → finish (the wipe). */
function sessions(page: Page, count: number): Promise<void> {
  return page.evaluate(`(async () => {
    const until = (sel) => new Promise((resolve) => {
      const check = () => { const el = document.querySelector(sel); if (el) resolve(el); else setTimeout(check, 1); };
      check();
    });
    for (let i = 0; i < ${count}; i++) {
      (await until('[data-testid="attract"]')).click();
      (await until('.tile[data-route="bills"]')).click();
      (await until('[data-biller="water"]')).click();
      (await until('.keypad-keys button')).click();
      (await until('[data-testid="finish"]')).click();
    }
  })()`);
}

async function main(): Promise<void> {
  await ensureBuilt();
  const server = await startStaticServer(UI_DIR, await loadSeedRelease());
  try {
    const js = await initialJsGzip();
    console.log(`initial JS (gzip): ${(js / 1024).toFixed(1)} KB  [target <= 100 KB: ${verdict(js <= 100 * 1024)}]`);

    const loads: number[] = [];
    for (let i = 0; i < LOADS; i++) {
      const kiosk = await launchBrowser();
      try {
        const page = await openKiosk(kiosk.context, server.url);
        // performance.now() counts from navigation start.
        await page.getByTestId('attract').waitFor();
        loads.push(await paintedWhen(page, '[data-testid="attract"]'));
      } finally {
        await kiosk.close();
      }
    }
    const load = median(loads);
    console.log(`cold load to attract screen (fresh profile each): median ${load.toFixed(0)} ms of ${LOADS}  [target <= 1000 ms: ${verdict(load <= 1000)}]`);

    // A kiosk keeps its profile: the same page loaded again (HTTP cache, service worker, fonts warm).
    const warm: number[] = [];
    {
      const k = await launchBrowser();
      try {
        const page = await openKiosk(k.context, server.url);
        await page.getByTestId('attract').waitFor();
        for (let i = 0; i < LOADS; i++) {
          await page.reload();
          await page.getByTestId('attract').waitFor();
          warm.push(await paintedWhen(page, '[data-testid="attract"]'));
        }
      } finally {
        await k.close();
      }
    }
    console.log(`load to attract screen, kept profile: median ${median(warm).toFixed(0)} ms of ${LOADS}`);

    const kiosk = await launchBrowser();
    try {
      const page = await openKiosk(kiosk.context, server.url);
      await page.getByTestId('attract').click();
      await page.locator('.tiles').waitFor();
      // Touch → next screen: the time from the touch event to the first frame showing the new screen.
      const touches: number[] = [];
      const routes = ['bills', 'guides', 'hotlines', 'notices'];
      for (let i = 0; i < TOUCHES; i++) {
        const route = routes[i % routes.length]!;
        const ms = await touchToPaint(page, route);
        if (i >= routes.length) touches.push(ms); // the first visit of each screen loads its chunk once
        await page.getByTestId('nav-home').click();
        await page.locator('.tile[data-route="bills"]').waitFor();
      }
      const touch = percentile(touches, 95);
      console.log(`touch to next screen painted: p95 ${touch.toFixed(1)} ms, median ${median(touches).toFixed(1)} ms of ${touches.length}  [target <= 100 ms: ${verdict(touch <= 100)}]`);

      const cdp = await kiosk.context.newCDPSession(page);
      const heap = async () => {
        await cdp.send('HeapProfiler.collectGarbage');
        await cdp.send('HeapProfiler.collectGarbage');
        return (await cdp.send('Runtime.getHeapUsage')).usedSize;
      };
      await page.getByTestId('finish').click();
      await page.getByTestId('attract').waitFor();
      await sessions(page, 50);
      const before = await heap();
      const started = Date.now();
      await sessions(page, SESSIONS);
      const after = await heap();
      const growth = (after - before) / 1024 / 1024;
      console.log(
        `${SESSIONS} scripted sessions in ${((Date.now() - started) / 1000).toFixed(0)} s: renderer heap ${(before / 1048576).toFixed(1)} → ${(after / 1048576).toFixed(1)} MB, growth ${growth.toFixed(2)} MB  [target <= 5 MB: ${verdict(growth <= 5)}]`,
      );
    } finally {
      await kiosk.close();
    }
  } finally {
    await server.close();
  }
}

await main();
