/**
 * The content studio's terminal preview in Chromium against the real server: a notice edited
 * in the studio and not saved shows in the preview frame exactly as the kiosk's own terminal
 * build shows the same notice (same text on the screen, in zh-CN, English and elderly mode); the
 * preview follows the notice being edited and shows the one or the screen staff pick, and an
 * attract item with its image whatever its hours; a draft with errors is left out as a terminal leaves it out; the frame cannot act as a terminal
 * or as the editor (every privileged bridge channel refused, no connection, no staff session,
 * no access to the console); the studio page with the preview is axe-clean in both languages.
 */
import { readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BRIDGE_CHANNEL_NAMES } from '../../../../kiosk/src/common/bridge-channels.ts';
import type { DisclosureFile, GuidesFile, NoticesFile, PagesFile } from '@civic-kiosk/protocol/content';
import { KIOSK_PREVIEW_PATH } from '@civic-kiosk/protocol/kiosk-preview';
import { axeViolations, consolePassword, consoleScreenshot, startConsoleSuite } from '../support/console-browser.ts';
import type { ConsoleSuite } from '../support/console-browser.ts';
import { buildKioskPreview, serveTerminalUi } from '../support/kiosk-preview.ts';
import type { TerminalUi } from '../support/kiosk-preview.ts';

const CONTENT_DIR = path.resolve(import.meta.dirname, '../../../../content');
const KIOSK_STRINGS = path.resolve(import.meta.dirname, '../../../../kiosk/src/browser/i18n');
const EDITED = { 'zh-CN': '草稿：街道服务中心12月8日起延长开放至晚上8点', en: 'Draft: the street service centre stays open until 8 pm from 8 December' };
/** What the preview's bridge answers; every other channel must be refused. */
const ANSWERED = ['terminal.info', 'terminal.reportScreen', 'terminal.reportEvent', 'devices.health', 'endSession'];

/** A file of the seed release (content/), which a fresh server loads into the drafts. */
const seedFile = async <T>(file: string): Promise<T> => JSON.parse(await readFile(path.join(CONTENT_DIR, file), 'utf8')) as T;

/** The kiosk frame of the studio page. */
async function previewFrame(page: Page): Promise<Frame> {
  await expect.poll(() => page.frames().some((f) => new URL(f.url()).pathname === KIOSK_PREVIEW_PATH)).toBe(true);
  return page.frames().find((f) => new URL(f.url()).pathname === KIOSK_PREVIEW_PATH)!;
}

/** The session screen's text (title, body, navigation and session bar), as a person reads it. */
const screenText = (where: Page | Frame): Promise<string> => where.locator('.screen').innerText();
const isElderly = (where: Page | Frame): Promise<boolean> => where.evaluate('document.documentElement.classList.contains("elderly")') as Promise<boolean>;
const docLang = (where: Page | Frame): Promise<string> => where.evaluate('document.documentElement.lang') as Promise<string>;

