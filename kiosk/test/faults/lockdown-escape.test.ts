/**
 * Escaping the browser-mode kiosk: Chromium started by the host's own launch code
 * (`launchChromium`: app + kiosk flags, DevTools pipe and navigation guard), the real kiosk
 * host serving the built UI, and one attempt per test. After each attempt the window must
 * still be the one kiosk page, on the kiosk origin, never reloaded (a marker set in the page
 * survives), on the same screen, at the same zoom. Keys are sent through DevTools
 * (`Input.dispatchKeyEvent`), which reaches the page like a keyboard; what the page cancels,
 * Chromium does not act on. Headless Chromium has no browser-window accelerators, so keys
 * that only a window acts on are judged by the page cancelling them (see README).
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium, launchChromium } from '../../src/node/host/chromium.ts';
import { startKioskHost } from '../../src/node/host/kiosk-host.ts';
import type { KioskHost } from '../../src/node/host/kiosk-host.ts';
import { toHome } from '../support/browser-tour.ts';
import { ensureBuilt, UI_DIR } from '../support/browser.ts';
import { fakeBackend } from '../support/host-backend.ts';
import { stopChild } from '../../../admin-web/server/test/faults/processes.ts';

let host: KioskHost;
let chromiumProcess: ReturnType<typeof launchChromium>;
let browser: Browser;
let browserCdp: CDPSession;
let page: Page;
let profile = '';
const refused: string[] = [];
const outcomes: { attempt: string; blocked: boolean }[] = [];

beforeAll(async () => {
  await ensureBuilt();
  const backend = fakeBackend();
  const info = backend.handlers['terminal.info'];
  backend.handlers['terminal.info'] = async (arg) => ({ ...(await info(arg)), enrolled: true, terminalId: 'T-LOCKDOWN', terminalName: '浦江镇社区服务中心 1号机' });
  host = await startKioskHost({ backend, uiDir: UI_DIR, port: 0 });
  profile = await mkdtemp(path.join(tmpdir(), 'kiosk-lockdown-'));
  const binary = findChromium();
  if (!binary) throw new Error('Chromium is not installed (scripts/install-system-deps.sh)');
  chromiumProcess = launchChromium(binary, host.url, {
    userDataDir: profile,
    kiosk: true,
    report: (type, url) => refused.push(`${type} ${url}`),
    // Headless, and a DevTools port for this test to watch the window from.
    extraArgs: ['--headless', '--remote-debugging-port=0', '--window-size=1080,1920'],
  });
  let port = '';
  for (let i = 0; i < 200 && !port; i++) {
    port = (await readFile(path.join(profile, 'DevToolsActivePort'), 'utf8').catch(() => '')).split('\n')[0] ?? '';
    if (!port) await new Promise((r) => setTimeout(r, 100));
  }
  browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
  browserCdp = await browser.newBrowserCDPSession();
  const context = browser.contexts()[0]!;
  for (let i = 0; i < 200 && context.pages().length === 0; i++) await new Promise((r) => setTimeout(r, 100));
  page = context.pages()[0]!;
  await openGuides();
}, 120_000);

afterAll(async () => {
  const blocked = outcomes.filter((o) => o.blocked).length;
  console.log(`lockdown: ${blocked} of ${outcomes.length} escape attempts blocked (${outcomes.length ? ((100 * blocked) / outcomes.length).toFixed(0) : 0} %)`);
  for (const o of outcomes.filter((x) => !x.blocked)) console.log(`  escaped: ${o.attempt}`);
  await browser?.close().catch(() => undefined);
  if (chromiumProcess) await stopChild(chromiumProcess.process);
  await host?.stop();
  if (profile) await rm(profile, { recursive: true, force: true });
});

interface Where {
  pages: string[];
  url: string;
  marker: unknown;
  title: string | null;
  zoom: string;
}

/** Page-type targets in the whole browser (tabs, windows, DevTools) and the kiosk page's state. */
async function where(): Promise<Where> {
  const targets = (await browserCdp.send('Target.getTargets')).targetInfos;
  const state = await page
    .evaluate(() => ({
      marker: (window as unknown as { __kioskMarker?: string }).__kioskMarker,
      title: document.querySelector('#screen-title')?.textContent ?? null,
      zoom: `${window.visualViewport?.scale} ${window.devicePixelRatio} ${window.innerWidth}`,
    }))
    .catch((e: Error) => ({ marker: `page gone: ${e.message}`, title: null, zoom: '' }));
  return { pages: targets.filter((t) => t.type === 'page' || t.url.startsWith('devtools:')).map((t) => t.url), url: page.url(), ...state };
}

/**
 * Runs one escape attempt and checks the kiosk is untouched; `cancelled` names page events
 * that must have been cancelled (their default action is what would escape).
 */
