/**
 * The terminal detail view in real Chromium against the real server (SQLite): reached from its
 * fleet row; the heartbeat chart with its table, each device's health over time, events,
 * alerts and the command history; commands asked for in a dialog that warns plainly when a
 * resident is mid-session; a screenshot asked for, uploaded by the (scripted) terminal on its
 * signed route and shown with its time, each view audited; read-only roles see no commands and
 * no screenshots. axe-clean; screenshot with UPDATE_SCREENSHOTS=1.
 */
import { rm } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TerminalApiPaths } from '@civic-kiosk/protocol/terminal-api';
import { SYSTEM_ACTOR } from '../../src/audit/audit-log.ts';
import type { StaffRole } from '../../src/staff/tables.ts';
import { withApp } from '../support/app.ts';
import type { TestApp } from '../support/app.ts';
import { axeViolations, buildConsole, consoleScreenshot, launchChromium } from '../support/console-browser.ts';
import { listen, TestTerminal } from '../support/terminal.ts';

vi.setConfig({ testTimeout: 90_000, hookTimeout: 180_000 });

const password = (role: StaffRole) => `${role}-Quiet-Harbour-Lantern-47`;
/** A real 1×1 PNG. */
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const HEARTBEATS = 40;

describe('terminal detail in Chromium', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let consoleDir: string;
  let kiosk: TestTerminal;
  const problems: string[] = [];

  beforeAll(async () => {
    consoleDir = await buildConsole();
    t = await withApp('sqlite', { config: { adminConsoleDir: consoleDir } });
    base = await listen(t);
    for (const role of ['operator', 'auditor', 'content-editor'] as const) await t.services.staff.createUser(SYSTEM_ACTOR, { username: role, password: password(role), role });
    kiosk = await TestTerminal.add(t, 'xuhui');
    await t.services.db.updateTable('terminals').set({ name: '徐汇区行政服务中心 3号机', location: '一楼大厅 B 区' }).where('id', '=', kiosk.id).execute();
    // Heartbeats every 30 s with one 5-minute gap; the printer runs low on paper halfway.
    for (let i = 0; i < HEARTBEATS; i++) {
      t.clock.advance(i === 25 ? 300_000 : 30_000);
      const printer = i < 20 ? { state: 'ready' as const } : { state: 'degraded' as const, reasons: ['paper-near-end'] };
      expect((await kiosk.heartbeat({ devices: { 'card-reader': { state: 'ready' }, 'receipt-printer': printer }, uptimeSeconds: 3600 + i * 30 })).statusCode).toBe(200);
    }
    const events = [
      { id: 'e1', type: 'staff-pin', at: t.clock.now() - 60_000, detail: { result: 'wrong' } },
      { id: 'e2', type: 'navigation-blocked', at: t.clock.now() - 30_000, detail: { url: 'https://example.org/' } },
    ];
    expect((await kiosk.request('POST', TerminalApiPaths.events, { events })).statusCode).toBe(200);
    await t.services.alerts.reconcile(kiosk.id, [{ kind: 'device-fault', key: 'device:receipt-printer', details: { reasons: ['paper-near-end'] } }], () => true);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    if (consoleDir) await rm(consoleDir, { recursive: true, force: true });
  });

  async function open(role: StaffRole, path = '/fleet'): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    page.on('console', (m) => m.type() === 'error' && !/401 \(Unauthorized\)/.test(m.text()) && problems.push(`${m.text()} ${m.location().url}`));
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`${base}${path}`);
    await page.getByLabel('用户名').fill(role);
    await page.getByLabel('密码').fill(password(role));
    await page.getByRole('button', { name: '登录' }).click();
    return { context, page };
  }

  /** Opens the detail from the fleet list, as staff do. */
  async function openDetail(page: Page): Promise<void> {
    await page.getByRole('link', { name: '徐汇区行政服务中心 3号机' }).click();
    await page.getByRole('heading', { level: 1, name: '徐汇区行政服务中心 3号机' }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/fleet/${kiosk.id}`);
  }

  const heartbeat = (screen: { mode: 'attract' | 'session'; service?: string }) => {
    t.clock.advance(30_000);
    return kiosk.heartbeat({ screen, devices: { 'card-reader': { state: 'ready' }, 'receipt-printer': { state: 'degraded', reasons: ['paper-near-end'] } } });
  };

  it('shows the terminal from its fleet row: facts, heartbeat chart and table, device health over time, alerts, events, commands', async () => {
    const { context, page } = await open('operator');
    try {
      await openDetail(page);
      const fact = (name: string) => page.locator(`.fact-${name}`).textContent();
      expect(await fact('status')).toBe('在线');
      expect(await fact('group')).toBe('xuhui');
      expect(await fact('screen')).toMatch(/^待机/);

      const chart = page.getByRole('img', { name: '心跳间隔（秒）' });
      expect(await chart.getAttribute('aria-labelledby')).toBe('hb-title hb-desc');
      expect(await page.locator('#hb-desc').textContent()).toMatch(new RegExp(`共 ${HEARTBEATS} 次心跳；通常间隔 30 秒，最长间隔 300 秒`));
      // The view as it opens, for the docs.
      await page.getByRole('table', { name: '指令记录' }).or(page.getByText('尚未发送指令。')).waitFor();
      expect(await consoleScreenshot(page, 'admin-terminal.zh-CN')).toBeGreaterThan(20_000);
      await page.locator('summary', { hasText: '以表格查看心跳' }).click();
      const rows = page.getByRole('table', { name: '以表格查看心跳' }).getByRole('row');
      expect(await rows.count()).toBe(HEARTBEATS + 1);
      expect(await rows.nth(1).getByRole('cell').nth(1).textContent()).toBe('30 s');

      expect(await page.locator('#dt-desc').textContent()).toBe('当前：读卡器: 正常; 凭条打印机: 降级 (paper-near-end)。');
      await page.locator('summary', { hasText: '以列表查看设备状态' }).click();
      const printer = page.getByRole('region', { name: '凭条打印机' }).getByRole('listitem');
      expect((await printer.allTextContents()).map((s) => s.split('：')[0])).toEqual(['正常', '降级 (paper-near-end)']);

      const alerts = page.getByRole('table', { name: '告警' });
      expect(await alerts.getByRole('row').nth(1).getByRole('cell').allTextContents()).toEqual(['设备故障', 'device:receipt-printer', expect.any(String), '未解决']);
      const events = page.getByRole('table', { name: '最近事件' });
      expect(await events.getByRole('cell').allTextContents()).toEqual(expect.arrayContaining(['navigation-blocked', 'url: https://example.org/', 'staff-pin', 'result: wrong']));
      expect(await page.getByRole('region', { name: '操作指令' }).getByRole('button').allTextContents()).toEqual(['重新加载', '重启应用', '重启设备', '获取内容', '进入维护', '退出维护', '截取屏幕']);
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('asks before a command and warns plainly when a resident is mid-session; the command and its acknowledgement show in the history', async () => {
    expect((await heartbeat({ mode: 'session', service: 'bills' })).statusCode).toBe(200);
    const { context, page } = await open('operator');
    try {
      await openDetail(page);
      await page.getByRole('button', { name: '重新加载' }).click();
      const dialog = page.getByRole('dialog', { name: '对 徐汇区行政服务中心 3号机 执行“重新加载”？' });
      await dialog.waitFor();
      expect(await dialog.locator('.warning').textContent()).toMatch(/^有居民正在使用此终端（缴费，自 .+ 起；依据 .+ 的心跳）。指令会等到该居民办理结束后执行，不会中断其办理。$/);
      expect(await axeViolations(page)).toEqual([]);
      await dialog.getByRole('button', { name: '取消' }).click();
      expect(await t.services.commands.list(kiosk.id, 10)).toEqual([]);

      await page.getByRole('button', { name: '进入维护' }).click();
      const maintenance = page.getByRole('dialog');
      await maintenance.getByLabel('立即开始并结束该居民的办理').check();
      await maintenance.getByRole('button', { name: '进入维护' }).click();
      await expect.poll(() => maintenance.getByRole('alert').textContent()).toBe('请填写原因（至少 3 个字符）。');
      await maintenance.getByLabel('原因（必填）').fill('打印机卡纸，需立即维修');
      await maintenance.getByRole('button', { name: '进入维护' }).click();
      await page.getByRole('dialog').waitFor({ state: 'detached' });
      await expect.poll(() => page.locator('.message').textContent()).toContain('已向 徐汇区行政服务中心 3号机 发送“进入维护”');
      const [sent] = await t.services.commands.list(kiosk.id, 1);
      expect([sent!.kind, sent!.args, sent!.createdBy]).toEqual(['maintenance-on', { reason: '打印机卡纸，需立即维修', force: true }, 'staff:operator']);

      // The terminal acknowledges; the history follows.
      expect((await kiosk.ack(sent!.id)).statusCode).toBe(200);
      const history = page.getByRole('table', { name: '指令记录' });
      await expect.poll(() => history.getByRole('row').nth(1).getByRole('cell').nth(3).textContent(), { timeout: 15_000 }).toBe('已完成');
      expect(await history.getByRole('row').nth(1).getByRole('cell').nth(1).textContent()).toBe('进入维护 (reason: 打印机卡纸，需立即维修, force: true)');
    } finally {
      expect((await heartbeat({ mode: 'attract' })).statusCode).toBe(200);
      await context.close();
    }
  });

  it('captures the screen: the terminal uploads it, staff see it with its time, and the view is audited', async () => {
    const { context, page } = await open('operator');
    try {
      await openDetail(page);
      expect(await page.getByText('最近 24 小时没有截图。').count()).toBe(1);
      await page.getByRole('button', { name: '截取屏幕' }).click();
      const dialog = page.getByRole('dialog');
      expect(await dialog.textContent()).toContain('截图保留 24 小时；每次截取和查看都会记入审计日志。');
      expect(await dialog.locator('.warning').count()).toBe(0);
      await dialog.getByRole('button', { name: '截取屏幕' }).click();
      await page.getByRole('dialog').waitFor({ state: 'detached' });

      // The terminal's side, scripted: upload the image for the command on the signed route, then acknowledge.
      const [command] = await t.services.commands.list(kiosk.id, 1);
      expect([command!.kind, command!.args]).toEqual(['screenshot', {}]);
      const upload = await kiosk.request('POST', TerminalApiPaths.screenshots, { commandId: command!.id, capturedAt: t.clock.now(), screen: { mode: 'attract' }, image: PNG });
      expect(upload.statusCode).toBe(201);
      expect((await kiosk.ack(command!.id)).statusCode).toBe(200);

      const show = page.getByRole('button', { name: /^查看 .+ 截取的截图$/ });
      await show.waitFor({ timeout: 20_000 });
      expect(await t.services.audit.query({ action: 'terminal.screenshot.viewed', limit: 5 })).toEqual([]);
      await show.click();
      const image = page.getByRole('img', { name: /截取的终端屏幕（待机）$/ });
      await expect.poll(() => image.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(1);
      expect(await page.locator('.screenshot figcaption').textContent()).toMatch(/^截取于 .+；将于 .+ 后删除。$/);
      const viewed = await t.services.audit.query({ action: 'terminal.screenshot.viewed', limit: 5 });
      expect(viewed.map((e) => [e.actor.name, e.target.id])).toEqual([['operator', kiosk.id]]);
      expect(await axeViolations(page)).toEqual([]);

      // Mid-session, a capture needs a reason and says why.
      expect((await heartbeat({ mode: 'session', service: 'social-security' })).statusCode).toBe(200);
      await page.reload();
      await page.getByRole('button', { name: '截取屏幕' }).click();
      const busy = page.getByRole('dialog');
      expect(await busy.locator('.warning').textContent()).toContain('屏幕上可能有该居民的个人信息。请仅在必要时截取，并说明原因。');
      await busy.getByLabel('原因（必填）').fill('居民反映社保页面无响应');
      await busy.getByRole('button', { name: '截取屏幕' }).click();
      await page.getByRole('dialog').waitFor({ state: 'detached' });
      const [forced] = await t.services.commands.list(kiosk.id, 1);
      expect(forced!.args).toEqual({ force: true, reason: '居民反映社保页面无响应' });
    } finally {
      expect((await heartbeat({ mode: 'attract' })).statusCode).toBe(200);
      await context.close();
    }
  });

  it('shows an auditor the history but no command and no screenshot, and a content editor no alerts', async () => {
    const auditor = await open('auditor', `/fleet/${kiosk.id}`);
    try {
      await auditor.page.getByRole('heading', { level: 1, name: '徐汇区行政服务中心 3号机' }).waitFor();
      await auditor.page.getByRole('table', { name: '指令记录' }).waitFor();
      expect(await auditor.page.getByRole('region', { name: '操作指令' }).count()).toBe(0);
      expect(await auditor.page.getByRole('region', { name: '屏幕截图' }).count()).toBe(0);
      expect(await auditor.page.getByRole('button', { name: /重新加载|截取屏幕|重启/ }).count()).toBe(0);
      expect(await auditor.page.getByRole('table', { name: '告警' }).count()).toBe(1);
      expect(await axeViolations(auditor.page)).toEqual([]);
    } finally {
      await auditor.context.close();
    }
    const editor = await open('content-editor', `/fleet/${kiosk.id}`);
    try {
      await editor.page.getByRole('table', { name: '指令记录' }).waitFor();
      expect(await editor.page.getByRole('region', { name: '告警' }).count()).toBe(0);
      expect(await editor.page.getByRole('region', { name: '操作指令' }).count()).toBe(0);
    } finally {
      await editor.context.close();
    }
    expect(problems).toEqual([]);
  });
});
