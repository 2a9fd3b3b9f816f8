/**
 * The terminal's public face, from kiosk-config.json through the bridge's terminal info: the
 * status bar names where the terminal stands (never its technical name), receipts name it too,
 * and home, the attract poster and the attract playlist offer only the services switched on.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Page } from 'playwright-core';
import type { TerminalInfo } from '../../src/common/bridge.ts';
import { receiptTerminal } from '../../src/browser/state/place.ts';
import { axeViolations, ensureBuilt, launchBrowser, openKiosk, UI_DIR } from '../support/browser.ts';
import type { Kiosk } from '../support/browser.ts';
import { applySettings, toHome } from '../support/browser-tour.ts';
import type { FakeBridgeOptions } from '../support/fake-bridge.ts';
import { loadSeedRelease, startStaticServer } from '../support/static-server.ts';
import type { ContentRelease } from '../support/static-server.ts';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 240_000 });

let kiosk: Kiosk;
let seed: ContentRelease;

beforeAll(async () => {
  await ensureBuilt();
  seed = await loadSeedRelease();
  kiosk = await launchBrowser();
});

afterAll(async () => {
  await kiosk?.close();
});

/** A page on a server of its own with the given release and bridge options. */
async function withKiosk(release: ContentRelease, options: FakeBridgeOptions, fn: (page: Page) => Promise<void>): Promise<void> {
  const server = await startStaticServer(UI_DIR, release);
  const context = await kiosk.newContext();
  try {
    await fn(await openKiosk(context, server.url, options));
  } finally {
    await context.close();
    await server.close();
  }
}

const INFORMATION_ONLY = ['guides', 'hotlines', 'notices', 'map'] as const;

describe('the terminal as residents see it', () => {
  it('names its public location in the status bar in both languages, never its technical name', () =>
    withKiosk(seed, {}, async (page) => {
      const bar = page.getByTestId('location-name');
      await expect.poll(() => bar.textContent()).toBe('浦江区行政服务中心 一楼大厅');
      await applySettings(page, { lang: 'en', elderly: false });
      expect(await bar.textContent()).toBe('Pujiang District Administrative Service Centre, ground floor');
      const statusBar = (await page.locator('.status-bar').textContent()) ?? '';
      for (const technical of ['1号机', 'T-0042', '静安区']) expect(statusBar).not.toContain(technical);
    }));

  it('offers only the services switched on: home tiles and the attract poster', async () => {
    const release = await loadSeedRelease('no-playlist', { 'attract.json': { items: [] } });
    await withKiosk(release, { info: { services: [...INFORMATION_ONLY] } }, async (page) => {
      await page.getByTestId('attract-poster').waitFor();
      expect(await page.locator('.attract-service').evaluateAll((els) => els.map((e) => e.getAttribute('data-service')))).toEqual(INFORMATION_ONLY);
      expect(await page.getByTestId('attract-poster').textContent()).toContain('浦江区');
      expect(await axeViolations(page)).toEqual([]);
      await toHome(page);
      expect(await page.locator('.tile').evaluateAll((els) => els.map((e) => e.getAttribute('data-route')))).toEqual(INFORMATION_ONLY);
    });
  });

  it('plays images and video of the current daypart, and skips an item advertising a service switched off', async () => {
    const hash = (p: string) => seed.manifest.files.find((f) => f.path === p)?.sha256;
    const item = (id: string, kind: 'image' | 'video', extra: object = {}) => ({ id, kind, file: hash('images/welcome.svg'), durationSeconds: 5, alt: { 'zh-CN': id, en: id }, ...extra });
    const items = [item('always', 'image'), item('evening-video', 'video', { dayparts: [{ from: '17:00', to: '21:00' }] }), item('bills-ad', 'image', { services: ['bills'] }), item('morning', 'image', { dayparts: [{ from: '07:00', to: '10:00' }] })];
    const release = await loadSeedRelease('video-dayparts', { 'attract.json': { items } });
    await withKiosk(release, { info: { services: [...INFORMATION_ONLY] } }, async (page) => {
      // 18:00 in Shanghai (the browser's time zone).
      await page.clock.install({ time: new Date('2026-11-26T18:00:00+08:00') });
      await page.reload();
      const shown = () => page.locator('.attract-media').evaluate((e) => `${e.tagName.toLowerCase()}:${e.getAttribute('alt') ?? e.getAttribute('aria-label')}`);
      const seen: string[] = [];
      for (let i = 0; i < 3; i++) {
        await expect.poll(shown).not.toBe(seen.at(-1));
        seen.push(await shown());
        await page.clock.runFor(5_000);
      }
      expect(seen).toEqual(['img:always', 'video:evening-video', 'img:always']);
    });
  });

  it('names the terminal on receipts by its location, with the id staff look it up by', () => {
    const info = { terminalId: 'T-0042', terminalName: '静安区行政服务中心 1号机', district: { name: { 'zh-CN': '浦江区', en: 'Pujiang District' }, locationName: { 'zh-CN': '浦江区行政服务中心', en: 'Pujiang Service Centre' } } } as TerminalInfo;
    expect(receiptTerminal(info, 'zh-CN')).toBe('浦江区行政服务中心 (T-0042)');
    expect(receiptTerminal(info, 'en')).toBe('Pujiang Service Centre (T-0042)');
    expect(receiptTerminal({ ...info, district: undefined } as TerminalInfo, 'zh-CN')).toBe('T-0042');
  });
});