async function attempt(name: string, act: () => Promise<unknown>, cancelled: string[] = []): Promise<void> {
  const marker = randomUUID();
  await page.evaluate((m) => {
    const w = window as unknown as { __kioskMarker: string; __kioskEvents: { type: string; cancelled: boolean }[] };
    w.__kioskMarker = m;
    if (!w.__kioskEvents) {
      w.__kioskEvents = [];
      // Bubble phase on document: runs after the page's own capture-phase lockdown.
      for (const type of ['keydown', 'contextmenu', 'drop', 'dragover', 'click', 'auxclick']) {
        document.addEventListener(type, (e) => w.__kioskEvents.push({ type, cancelled: e.defaultPrevented }));
      }
    }
    w.__kioskEvents.length = 0;
  }, marker);
  const before = await where();
  await act().catch(() => undefined);
  // Time for a navigation, a new window or a reload to show.
  await page.waitForTimeout(600);
  const after = await where();
  const events = await page.evaluate(() => (window as unknown as { __kioskEvents?: { type: string; cancelled: boolean }[] }).__kioskEvents ?? []).catch(() => []);
  const uncancelled = cancelled.filter((type) => !events.some((e) => e.type === type && e.cancelled));
  const blocked = after.url === before.url && new URL(after.url).origin === host.origin && after.marker === marker && after.title === before.title && after.zoom === before.zoom && after.pages.length === 1 && uncancelled.length === 0;
  outcomes.push({ attempt: name, blocked });
  // What the attempt left in the page (frames, forms, links) must not hold up the next one;
  // after an escape, back to the kiosk so each attempt is judged on its own.
  await page.evaluate(() => document.querySelectorAll('iframe, form, meta[http-equiv], #escape-link').forEach((e) => e.remove())).catch(() => undefined);
  if (!blocked) await backToKiosk();
  expect({ ...after, uncancelled }, name).toEqual({ ...before, marker, uncancelled: [] });
}

async function openGuides(): Promise<void> {
  await toHome(page);
  await page.locator('.tile[data-route="guides"]').click();
  await page.locator('#screen-title').waitFor();
}

async function backToKiosk(): Promise<void> {
  for (const p of browser.contexts().flatMap((c) => c.pages())) if (p !== page) await p.close().catch(() => undefined);
  await page.goto(host.url).catch(() => undefined);
  await openGuides();
}

const script = (source: string) => () => page.evaluate(source);
const insertLink = (href: string, target = '') =>
  page.evaluate(
    ({ href, target }) => {
      document.querySelector('#escape-link')?.remove();
      const a = document.createElement('a');
      a.id = 'escape-link';
      a.href = href;
      a.target = target;
      a.textContent = 'link';
      // On top of everything, as a link in content would be under a finger.
      a.style.cssText = 'position:fixed;top:0;left:0;z-index:2147483647;padding:40px;background:#fff;font-size:40px';
      document.body.append(a);
    },
    { href, target },
  );

/** A trusted tap (or click) on the inserted link, with modifier keys held. */
async function tapLink(options: { modifiers?: readonly string[]; button?: 'left' | 'middle' } = {}): Promise<void> {
  const box = await page.evaluate(() => {
    const r = document.querySelector('#escape-link')!.getBoundingClientRect();
    return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
  });
  for (const m of options.modifiers ?? []) await page.keyboard.down(m);
  await page.mouse.click(box.x, box.y, { button: options.button ?? 'left' });
  for (const m of options.modifiers ?? []) await page.keyboard.up(m);
}

describe('navigation away', () => {
  for (const [name, source] of [
    ['location.href to another site', "location.href = 'https://example.org/'"],
    ['location.assign to another loopback port', "location.assign('http://127.0.0.1:9/')"],
    ['location.replace to another site', "location.replace('https://example.org/')"],
    ['top.location to another site', "top.location = 'https://example.org/'"],
    ['location to a file:// URL', "location.href = 'file:///etc/passwd'"],
    ['location to a data: URL', "location.href = 'data:text/html,<h1>not the kiosk</h1>'"],
    ['location to a javascript: URL', "location.href = 'javascript:document.body.innerHTML=\"gone\"'"],
    ['meta refresh to another site', "document.head.insertAdjacentHTML('beforeend', '<meta http-equiv=\"refresh\" content=\"0;url=https://example.org/\">')"],
    ['form posted to another site', "(() => { const f = document.createElement('form'); f.action = 'https://example.org/'; f.method = 'post'; document.body.append(f); f.submit(); })()"],
    ['history.back past the kiosk page', 'history.back()'],
    ['history.go(-1)', 'history.go(-1)'],
    ['an iframe of another site', "(() => { const f = document.createElement('iframe'); f.src = 'https://example.org/'; document.body.append(f); })()"],
  ] as const) {
    it(`stays on the kiosk: ${name}`, () => attempt(name, script(source)));
  }

  for (const [name, href, target, tap, cancelled] of [
    ['a tapped link to another site', 'https://example.org/', '', {}, 'click'],
    ['a tapped file:// link', 'file:///etc/passwd', '', {}, 'click'],
    ['Ctrl+click (new tab) on a link to the kiosk itself', '/', '', { modifiers: ['Control'] }, 'click'],
    ['Shift+click (new window) on a link to the kiosk itself', '/', '', { modifiers: ['Shift'] }, 'click'],
    ['a target=_blank link to the kiosk itself', '/', '_blank', {}, 'click'],
    ['a middle click on a link', '/', '', { button: 'middle' }, 'auxclick'],
  ] as const) {
    it(`stays on the kiosk: ${name}`, () =>
      attempt(name, async () => {
        await insertLink(href, target);
        await tapLink(tap);
      }, [cancelled]));
  }
});

