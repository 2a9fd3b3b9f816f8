/**
 * Browser test support: build the UI once (a lock and a stamp of the sources, so parallel test
 * files and re-runs do not rebuild), launch Debian's Chromium with a fresh profile, open the
 * kiosk with the fake bridge, and run axe-core in the page.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rmdir, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { installFakeBridge } from './fake-bridge.ts';
import type { FakeBridgeOptions } from './fake-bridge.ts';

export const KIOSK_DIR = path.resolve(import.meta.dirname, '../..');
export const UI_DIR = path.join(KIOSK_DIR, 'dist/ui');
/** The kiosk screen: portrait 1080x1920. */
export const VIEWPORT = { width: 1080, height: 1920 };

const require = createRequire(import.meta.url);
const SOURCES = [path.join(KIOSK_DIR, 'src/browser'), path.join(KIOSK_DIR, 'src/common'), path.join(KIOSK_DIR, 'index.html'), path.join(KIOSK_DIR, 'vite.config.ts'), path.resolve(KIOSK_DIR, '../protocol/src/common')];

async function sourceStamp(): Promise<string> {
  const h = createHash('sha256');
  const walk = async (p: string): Promise<void> => {
    const s = await stat(p);
    if (s.isDirectory()) for (const e of (await readdir(p)).sort()) await walk(path.join(p, e));
    else h.update(`${p}:${s.size}:${s.mtimeMs}\n`);
  };
  for (const p of SOURCES) await walk(p);
  return h.digest('hex');
}

/** Build dist/ui unless it was built from the current sources. */
export async function ensureBuilt(): Promise<void> {
  const stampFile = path.join(KIOSK_DIR, 'dist/.ui-stamp');
  const lock = path.join(KIOSK_DIR, 'dist/.ui-build-lock');
  await mkdir(path.dirname(lock), { recursive: true });
  for (let waited = 0; ; waited += 200) {
    try {
      await mkdir(lock);
      break;
    } catch {
      // Another test file is building; a lock older than 5 minutes is from a killed run.
      const age = Date.now() - (await stat(lock).then((s) => s.mtimeMs, () => Date.now()));
      if (age > 300_000) await rmdir(lock).catch(() => undefined);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    const stamp = await sourceStamp();
    if ((await readFile(stampFile, 'utf8').catch(() => '')) === stamp) return;
    const vite = path.join(path.dirname(require.resolve('vite/package.json')), 'bin/vite.js');
    await promisify(execFile)(process.execPath, [vite, 'build'], { cwd: KIOSK_DIR, maxBuffer: 16 * 1024 * 1024 });
    await writeFile(stampFile, stamp);
  } finally {
    await rmdir(lock).catch(() => undefined);
  }
}

export interface Kiosk {
  /** None for a browser on a given profile (Playwright gives a persistent context no handle). */
  browser: Browser | null;
  /** A context shared by a test file's pages. */
  context: BrowserContext;
  /** A fresh, isolated context (own clock, service workers, caches, storage). */
  newContext(): Promise<BrowserContext>;
  close(): Promise<void>;
}

const LAUNCH = {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
};
const CONTEXT = { viewport: VIEWPORT, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' };

/**
 * Chromium with a fresh temporary profile (Playwright makes and removes it), or with the
 * profile in `userDataDir` (the caller's, left on disk to be searched): then one context only.
 */
export async function launchBrowser(options: { userDataDir?: string } = {}): Promise<Kiosk> {
  if (options.userDataDir) {
    const context = await chromium.launchPersistentContext(options.userDataDir, { ...LAUNCH, ...CONTEXT });
    const only = async (): Promise<BrowserContext> => {
      throw new Error('a browser on a given profile has one context');
    };
    return { browser: context.browser(), context, newContext: only, close: () => context.close() };
  }
  const browser = await chromium.launch(LAUNCH);
  const newContext = () => browser.newContext(CONTEXT);
  const context = await newContext();
  return { browser, context, newContext, close: () => browser.close() };
}

/** A new page with the fake bridge installed, at the kiosk's URL. */
export async function openKiosk(context: BrowserContext, url: string, options: FakeBridgeOptions = {}): Promise<Page> {
  const page = await context.newPage();
  // As source text: the page must get the function alone. A transpiler that keeps names (tsx)
  // wraps functions in `__name(...)`, which the page lacks; define it as the identity there.
  await page.addInitScript({ content: `var __name = (f) => f; (${installFakeBridge.toString()})(${JSON.stringify(options)});` });
  await page.goto(url);
  return page;
}

const AXE_SOURCE = readFile(require.resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core violations on the current page, one line each (empty = clean). */
export async function axeViolations(page: Page): Promise<string[]> {
  // evaluate() is not subject to the page's CSP, unlike an injected <script>.
  await page.evaluate(await AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: { id: string; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => `${v.id}: ${v.help} @ ${v.nodes.map((n) => JSON.stringify(n.target)).join(' ')}`);
  });
  return violations;
}

/** An event on the fake bridge, as the privileged side would send it. */
export const emit = (page: Page, event: string, payload: unknown) =>
  page.evaluate(([e, p]) => (window as unknown as { __kioskFake: { emit(e: string, p: unknown): void } }).__kioskFake.emit(e as string, p), [event, payload] as const);

/** Calls the UI made on the fake bridge, by name. */
export async function bridgeCalls(page: Page, name?: string): Promise<{ name: string; arg: unknown }[]> {
  const calls = await page.evaluate(() => (window as unknown as { __kioskFake: { calls: { name: string; arg: unknown }[] } }).__kioskFake.calls);
  return name ? calls.filter((c) => c.name === name) : calls;
}
