/**
 * The admin console in real Chromium against the real server (SQLite): login and its errors,
 * the role's navigation and commands, the fleet of 10,000 terminals paged, filtered and
 * windowed by the server, session expiry and logout back to the login page, axe-clean views
 * and no CSP violation.
 */
import { rm } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/audit/audit-log.ts';
import type { StaffRole } from '../../src/staff/tables.ts';
import { TEST_ADMIN, withApp } from '../support/app.ts';
import type { TestApp } from '../support/app.ts';
import { axeViolations, buildConsole, launchChromium } from '../support/console-browser.ts';
import { seedFleet } from '../support/fleet.ts';
import { listen } from '../support/terminal.ts';

// A real browser on a shared machine: generous limits; every wait is on a condition.
vi.setConfig({ testTimeout: 90_000, hookTimeout: 180_000 });

const FLEET_SIZE = 10_000;
const password = (role: StaffRole) => `${role}-Quiet-Harbour-Lantern-47`;

describe('admin console in Chromium', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let consoleDir: string;
  const problems: string[] = [];

  beforeAll(async () => {
    consoleDir = await buildConsole();
    t = await withApp('sqlite', { config: { adminConsoleDir: consoleDir } });
    base = await listen(t);
    for (const role of ['operator', 'auditor'] as const) await t.services.staff.createUser(SYSTEM_ACTOR, { username: role, password: password(role), role });
    await seedFleet(t, FLEET_SIZE);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    if (consoleDir) await rm(consoleDir, { recursive: true, force: true });
  });

  async function open(): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    // CSP violations and script errors show up as console errors.
    page.on('console', (m) => m.type() === 'error' && !/401 \(Unauthorized\)/.test(m.text()) && problems.push(`${m.text()} ${m.location().url}`));
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`${base}/`);
    return { context, page };
  }

  async function logIn(page: Page, username: string, pass: string): Promise<void> {
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码').fill(pass);
    await page.getByRole('button', { name: '登录' }).click();
  }

  it('shows the login page at /, says a wrong password plainly, then opens the fleet for the right one', async () => {
    const { context, page } = await open();
    try {
      await page.getByRole('heading', { name: '登录' }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/login');
      expect(await axeViolations(page)).toEqual([]);

      await logIn(page, TEST_ADMIN.username, 'not-the-password');
      await expect.poll(() => page.getByRole('alert').textContent()).toBe('用户名或密码错误。');
      expect(await page.getByLabel('密码').inputValue()).toBe('');

      await logIn(page, TEST_ADMIN.username, TEST_ADMIN.password);
      await page.getByRole('heading', { name: '终端设备' }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/fleet');
      await expect.poll(() => page.getByRole('status').first().textContent()).toBe(`共 ${FLEET_SIZE} 台终端`);
      expect(await page.getByRole('navigation', { name: '主导航' }).getByRole('link').allTextContents()).toEqual(['终端设备', '告警', '紧急广播', '内容管理', '交易与对账', '使用统计', '用户', '审计']);
      expect(await axeViolations(page)).toEqual([]);

      // English: every string switches.
      await page.getByRole('button', { name: /语言/ }).click();
      await page.getByRole('heading', { name: 'Terminals' }).waitFor();
      expect(await page.getByRole('status').first().textContent()).toBe(`${FLEET_SIZE} terminals`);
      expect(await page.evaluate('document.documentElement.lang')).toBe('en');
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('keeps 10,000 terminals windowed: few rows in the page, the last ones loaded on scrolling; filters and searches on the server', async () => {
    const { context, page } = await open();
    try {
      await logIn(page, 'auditor', password('auditor'));
      const table = page.getByRole('table', { name: '终端列表' });
      await table.getByRole('row').nth(1).waitFor();
      expect(await table.getByRole('row').count()).toBeLessThan(80);
      expect(await table.getAttribute('aria-rowcount')).toBe(String(FLEET_SIZE + 1));

      await page.evaluate("document.querySelector('.fleet-table .body').scrollTop = 1e9");
      const last = table.locator(`[aria-rowindex="${FLEET_SIZE + 1}"]`);
      await last.waitFor();
      expect(await last.getByRole('cell').first().textContent()).toBe('Kiosk 09999');
      expect(await table.getByRole('row').count()).toBeLessThan(80);

      await page.getByLabel('状态').selectOption('down');
      await expect.poll(() => page.getByRole('status').first().textContent()).toBe('共 100 台终端');
      const statuses = await table.locator('.col-status[role="cell"]').allTextContents();
      expect(statuses.length).toBeGreaterThan(0);
      expect(new Set(statuses)).toEqual(new Set(['离线']));

      // Every down terminal is in minhang (odd numbers): none in xuhui.
      await page.getByLabel('分组（完整名称）').fill('xuhui');
      await expect.poll(() => page.getByRole('status').first().textContent()).toBe('没有符合条件的终端。');
      await page.getByLabel('分组（完整名称）').fill('');
      await page.getByLabel('状态').selectOption('');
      await page.getByLabel('搜索名称、位置、分组或编号').fill('kiosk 00424');
      await expect.poll(() => page.getByRole('status').first().textContent()).toBe('共 1 台终端');
      const row = table.getByRole('row').nth(1);
      expect(await row.getByRole('cell').allTextContents()).toEqual(['Kiosk 00424', '在线', 'xuhui', 'Hall 4', '待机', 'release-2026-11-01', '1.4.0', '读卡器: 正常; 凭条打印机: 降级 (paper-near-end)', expect.stringMatching(/\d/)]);
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('shows an auditor no fleet command; an operator sends a reload that reaches the server', async () => {
    const auditor = await open();
    try {
      await logIn(auditor.page, 'auditor', password('auditor'));
      await auditor.page.getByRole('table').getByRole('row').nth(1).waitFor();
      expect(await auditor.page.getByRole('button', { name: /重新加载/ }).count()).toBe(0);
      expect(await auditor.page.getByRole('columnheader').allTextContents()).not.toContain('操作');
    } finally {
      await auditor.context.close();
    }
    const operator = await open();
    try {
      await logIn(operator.page, 'operator', password('operator'));
      await operator.page.getByLabel('搜索名称、位置、分组或编号').fill('Kiosk 00007');
      await expect.poll(() => operator.page.getByRole('status').first().textContent()).toBe('共 1 台终端');
      await operator.page.getByRole('button', { name: '重新加载 Kiosk 00007' }).click();
      await expect.poll(() => operator.page.locator('.message').textContent()).toContain('已向 Kiosk 00007 发送');
      const commands = await t.services.commands.list('t-00007', 10);
      expect(commands.map((c) => [c.kind, c.createdBy])).toEqual([['reload', expect.stringContaining('operator')]]);
      expect(await axeViolations(operator.page)).toEqual([]);
    } finally {
      await operator.context.close();
    }
  });

  it('goes back to the login page when the session expires, and after logging out', async () => {
    const { context, page } = await open();
    try {
      await logIn(page, 'operator', password('operator'));
      // The first page of the fleet must have arrived before the session goes, or that very load is what
      // meets the expiry and the filter never appears.
      await page.getByRole('table').getByRole('row').nth(1).waitFor();
      await t.services.db.deleteFrom('staff_sessions').execute();
      await page.getByLabel('状态').selectOption('pending');
      await page.getByText('登录已过期或已在别处退出，请重新登录。').waitFor();
      expect(new URL(page.url()).pathname).toBe('/login');

      await logIn(page, 'operator', password('operator'));
      await page.getByRole('button', { name: '退出登录' }).click();
      await page.getByText('您已退出登录。').waitFor();
      // The session is gone on the server too: the fleet address shows the login page.
      await page.goto(`${base}/fleet`);
      await page.getByRole('heading', { name: '登录' }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/login');
    } finally {
      await context.close();
    }
  });

  it('is served only at its own paths: /api/* and unknown paths stay JSON 404s, under the strict CSP', async () => {
    for (const url of ['/api/nothing-here', '/metrics', '/fleet/t-00001/more']) {
      const res = await t.inject({ method: 'GET', url, headers: { accept: 'text/html' } });
      expect([url, res.statusCode, res.json().error.code]).toEqual([url, 404, 'route-not-found']);
    }
    const page = await t.inject({ method: 'GET', url: '/fleet' });
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>|<style|style=/);
    expect((await t.inject({ method: 'GET', url: '/assets/..%2F..%2Fpackage.json' })).statusCode).toBe(400);
    expect(problems).toEqual([]);
  });
});
