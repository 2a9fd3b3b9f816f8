/**
 * Finding things, in Chromium with the fake bridge: the guide search's on-screen keyboard
 * (pinyin initials and full pinyin, Chinese by candidates, matching categories, pinyin-pro
 * fetched only when the search opens), the service-point map drawn from the shipped streets
 * with "you are here" and walking distances, and taking a guide's materials away (printed, or
 * a QR of the guide's public address), axe-clean in zh-CN, English and elderly mode, with
 * screenshots under docs/screenshots/ (UPDATE_SCREENSHOTS=1).
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { Page } from 'playwright-core';
import type { ReceiptJob } from '../../src/common/bridge.ts';
import { axeViolations, bridgeCalls, emit, UI_DIR } from '../support/browser.ts';
import { applySettings, enterPin, SETTINGS, staffGesture, toHome } from '../support/browser-tour.ts';
import { inPage, screenSuite } from '../support/screen-suite.ts';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 240_000 });

/** The printer answers what the test says (`window.__printer.answer`); every job is recorded by the fake bridge. */
function installFakePrinter(): void {
  const w = window as unknown as { kiosk: { printer: { print(job: unknown): Promise<unknown> } }; __printer: { answer: unknown } };
  w.__printer = { answer: { ok: true } };
  const recorded = w.kiosk.printer.print.bind(w.kiosk.printer);
  w.kiosk.printer.print = (job) => recorded(job).then(() => w.__printer.answer);
}

const { withPage, openPage, check } = screenSuite('finding', installFakePrinter);
const printer = inPage<{ answer: unknown }>('__printer');

const GUIDE_URL = 'https://zwfw.pujiang.example.gov.cn/guides/{id}';

async function openGuides(page: Page): Promise<void> {
  await toHome(page);
  await page.locator('.tile[data-route="guides"]').click();
  await page.locator('.list-item').first().waitFor();
}

