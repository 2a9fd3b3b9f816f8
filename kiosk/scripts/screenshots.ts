/**
 * Screenshots of every kiosk screen of the tour in zh-CN, en and elderly mode (staff and
 * enrolment screens in zh-CN) at the kiosk's 1080x1920 portrait resolution, into
 * docs/screenshots/ as `kiosk-<screen>.<lang>[.elderly].png`. Run: npx tsx kiosk/scripts/screenshots.ts
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { emit, ensureBuilt, KIOSK_DIR, launchBrowser, openKiosk, UI_DIR } from '../test/support/browser.ts';
import { applySettings, enterPin, SETTINGS, staffGesture, TOUR } from '../test/support/browser-tour.ts';
import type { Settings } from '../test/support/browser-tour.ts';
import { loadSeedRelease, startStaticServer } from '../test/support/static-server.ts';

const OUT = path.resolve(KIOSK_DIR, '../docs/screenshots');

await ensureBuilt();
await mkdir(OUT, { recursive: true });
const server = await startStaticServer(UI_DIR, await loadSeedRelease());
const kiosk = await launchBrowser();
const written: string[] = [];

async function shot(page: Page, name: string, s: Settings): Promise<void> {
  const file = `kiosk-${name}.${s.lang}${s.elderly ? '.elderly' : ''}.png`;
  // Let images and fonts settle so the picture is what a person would see.
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  await page.waitForFunction(() => Array.from(document.images).every((i) => i.complete));
  await page.screenshot({ path: path.join(OUT, file) });
  written.push(file);
}

/**
 * Tour steps whose screens payment-, card- and mailbox-screens tests photograph step by
 * step (bills-*.png, card-*.png, mailbox-*.png, with UPDATE_SCREENSHOTS=1): a tour shot would repeat their first.
 */
const SHOT_BY_THEIR_TESTS = new Set(['bills', 'social-security', 'residence-permit', 'mailbox']);

try {
  for (const s of SETTINGS) {
    const page = await openKiosk(await kiosk.newContext(), server.url);
    await page.clock.install();
    await page.reload();
    await page.locator('.attract-media').waitFor();
    if (s.lang === 'zh-CN' && !s.elderly) await shot(page, 'attract', s);
    await applySettings(page, s);
    for (const step of TOUR) {
      if (SHOT_BY_THEIR_TESTS.has(step.name)) continue;
      await step.open(page);
      await shot(page, step.name, s);
    }
    await page.clock.runFor(s.elderly ? 121_000 : 61_000);
    await page.getByTestId('idle-dialog').waitFor();
    await shot(page, 'idle-countdown', s);
    await page.getByTestId('idle-dialog').locator('button').first().click();
    await emit(page, 'emergency', {
      active: true,
      id: 'typhoon',
      title: { 'zh-CN': '台风红色预警', en: 'Typhoon red alert' },
      body: { 'zh-CN': '台风“梅花”将于今晚登陆，请留在室内，远离门窗，不要外出。', en: 'Typhoon Muifa makes landfall tonight. Stay indoors, away from windows, and do not go out.' },
    });
    await page.getByTestId('emergency').waitFor();
    await shot(page, 'emergency', s);
    await page.close();
  }
  // The terminal's own poster, shown when no playlist item is in its daypart.
  const posterServer = await startStaticServer(UI_DIR, await loadSeedRelease('no-playlist', { 'attract.json': { items: [] } }));
  const poster = await openKiosk(await kiosk.newContext(), posterServer.url);
  await poster.getByTestId('attract-poster').waitFor();
  await shot(poster, 'attract-poster', { lang: 'zh-CN', elderly: false });
  await poster.close();
  await posterServer.close();
  const zh: Settings = { lang: 'zh-CN', elderly: false };
  const page = await openKiosk(await kiosk.newContext(), server.url);
  await page.getByTestId('attract').waitFor();
  await staffGesture(page);
  await shot(page, 'staff-pin', zh);
  await enterPin(page, '2468');
  await page.locator('#staff-title').waitFor();
  await page.locator('[data-device="id-reader"] button').click();
  await page.locator('[data-device="id-reader"] [role="status"]').filter({ hasText: /./ }).waitFor();
  await shot(page, 'staff', zh);
  await page.close();
  const enrol = await openKiosk(await kiosk.newContext(), server.url, { info: { enrolled: false, terminalId: null } });
  await enrol.locator('#enrol-title').waitFor();
  await shot(enrol, 'enrolment', zh);
  await enrol.close();
  console.log(`${written.length} screenshots in ${path.relative(process.cwd(), OUT)}:\n${written.join('\n')}`);
} finally {
  await kiosk.close();
  await server.close();
}