describe('new windows', () => {
  for (const [name, source] of [
    ['window.open of another site', "window.open('https://example.org/')"],
    ['window.open of the kiosk itself', "window.open('/')"],
    ['window.open with noopener', "window.open('https://example.org/', '_blank', 'noopener')"],
    ['window.open of a data: URL', "window.open('data:text/html,x')"],
    ['window.open from a fresh iframe', "(() => { const f = document.createElement('iframe'); document.body.append(f); return f.contentWindow.open('https://example.org/'); })()"],
  ] as const) {
    it(`opens nothing: ${name}`, () => attempt(name, script(source)));
  }
});

describe('drag and drop', () => {
  const drop = (items: string) =>
    page.evaluate((kind) => {
      const dt = new DataTransfer();
      if (kind === 'file') dt.items.add(new File(['<h1>x</h1>'], 'evil.html', { type: 'text/html' }));
      else dt.setData('text/uri-list', 'https://example.org/');
      for (const type of ['dragover', 'drop']) document.querySelector('main')!.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, items);
  it('ignores a dropped file', () => attempt('dropped file', () => drop('file'), ['dragover', 'drop']));
  it('ignores a dropped link', () => attempt('dropped link', () => drop('link'), ['dragover', 'drop']));
});

describe('context menu', () => {
  it('shows none on a long press or right click', () => attempt('right click', () => page.mouse.click(540, 900, { button: 'right' }), ['contextmenu']));
  it('shows none for the context-menu key', () => attempt('ContextMenu key', () => page.keyboard.press('ContextMenu'), ['keydown']));
  it('shows none for Shift+F10', () => attempt('Shift+F10', () => page.keyboard.press('Shift+F10'), ['keydown']));
});

describe('keyboard shortcuts', () => {
  for (const key of [
    'Control+l', 'Control+t', 'Control+n', 'Control+Shift+N', 'Control+w', 'Control+Shift+W', 'Control+q', 'Control+Shift+T',
    'Alt+ArrowLeft', 'Alt+ArrowRight', 'Alt+Home', 'Alt+F4', 'Alt+f', 'Alt+e', 'F5', 'Control+r', 'Control+Shift+R', 'Control+F5',
    'Control+p', 'Control+Shift+P', 'Control+s', 'Control+o', 'Control+f', 'Control+g', 'F3', 'Control+h', 'Control+j', 'Control+d', 'Control+e', 'Control+k', 'Control+b',
    'F6', 'F7', 'F10', 'F11', 'Control+Tab', 'Control+Shift+Tab', 'Control+PageDown', 'Control+PageUp', 'Control+Shift+Delete',
    'Control+Equal', 'Control+Shift+Equal', 'Control+NumpadAdd', 'Control+Minus', 'Control+NumpadSubtract', 'Control+0', 'Meta+d',
  ]) {
    it(`does nothing: ${key}`, () => attempt(key, () => page.keyboard.press(key), ['keydown']));
  }
});

describe('developer tools', () => {
  for (const key of ['F12', 'Control+Shift+I', 'Control+Shift+J', 'Control+Shift+C', 'Control+u']) {
    it(`opens none: ${key}`, () => attempt(key, () => page.keyboard.press(key), ['keydown']));
  }
});

describe('windows Chromium opens itself', () => {
  // What Ctrl+N or Ctrl+T do in a windowed Chromium; headless has no such accelerators, so the
  // new window is asked for over DevTools.
  it('closes a new window or tab at once and reports it', async () => {
    await attempt('a new browser window', () => browserCdp.send('Target.createTarget', { url: 'https://example.org/', newWindow: true }));
    await attempt('a new tab', () => browserCdp.send('Target.createTarget', { url: 'about:blank' }));
    expect(refused.filter((r) => r.startsWith('window-blocked'))).toHaveLength(2);
  });

  it('reported every refused navigation for the server event log', () => {
    expect(refused.filter((r) => r.startsWith('navigation-blocked https://example.org/')).length).toBeGreaterThanOrEqual(4);
  });
});