const keyboard = (page: Page) => page.getByTestId('text-keyboard');
const key = (page: Page, k: string) => keyboard(page).locator('.kb-key', { hasText: new RegExp(`^${k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) });
async function typeKeys(page: Page, keys: string): Promise<void> {
  for (const k of keys) await key(page, k).click();
}
const titles = (page: Page) => page.locator('[data-testid="guide-results"] .list-title').allTextContents();

async function openKeyboard(page: Page): Promise<void> {
  await openGuides(page);
  await page.getByTestId('kb-open').click();
  // The candidate row says it is ready once pinyin-pro has loaded.
  await page.locator('[data-testid="kb-composition"]').filter({ hasText: /拼音|pinyin/i }).waitFor();
  await expect.poll(() => page.getByTestId('kb-composition').textContent()).not.toMatch(/…/);
}

async function openGuide(page: Page, matter: string): Promise<void> {
  await openGuides(page);
  await page.locator('.list-item', { hasText: matter }).click();
  await page.locator('.take-away').waitFor();
}

async function openMap(page: Page): Promise<void> {
  await toHome(page);
  await page.locator('.tile[data-route="map"]').click();
  await page.locator('.map-point').first().waitFor();
}

describe('finding screens', () => {
  for (const s of SETTINGS) {
    it(`are axe-clean with the keyboard, the map and the take-away (${s.lang}${s.elderly ? ', elderly' : ''})`, { timeout: 240_000 }, withPage(async (page) => {
      await applySettings(page, s);
      await page.locator('.tile[data-route="guides"]').click();
      await page.getByTestId('kb-open').click();
      await expect.poll(() => page.getByTestId('kb-composition').textContent()).not.toMatch(/…/);
      await typeKeys(page, 'shebao');
      await page.locator('.kb-candidate').first().waitFor();
      await check(page, 'guides-keyboard', s);
      await page.locator('.kb-candidate', { hasText: /^社保$/ }).click();
      await page.getByTestId('kb-close').click();
      await page.getByTestId('nav-home').click();
      await openMap(page);
      await page.locator('ol.list .list-item').nth(1).click();
      await page.getByTestId('map-route').waitFor();
      await check(page, 'map', s);
      await openGuide(page, s.lang === 'en' ? 'First issue of a social security card' : '社会保障卡首次申领');
      await page.getByTestId('take-away-qr').click();
      await page.getByTestId('guide-qr').waitFor();
      await check(page, 'guide-take-away', s);
    }));
  }

  it('finds the social security card guides by sbk typed on the keyboard, and converts the pinyin to 社保卡 by a candidate', withPage(async (page) => {
    await openKeyboard(page);
    const all = (await titles(page)).length;
    await typeKeys(page, 'sbk');
    await expect.poll(() => page.getByTestId('kb-composition').textContent()).toBe('sbk');
    await expect.poll(() => titles(page)).toEqual(expect.arrayContaining(['社会保障卡首次申领', '社会保障卡补领、换领']));
    expect((await titles(page)).length).toBeLessThan(all);
    await page.locator('.kb-candidate', { hasText: /^社保卡$/ }).click();
    expect(await page.locator('#guide-search').inputValue()).toBe('社保卡');
    expect((await page.getByTestId('kb-composition').textContent())?.includes('sbk')).toBe(false);
    await expect.poll(() => titles(page)).toEqual(expect.arrayContaining(['社会保障卡首次申领', '社会保障卡补领、换领']));
    // Delete takes the last character back; clear empties the field and the list is whole again.
    await keyboard(page).getByRole('button', { name: '删除' }).click();
    expect(await page.locator('#guide-search').inputValue()).toBe('社保');
    await keyboard(page).getByRole('button', { name: '全部清空' }).click();
    await expect.poll(async () => (await titles(page)).length).toBe(all);
  }));

  it('finds them by full pinyin too, picks 社保 then keeps typing, and the space key takes the first candidate', withPage(async (page) => {
    await openKeyboard(page);
    await typeKeys(page, 'shebao');
    await expect.poll(() => page.locator('.kb-candidate').first().textContent()).toBe('社保');
    await expect.poll(() => titles(page)).toContain('社会保障卡首次申领');
    await page.locator('.kb-candidate').first().click();
    await typeKeys(page, 'ka');
    await keyboard(page).getByRole('button', { name: /空格/ }).click();
    expect(await page.locator('#guide-search').inputValue()).toBe('社保卡');
  }));

  it('offers the 养老服务 category for 养老 and filters by it when touched', withPage(async (page) => {
    await openKeyboard(page);
    await typeKeys(page, 'yanglao');
    await page.locator('.kb-candidate', { hasText: /^养老$/ }).click();
    expect(await page.locator('#guide-search').inputValue()).toBe('养老');
    const category = page.locator('[data-testid="category-results"] [data-category="elderly"]');
    await category.waitFor();
    expect(await category.textContent()).toBe('分类：养老服务');
    await category.click();
    expect(await category.getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => titles(page)).toEqual(['老年综合津贴申领']);
  }));

  it('types English letters in EN mode, and every key is named and a full touch target', withPage(async (page) => {
    await openKeyboard(page);
    await keyboard(page).getByRole('button', { name: '拼音输入中文' }).click();
    await typeKeys(page, 'card');
    expect(await page.locator('#guide-search').inputValue()).toBe('card');
    await expect.poll(() => titles(page)).toContain('社会保障卡首次申领');
    const problems = await keyboard(page).locator('button').evaluateAll((buttons) =>
      buttons.flatMap((b) => {
        const r = b.getBoundingClientRect();
        const name = b.getAttribute('aria-label') ?? b.textContent?.trim();
        return [...(name ? [] : ['unnamed key']), ...(r.width < 80 || r.height < 80 ? [`${name} ${Math.round(r.width)}x${Math.round(r.height)}`] : [])];
      }),
    );
    expect(problems).toEqual([]);
  }));

  it('fetches pinyin-pro only when the search opens: not at start, not on home', async () => {
    const assets = await readdir(path.join(UI_DIR, 'assets'));
    const chunks = await Promise.all(assets.filter((a) => a.endsWith('.js')).map(async (a) => [a, await readFile(path.join(UI_DIR, 'assets', a), 'utf8')] as const));
    // The package's dictionary is the only code with toned syllables in it.
    const pinyinChunk = chunks.filter(([, code]) => code.includes('shuāng')).map(([a]) => a);
    expect(pinyinChunk).toHaveLength(1);
    const html = await readFile(path.join(UI_DIR, 'index.html'), 'utf8');
    expect(html).not.toContain(pinyinChunk[0]);
    const page = await openPage();
    try {
      const fetched: string[] = [];
      page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
      await toHome(page);
      await page.locator('.tile[data-route="map"]').click();
      await page.locator('.map-point').first().waitFor();
      expect(fetched.some((f) => f.endsWith(pinyinChunk[0]!))).toBe(false);
      await page.getByTestId('nav-home').click();
      await openKeyboard(page);
      expect(fetched.some((f) => f.endsWith(pinyinChunk[0]!))).toBe(true);
    } finally {
      await page.close();
    }
  });

  it('draws the streets, this terminal, and lists the service points nearest first with their walking distance', withPage(async (page) => {
    await openMap(page);
    expect(await page.locator('svg.map polyline.street').count()).toBeGreaterThanOrEqual(10);
    expect(await page.locator('svg.map .street-name', { hasText: '锦绣大道' }).count()).toBe(1);
    await page.getByTestId('you-are-here').waitFor();
    expect(await page.getByTestId('you-are-here').getAttribute('aria-label')).toBe('您在这里');
    // No marker covers where the resident stands; one moved off its point is tied back to it.
    const here = await page.locator('.map-here-halo').boundingBox();
    const markers = await page.locator('.map-point circle').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect));
    for (const m of markers) expect(Math.hypot(m.x + m.width / 2 - (here!.x + here!.width / 2), m.y + m.height / 2 - (here!.y + here!.height / 2))).toBeGreaterThan((m.width + here!.width) / 2);
    expect(await page.locator('.map-leader').count()).toBeGreaterThan(0);
    const metres = (await page.locator('.map-distance').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-metres'))))) as number[];
    expect(metres.length).toBeGreaterThan(5);
    expect(metres.every((m) => m > 0)).toBe(true);
    expect([...metres].sort((a, b) => a - b)).toEqual(metres);
    expect(await page.locator('.map-distance').first().textContent()).toMatch(/^沿街步行约 \d+ 米，约 \d+ 分钟$/);
    // The marker numbers follow the list: the nearest is 1.
    const first = await page.locator('ol.list .list-item').first().getAttribute('data-point');
    expect(await page.locator('.map-point').first().getAttribute('data-point')).toBe(first);
    expect(await page.getByTestId('map-route').count()).toBe(0);
    await page.locator('.map-point').nth(2).click();
    await page.getByTestId('map-route').waitFor();
    const third = await page.locator('.map-point').nth(2).getAttribute('aria-label');
    expect(third).toContain(await page.locator('#point-title').textContent());
    expect(third).toContain(await page.getByTestId('point-distance').textContent());
    await page.locator('ol.list .list-item').first().click();
    await expect.poll(() => page.locator('#point-title').textContent()).toBe(await page.locator('ol.list .list-item .list-title').first().evaluate((e) => e.textContent?.replace(/^\s*1\.\s*/, '')));
  }));

  it('without a configured position shows the streets and the points but no distances', async () => {
    const page = await openPage({ info: { position: null as never } });
    try {
      await openMap(page);
      expect(await page.locator('svg.map polyline.street').count()).toBeGreaterThanOrEqual(10);
      expect(await page.getByTestId('you-are-here').count()).toBe(0);
      expect(await page.locator('.map-distance').count()).toBe(0);
    } finally {
      await page.close();
    }
  });

  it('prints the list of materials on the receipt printer, with the QR of the guide', withPage(async (page) => {
    await openGuide(page, '社会保障卡首次申领');
    await page.getByTestId('take-away-print').click();
    await page.locator('[data-testid="take-away-printed"][data-ok="true"]').waitFor();
    expect(await page.getByTestId('take-away-printed').textContent()).toBe('清单已打印，请从出纸口取走。');
    const job = (await bridgeCalls(page, 'printer.print'))[0]!.arg as ReceiptJob;
    const text = job.lines.map((l) => ('text' in l ? l.text : 'qr' in l ? `QR ${l.qr}` : 'key' in l ? `${l.key}: ${l.value}` : '')).join('\n');
    expect(text).toContain('办事材料清单');
    expect(text).toContain('社会保障卡首次申领');
    expect(text).toContain('1. 本人有效身份证件 (原件)');
    expect(text).toContain(`QR ${GUIDE_URL.replace('{id}', 'ss-card-first-issue')}`);
  }));

  it('says plainly when the printer cannot print: before trying, and when a print fails', withPage(async (page) => {
    await openGuide(page, '社会保障卡首次申领');
    await printer(page, (p) => (p.answer = { ok: false, error: 'paper-out' }));
    await page.getByTestId('take-away-print').click();
    await page.locator('[data-testid="take-away-printed"][data-ok="false"]').waitFor();
    expect(await page.getByTestId('take-away-printed').textContent()).toBe('打印机缺纸，清单未能打印。 可用手机扫码查看。');
    await emit(page, 'device-health', { 'receipt-printer': { state: 'absent', reasons: ['cover-open'] } });
    await page.getByTestId('take-away-printer-out').waitFor();
    expect(await page.getByTestId('take-away-printer-out').textContent()).toBe('打印机暂时无法打印清单。 可用手机扫码查看。');
    expect(await page.getByTestId('take-away-print').isDisabled()).toBe(true);
    await check(page, 'guide-printer-out', { lang: 'zh-CN', elderly: false });
  }));

  it('shows the guide as a QR code of its public address to open on a phone', withPage(async (page) => {
    await openGuide(page, '居住证办理');
    await page.getByTestId('take-away-qr').click();
    const qr = page.getByTestId('guide-qr');
    await qr.waitFor();
    expect(await qr.getAttribute('data-payload')).toBe(GUIDE_URL.replace('{id}', 'residence-permit-application'));
    expect(await qr.getAttribute('aria-label')).toContain('居住证办理');
  }));

  it('offers no QR when the terminal has no guide address configured', async () => {
    const page = await openPage({ info: { guideUrl: null as never } });
    try {
      await openGuide(page, '居住证办理');
      expect(await page.getByTestId('take-away-qr').count()).toBe(0);
      expect(await page.getByTestId('take-away-print').isEnabled()).toBe(true);
    } finally {
      await page.close();
    }
  });

  it('types the enrolment address and code on the on-screen keyboard, into the field touched last', async () => {
    const page = await openPage({ info: { enrolled: false, terminalId: null } });
    try {
      await page.locator('#enrol-title').waitFor();
      await page.locator('#enrol-url').click();
      await typeKeys(page, 'https://k.pujiang.gov.cn');
      await page.locator('#enrol-code').click();
      await typeKeys(page, '123456');
      expect([await page.locator('#enrol-url').inputValue(), await page.locator('#enrol-code').inputValue()]).toEqual(['https://k.pujiang.gov.cn', '123456']);
      expect(await axeViolations(page)).toEqual([]);
      await page.getByRole('button', { name: '注册' }).click();
      await page.getByTestId('attract').waitFor();
      expect((await bridgeCalls(page, 'terminal.enrol')).at(-1)?.arg).toEqual({ serverUrl: 'https://k.pujiang.gov.cn', code: '123456' });
    } finally {
      await page.close();
    }
  });

  it('lets staff type a receipt reference on the on-screen keyboard (upper case, as printed)', withPage(async (page) => {
    await page.locator('.attract-touch').waitFor();
    await staffGesture(page);
    await enterPin(page, '2468');
    await page.getByTestId('staff-reprints').waitFor();
    const reprints = page.getByTestId('staff-reprints');
    for (const k of 'abcdefgh23') await reprints.locator('.kb-key', { hasText: new RegExp(`^${k}$`) }).click();
    expect(await page.getByTestId('reprint-reference').inputValue()).toBe('ABCDEFGH23');
    expect(await page.getByTestId('reprint-by-reference').isEnabled()).toBe(true);
    await reprints.getByRole('button', { name: '删除' }).click();
    expect(await page.getByTestId('reprint-reference').inputValue()).toBe('ABCDEFGH2');
    expect(await page.getByTestId('reprint-by-reference').isEnabled()).toBe(false);
  }));
});