describe('content studio terminal preview in Chromium', () => {
  let suite: ConsoleSuite;
  let previewDir: string;
  let terminal: TerminalUi;
  let seed: NoticesFile;
  let edited: NoticesFile;
  let page: Page;

  beforeAll(async () => {
    previewDir = await buildKioskPreview();
    suite = await startConsoleSuite(['content-editor'], { config: { kioskPreviewDir: previewDir } });
    seed = await seedFile<NoticesFile>('notices.json');
    const [first, ...rest] = seed.notices;
    edited = { notices: [{ ...first!, title: EDITED }, ...rest] };
    // The terminal the preview is compared with: the kiosk's own build, showing the edited notice.
    terminal = await serveTerminalUi({ notices: edited });
    ({ page } = await suite.open({ path: '/login' }));
    await suite.logIn(page, 'content-editor', consolePassword('content-editor'));
    await page.getByRole('navigation', { name: '主导航' }).waitFor();
    await page.goto(`${suite.base}/content?section=edit&type=notices`);
    await page.getByRole('heading', { name: '终端预览' }).waitFor();
  }, 300_000);

  afterAll(async () => {
    await terminal?.close();
    await suite?.close();
    if (previewDir) await rm(previewDir, { recursive: true, force: true });
  });

  it('shows an edited, unsaved notice exactly as the kiosk shows it, in zh-CN, English and elderly mode', async () => {
    const frame = await previewFrame(page);
    // The preview opens on the notice screen with the draft's first notice.
    await expect.poll(() => frame.locator('#screen-title').innerText()).toBe(seed.notices[0]!.title['zh-CN']);

    await page.getByRole('button', { name: seed.notices[0]!.title['zh-CN'] }).click();
    await page.locator('#cf-notices-0-title-zh-CN').fill(EDITED['zh-CN']);
    await page.locator('#cf-notices-0-title-en').fill(EDITED.en);
    await expect.poll(() => frame.locator('#screen-title').innerText()).toBe(EDITED['zh-CN']);
    // Nothing was saved or published to show it.
    const drafts = (await suite.t.services.releases.drafts()) as { notices?: NoticesFile };
    expect(drafts.notices?.notices[0]?.title['zh-CN']).toBe(seed.notices[0]!.title['zh-CN']);

    // The terminal: touch the attract loop, open the notices, then the edited notice.
    const kiosk = await terminal.open(page.context());
    await kiosk.getByTestId('attract').click();
    await kiosk.getByRole('button', { name: /通知公告/ }).first().click();
    await kiosk.getByRole('button', { name: EDITED['zh-CN'] }).click();
    await expect.poll(() => kiosk.locator('#screen-title').innerText()).toBe(EDITED['zh-CN']);
    expect(await screenText(frame)).toBe(await screenText(kiosk));
    expect([await docLang(frame), await isElderly(frame)]).toEqual(['zh-CN', false]);

    await page.getByRole('radio', { name: '英文' }).check();
    await kiosk.locator('.lang-switch button[lang="en"]').click();
    await expect.poll(() => frame.locator('#screen-title').innerText()).toBe(EDITED.en);
    expect(await screenText(frame)).toBe(await screenText(kiosk));
    expect(await docLang(frame)).toBe('en');

    // A terminal speaks each screen in elderly mode; the preview on a staff desk does not.
    await frame.evaluate('window.__spoken = []; speechSynthesis.speak = (u) => window.__spoken.push(u.text)');
    await page.getByRole('checkbox', { name: '长者模式' }).check();
    await kiosk.getByTestId('elderly-toggle').click();
    await expect.poll(() => isElderly(frame)).toBe(true);
    expect(await frame.evaluate('window.__spoken')).toEqual([]);
    expect(await isElderly(kiosk)).toBe(true);
    expect(await screenText(frame)).toBe(await screenText(kiosk));
    // Elderly mode is the kiosk's own: its larger type reaches the frame.
    const titleSize = (where: Page | Frame) => where.evaluate('parseFloat(getComputedStyle(document.getElementById("screen-title")).fontSize)') as Promise<number>;
    expect(await titleSize(frame)).toBeGreaterThan(40);
    expect(await titleSize(frame)).toBe(await titleSize(kiosk));
    await kiosk.close();

    // Back to the studio's defaults for the tests after this one.
    await page.getByRole('checkbox', { name: '长者模式' }).uncheck();
    await page.getByRole('radio', { name: '简体中文' }).check();
    await expect.poll(() => docLang(frame)).toBe('zh-CN');
  }, 120_000);

  it('leaves out a draft with errors, as a terminal would, and says so', async () => {
    const frame = await previewFrame(page);
    await page.locator('#cf-notices-0-title-zh-CN').fill('');
    await expect.poll(() => page.locator('.draft-preview-status').innerText()).toMatch(/^终端会略过以下有错误的草稿：notices: notices\.0\.title\.zh-CN/);
    await expect.poll(() => frame.locator('#screen-title').innerText()).toBe('通知公告');
    await page.locator('#cf-notices-0-title-zh-CN').fill(EDITED['zh-CN']);
    await expect.poll(() => frame.locator('#screen-title').innerText()).toBe(EDITED['zh-CN']);
    expect(await page.locator('.draft-preview-status').innerText()).toBe('');
  }, 60_000);

  it('follows the notice being edited, shows another one when picked, and the list screen', async () => {
    const frame = await previewFrame(page);
    const second = seed.notices[1]!;
    const retitled = `（改）${second.title['zh-CN']}`;
    await page.getByRole('button', { name: second.title['zh-CN'] }).click();
    await page.locator('#cf-notices-1-title-zh-CN').fill(retitled);
    await expect.poll(() => frame.locator('#screen-title').innerText()).toBe(retitled);
    await page.getByLabel('显示条目').selectOption({ label: EDITED['zh-CN'] });
    await expect.poll(() => frame.locator('#screen-title').innerText()).toBe(EDITED['zh-CN']);
    await page.getByLabel('终端页面').selectOption({ label: '公告列表' });
    await expect.poll(() => frame.locator('#screen-title').innerText()).toBe('通知公告');
    await expect.poll(() => frame.getByRole('button', { name: retitled }).count()).toBe(1);
    await page.getByLabel('终端页面').selectOption({ label: '公告详情' });
    await expect.poll(() => frame.locator('#screen-title').innerText()).toBe(EDITED['zh-CN']);
  }, 60_000);

  it('cannot act as a terminal or as the editor: privileged channels refused, no connection, no session, no console', async () => {
    const frame = await previewFrame(page);
    const requests: string[] = [];
    page.on('request', (r) => r.frame() === frame && requests.push(new URL(r.url()).pathname));
    // Every channel of the bridge table, called as script in the frame would call it.
    const outcomes = (await frame.evaluate(`(async (channels) => {
      const out = {};
      for (const channel of channels) {
        const [a, b] = channel.split('.');
        const call = b ? window.kiosk[a][b].bind(window.kiosk[a]) : window.kiosk[a];
        try { await call({ pin: '123456', idempotencyKey: 'k-1', device: 'printer', serverUrl: 'https://evil.example', code: '123456', width: 32, lines: [], cut: true }); out[channel] = 'answered'; }
        catch (e) { out[channel] = e.code; }
      }
      return out;
    })(${JSON.stringify(BRIDGE_CHANNEL_NAMES)})`)) as Record<string, string>;
    expect(Object.keys(outcomes).sort()).toEqual([...BRIDGE_CHANNEL_NAMES].sort());
    for (const [channel, outcome] of Object.entries(outcomes)) expect(outcome, channel).toBe(ANSWERED.includes(channel) ? 'answered' : 'forbidden-sender');
    // The preview is no terminal: no identity, no server, no key to sign with.
    const info = (await frame.evaluate('window.kiosk.terminal.info()')) as { terminalId: unknown; serverUrl: unknown };
    expect([info.terminalId, info.serverUrl]).toEqual([null, null]);

    // No connection to anywhere (the terminal API, the staff API, a socket), no cookie, no parent.
    const reach = (await frame.evaluate(`(async () => {
      const tryFetch = (url, init) => fetch(url, init).then((r) => 'status ' + r.status, (e) => e.name);
      const attempt = (f) => { try { return String(f()); } catch (e) { return e.name; } };
      return {
        terminalApi: await tryFetch('/api/terminal/content/manifest'),
        staffApi: await tryFetch('/api/staff/me', { credentials: 'include' }),
        socket: await new Promise((resolve) => { try { const ws = new WebSocket('ws://' + location.host + '/bridge'); ws.onerror = () => resolve('error'); ws.onopen = () => resolve('open'); } catch (e) { resolve(e.name); } }),
        cookie: attempt(() => document.cookie),
        parent: attempt(() => window.parent.document.title),
        storage: attempt(() => localStorage.length),
        origin: self.origin,
      };
    })()`)) as Record<string, string>;
    expect(reach).toEqual({ terminalApi: 'TypeError', staffApi: 'TypeError', socket: 'error', cookie: 'SecurityError', parent: 'SecurityError', storage: 'SecurityError', origin: 'null' });
    expect(requests.filter((p) => !p.startsWith(`${KIOSK_PREVIEW_PATH}/`))).toEqual([]);
    // A page that is not the console cannot drive the frame: messages from elsewhere are ignored.
    await frame.evaluate(`window.postMessage({ kind: 'kiosk-preview.show', content: {}, screen: 'home', lang: 'en', elderly: true }, '*')`);
    await new Promise((r) => setTimeout(r, 300));
    expect(await frame.locator('#screen-title').innerText()).toBe(EDITED['zh-CN']);
    // The frame's attempts were refused by its policy, and nothing else went wrong.
    expect(suite.problems.splice(0).filter((p) => !/violates the following Content Security Policy directive: "connect-src 'none'"|Refused to connect because it violates the document's Content Security Policy/.test(p))).toEqual([]);
  }, 60_000);

  it('is axe-clean on the studio page and in the frame, in both languages; screenshots', async () => {
    const frame = await previewFrame(page);
    await page.locator('#cf-notices-0-title-zh-CN').focus();
    // The panel sticks to the top once the form scrolls: the whole kiosk screen in the shot.
    await page.evaluate('window.scrollTo(0, 200)');
    expect(await axeViolations(page)).toEqual([]);
    expect(await axeViolations(frame)).toEqual([]);
    expect(await consoleScreenshot(page, 'admin-content-preview.zh-CN')).toBeGreaterThan(20_000);

    await page.getByRole('button', { name: /语言/ }).click();
    await page.getByRole('heading', { name: 'Terminal preview' }).waitFor();
    await page.getByRole('radio', { name: 'English' }).check();
    await expect.poll(() => frame.locator('#screen-title').innerText()).toBe(EDITED.en);
    await page.evaluate('window.scrollTo(0, 200)');
    expect(await axeViolations(page)).toEqual([]);
    expect(await axeViolations(frame)).toEqual([]);
    expect(await consoleScreenshot(page, 'admin-content-preview.en')).toBeGreaterThan(20_000);
    expect(suite.problems).toEqual([]);
  }, 120_000);

  it("shows the attract item being edited, its image loaded into the sandbox, whatever its hours", async () => {
    const notices = await previewFrame(page);
    await page.getByRole('button', { name: 'Attract playlist' }).click();
    // The attract editor has a preview of its own, in the language staff chose for the last one.
    await expect.poll(() => page.frames().includes(notices)).toBe(false);
    const frame = await previewFrame(page);
    const shown = (alt: string) => frame.evaluate(`(() => { const img = document.querySelector('img.attract-media[alt="${alt}"]'); return !!img && img.complete && img.naturalWidth > 0; })()`) as Promise<boolean>;
    await expect.poll(() => shown('Welcome to self-service')).toBe(true);
    // Played only mornings and evenings on a terminal: the preview shows it now.
    await page.getByLabel('Item shown').selectOption({ label: 'Pay utility bills here' });
    await expect.poll(() => shown('Pay utility bills here')).toBe(true);
    expect(await frame.locator('img.attract-media').count()).toBe(1);
    expect(suite.problems).toEqual([]);
  }, 60_000);

  it("opens every other type's draft on the kiosk screen that shows its first item, axe-clean", async () => {
    const kioskEn = JSON.parse(await readFile(path.join(KIOSK_STRINGS, 'en.json'), 'utf8')) as { screens: Record<string, { title: string }> };
    const expected: [string, string][] = [
      ['Information pages', (await seedFile<PagesFile>('pages.json')).pages[0]!.title.en],
      ['Service guides', (await seedFile<GuidesFile>('guides.json')).guides[0]!.matter.en],
      ['Disclosure catalogue', (await seedFile<DisclosureFile>('disclosure.json')).entries[0]!.title.en],
      ['Hotlines', kioskEn.screens.hotlines!.title],
      ['Service points', kioskEn.screens.map!.title],
    ];
    for (const [type, title] of expected) {
      const before = await previewFrame(page);
      await page.getByRole('button', { name: type, exact: true }).click();
      await expect.poll(() => page.frames().includes(before)).toBe(false);
      const frame = await previewFrame(page);
      await expect.poll(() => frame.locator('#screen-title').innerText().catch(() => ''), { message: type }).toBe(title);
      expect(await axeViolations(frame), type).toEqual([]);
    }
    expect(suite.problems).toEqual([]);
  }, 120_000);

  it('says so when the server has no preview build', async () => {
    const html = path.join(previewDir, 'preview.html');
    await rename(html, `${html}.away`);
    try {
      const { context, page: other } = await suite.open({ path: '/login' });
      await suite.logIn(other, 'content-editor', consolePassword('content-editor'));
      await other.getByRole('navigation', { name: '主导航' }).waitFor();
      await other.goto(`${suite.base}/content?section=edit&type=notices`);
      await expect.poll(() => other.locator('.draft-preview-status').innerText()).toMatch(/^终端预览打不开：服务器上没有终端界面的预览版本/);
      await context.close();
    } finally {
      await rename(`${html}.away`, html);
    }
    // The server's 404, which (like every answer but the preview's) may not be framed, is the only complaint.
    expect(suite.problems.splice(0).filter((p) => !/violates the following Content Security Policy directive: "frame-ancestors 'none'"|status of 404/.test(p))).toEqual([]);
  }, 60_000);
});
