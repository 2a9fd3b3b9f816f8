/**
 * Admin console browser tests: build the console once per test file into a temporary folder
 * (the server is pointed at it), launch Debian's Chromium, run axe-core in a page.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import { SYSTEM_ACTOR } from '../../src/audit/audit-log.ts';
import type { StaffRole } from '../../src/staff/tables.ts';
import { withApp } from './app.ts';
import type { Dialect, TestApp } from './app.ts';
import type { ConfigOverrides } from '../../src/config.ts';
import { listen } from './terminal.ts';

const require = createRequire(import.meta.url);
const CONSOLE_CONFIG = path.resolve(import.meta.dirname, '../../../ui/vite.config.ts');

/** Builds the console into a fresh temporary folder and returns it. */
export async function buildConsole(): Promise<string> {
  const outDir = await mkdtemp(path.join(tmpdir(), 'admin-console-'));
  const vite = path.join(path.dirname(require.resolve('vite/package.json')), 'bin/vite.js');
  await promisify(execFile)(process.execPath, [vite, 'build', '--config', CONSOLE_CONFIG, '--outDir', outDir, '--logLevel', 'warn'], { maxBuffer: 16 * 1024 * 1024 });
  return outDir;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'] });
}

const AXE_SOURCE = readFile(require.resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core violations of the page (or of one frame's document) as `rule: targets` lines; none means clean. */
export async function axeViolations(page: Page | Frame): Promise<string[]> {
  // evaluate() is not subject to the page's CSP, unlike an injected <script>.
  await page.evaluate(await AXE_SOURCE);
  // A string: this file is type-checked without the DOM library.
  const violations = (await page.evaluate('axe.run(document).then((r) => r.violations)')) as { id: string; nodes: { target: unknown[] }[] }[];
  return violations.map((v) => `${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(' ')}`);
}

const SHOTS = path.resolve(import.meta.dirname, '../../../../docs/screenshots');

/**
 * The page's screenshot as `docs/screenshots/<name>.png`, written only with UPDATE_SCREENSHOTS=1
 * (a test run leaves the tree as it found it); returns its size in bytes either way.
 */
export async function consoleScreenshot(page: Page, name: string): Promise<number> {
  const image = await page.screenshot();
  if (process.env.UPDATE_SCREENSHOTS === '1') await writeFile(path.join(SHOTS, `${name}.png`), image);
  return image.byteLength;
}

/** The password the console suites give each role's user (named after the role). */
export const consolePassword = (role: StaffRole): string => `${role}-Quiet-Harbour-Lantern-47`;

export interface ConsoleSuite {
  t: TestApp;
  base: string;
  browser: Browser;
  /** Console errors (CSP violations included) and page errors of every page opened; a suite expects none. */
  problems: string[];
  /** A fresh browser profile on the console at `path`. */
  open(opts?: { locale?: string; path?: string }): Promise<{ context: BrowserContext; page: Page }>;
  /** Fills the zh-CN login form and submits it. */
  logIn(page: Page, username: string, password: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * The console built, served by a real server (SQLite unless told) with a user per role
 * (`consolePassword`), and Chromium: what every console browser test starts from.
 */
export async function startConsoleSuite(
  roles: readonly StaffRole[] = ['operator', 'auditor', 'content-editor'],
  opts: { dialect?: Dialect; config?: ConfigOverrides } = {},
): Promise<ConsoleSuite> {
  const consoleDir = await buildConsole();
  const t = await withApp(opts.dialect ?? 'sqlite', { config: { ...opts.config, adminConsoleDir: consoleDir } });
  const base = await listen(t);
  for (const role of roles) await t.services.staff.createUser(SYSTEM_ACTOR, { username: role, password: consolePassword(role), role });
  const browser = await launchChromium();
  const problems: string[] = [];
  return {
    t,
    base,
    browser,
    problems,
    async open({ locale = 'zh-CN', path: at = '/' } = {}) {
      const context = await browser.newContext({ locale, viewport: { width: 1440, height: 900 } });
      const page = await context.newPage();
      // Refusals the console shows on purpose (login, policy, roles) log their status; anything else is a problem.
      page.on('console', (m) => m.type() === 'error' && !/(400|401|403) \((Bad Request|Unauthorized|Forbidden)\)/.test(m.text()) && problems.push(`${m.text()} ${m.location().url}`));
      page.on('pageerror', (e) => problems.push(e.message));
      await page.goto(`${base}${at}`);
      return { context, page };
    },
    async logIn(page, username, password) {
      await page.getByLabel('用户名').fill(username);
      await page.getByLabel('密码').fill(password);
      await page.getByRole('button', { name: '登录' }).click();
    },
    async close() {
      await browser.close();
      await t.close();
      await rm(consoleDir, { recursive: true, force: true });
    },
  };
}
