/**
 * The console's live operations in real Chromium against the real server: the alerts view
 * (SQLite and PostgreSQL) updated by the event stream, acknowledged by an operator while an
 * auditor watches, operating hours; the emergency broadcast composer with its kiosk preview,
 * confirmation, live acknowledgement count and ending; fleet rows following status changes and
 * the stream reconnecting; what each role may not see or do; axe-clean in both languages.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DIALECTS } from '../support/app.ts';
import type { TestApp } from '../support/app.ts';
import { axeViolations, consolePassword as password, consoleScreenshot, startConsoleSuite } from '../support/console-browser.ts';
import type { ConsoleSuite } from '../support/console-browser.ts';
import { loginStaff } from '../support/staff.ts';
import { TestTerminal } from '../support/terminal.ts';
import type { PushStream } from '../support/terminal.ts';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 180_000 });

const DOWN_AFTER_MS = 31_000;
const CONFIG = { terminals: { heartbeatIntervalMs: 10_000 } };

const nav = (page: Page) => page.getByRole('navigation', { name: '主导航' });
const toEnglish = async (page: Page, heading: string) => {
  await page.getByRole('button', { name: /语言/ }).click();
  await page.getByRole('heading', { name: heading, exact: true }).waitFor();
};

describe.each(DIALECTS)('alerts view in Chromium (%s)', (dialect) => {
  let suite: ConsoleSuite;
  let t: TestApp;
  beforeAll(async () => {
    suite = await startConsoleSuite(undefined, { dialect, config: CONFIG });
    t = suite.t;
  });
  afterAll(async () => {
    await suite?.close();
  });

  it('shows alerts as they open, lets an operator acknowledge while an auditor watches it happen, and sets operating hours', async () => {
    const lobby = await TestTerminal.enrol(t, { name: '大厅一号机', group: 'xuhui' });
    const counter = await TestTerminal.enrol(t, { name: '窗口二号机', group: 'minhang' });
    for (const k of [lobby, counter]) await k.heartbeat();
    await t.services.monitor.tick();

    const operator = await suite.open();
    const auditor = await suite.open();
    try {
      await suite.logIn(operator.page, 'operator', password('operator'));
      await nav(operator.page).getByRole('link', { name: /^告警/ }).click();
      await operator.page.getByRole('heading', { name: '告警', exact: true }).waitFor();
      await expect.poll(() => operator.page.locator('.summary').textContent()).toBe('没有未解决的告警。');
      await suite.logIn(auditor.page, 'auditor', password('auditor'));
      await auditor.page.getByRole('heading', { name: '终端设备' }).waitFor();
      await auditor.page.goto(`${suite.base}/alerts`);
      await auditor.page.getByRole('heading', { name: '告警', exact: true }).waitFor();

      // Both terminals miss their heartbeats: the alerts appear in both consoles without a reload.
      t.clock.advance(DOWN_AFTER_MS);
      await t.services.monitor.tick();
      for (const page of [operator.page, auditor.page]) {
        await expect.poll(() => page.locator('.summary').textContent()).toBe('共 2 条告警');
        await expect.poll(() => nav(page).getByRole('link', { name: /^告警/ }).textContent()).toBe('告警22 条未解决告警');
      }
      const row = (page: Page) => page.getByRole('row', { name: /大厅一号机/ });
      expect(await row(operator.page).getByRole('cell').allTextContents()).toEqual(['xuhui', '离线', expect.stringMatching(/\d/), '确认']);
      // An auditor reads, never acknowledges.
      expect(await auditor.page.getByRole('button', { name: /^确认/ }).count()).toBe(0);
      expect(await axeViolations(operator.page)).toEqual([]);

      await operator.page.getByRole('button', { name: '确认 大厅一号机 的离线告警' }).click();
      await expect.poll(() => row(auditor.page).getByRole('cell').last().textContent()).toMatch(/^operator 于 .+ 确认$/);
      const acked = (await t.services.alerts.list({ open: true, limit: 10 })).find((a) => a.terminalName === '大厅一号机')!;
      expect(acked.acknowledgedBy).toBe('staff:operator');

      // Operating hours for a group: saved on the server, listed for the auditor too.
      const form = operator.page.locator('form.hours-form');
      await form.getByLabel('分组').fill('xuhui');
      await form.getByRole('button', { name: '保存运营时间' }).click();
      await operator.page.getByText('已保存分组 xuhui 的运营时间。').waitFor();
      const hoursRow = operator.page.getByRole('row', { name: /^xuhui 周一/ });
      expect(await hoursRow.getByRole('cell').allTextContents()).toEqual(['周一 周二 周三 周四 周五', '08:00–20:00', expect.stringMatching(/^operator，/), '删除']);
      expect(await t.services.operatingHours.list()).toEqual([expect.objectContaining({ group: 'xuhui', hours: { days: [1, 2, 3, 4, 5], opensAt: '08:00', closesAt: '20:00' } })]);
      if (dialect === 'sqlite') expect(await consoleScreenshot(operator.page, 'admin-alerts.zh-CN')).toBeGreaterThan(10_000);

      // The terminal is back: its alert leaves the open list live and shows among the resolved.
      await lobby.heartbeat();
      await t.services.monitor.tick();
      await expect.poll(() => operator.page.locator('.summary').textContent()).toBe('共 1 条告警');
      await expect.poll(() => nav(auditor.page).getByRole('link', { name: /^告警/ }).textContent()).toBe('告警11 条未解决告警');
      await operator.page.getByLabel('显示').selectOption('resolved');
      await expect.poll(() => row(operator.page).getByRole('cell').allTextContents()).toEqual(['xuhui', '离线', expect.stringMatching(/\d/), expect.stringMatching(/\d/), expect.stringMatching(/^operator 于/)]);
      expect(await axeViolations(operator.page)).toEqual([]);

      await toEnglish(operator.page, 'Alerts');
      expect(await operator.page.getByRole('heading', { name: 'Operating hours per group' }).count()).toBe(1);
      await operator.page.getByLabel('Show').selectOption('open');
      await expect.poll(() => operator.page.locator('.summary').textContent()).toBe('1 alerts');
      expect(await axeViolations(operator.page)).toEqual([]);
      if (dialect === 'sqlite') expect(await consoleScreenshot(operator.page, 'admin-alerts.en')).toBeGreaterThan(10_000);
    } finally {
      await operator.context.close();
      await auditor.context.close();
    }
    expect(suite.problems).toEqual([]);
  });

  it('gives a content editor neither alerts nor broadcasts: no navigation, the address falls back, the API refuses', async () => {
    const { context, page } = await suite.open();
    try {
      await suite.logIn(page, 'content-editor', password('content-editor'));
      await page.getByRole('heading', { name: '终端设备' }).waitFor();
      expect(await nav(page).getByRole('link').allTextContents()).toEqual(['终端设备', '内容管理', '使用统计']);
      await page.goto(`${suite.base}/alerts`);
      await page.getByRole('heading', { name: '终端设备' }).waitFor();
      // The address is replaced once the fallback view is chosen, which may follow its heading.
      await expect.poll(() => new URL(page.url()).pathname).toBe('/fleet');
      const statuses = await page.evaluate("Promise.all(['/api/alerts', '/api/broadcasts/emergency'].map((u) => fetch(u).then((r) => r.status)))");
      expect(statuses).toEqual([403, 403]);
    } finally {
      await context.close();
    }
    expect(suite.problems).toEqual([]);
  });
});

describe('emergency broadcasts and the live fleet in Chromium (sqlite)', () => {
  let suite: ConsoleSuite;
  let t: TestApp;
  const streams: PushStream[] = [];
  beforeAll(async () => {
    suite = await startConsoleSuite(undefined, { config: CONFIG });
    t = suite.t;
  });
  afterAll(async () => {
    for (const s of streams) s.close();
    await suite?.close();
  });

  async function terminal(name: string, group: string): Promise<{ kiosk: TestTerminal; push: PushStream }> {
    const kiosk = await TestTerminal.enrol(t, { name, group });
    await kiosk.heartbeat();
    const push = await kiosk.openPush(suite.base);
    streams.push(push);
    return { kiosk, push };
  }

  async function compose(page: Page, zh: { title: string; body: string }, en: { title: string; body: string }): Promise<void> {
    await page.getByLabel('中文标题').fill(zh.title);
    await page.getByLabel('中文正文').fill(zh.body);
    await page.getByLabel('英文标题').fill(en.title);
    await page.getByLabel('英文正文').fill(en.body);
  }

  it('composes with a kiosk preview, sends to chosen groups after confirming, counts acknowledgements live, and ends it', async () => {
    const a = await terminal('徐汇一号机', 'xuhui');
    const b = await terminal('徐汇二号机', 'xuhui');
    await terminal('闵行一号机', 'minhang');
    const { context, page } = await suite.open();
    try {
      await suite.logIn(page, 'operator', password('operator'));
      await nav(page).getByRole('link', { name: '紧急广播' }).click();
      await page.getByRole('heading', { name: '新建紧急广播' }).waitFor();
      await compose(page, { title: '大厅暂停服务', body: '因消防检查，本大厅 15:00 前暂停服务，请前往二楼窗口。' }, { title: 'Hall closed', body: 'Fire inspection: this hall is closed until 15:00. Please use the counters on the first floor.' });

      // The preview is the kiosk's emergency screen: its tag, the resident's language first.
      const preview = page.getByRole('group', { name: '终端显示预览' });
      expect(await preview.locator('.kiosk-emergency > *').allTextContents()).toEqual(['紧急通知', '大厅暂停服务因消防检查，本大厅 15:00 前暂停服务，请前往二楼窗口。', expect.stringMatching(/^Hall closed/)]);
      expect(await page.evaluate("getComputedStyle(document.querySelector('.kiosk-emergency')).backgroundColor")).toBe('rgb(143, 12, 18)');
      await preview.getByLabel('居民使用的语言').selectOption('en');
      expect(await preview.locator('.kiosk-emergency > *').allTextContents()).toEqual(['Emergency notice', expect.stringMatching(/^Hall closed/), expect.stringMatching(/^大厅暂停服务/)]);

      // Targets are the fleet's groups, each with the terminals it reaches: no mistyped group.
      await page.getByLabel('指定分组').check();
      const groups = page.getByRole('group', { name: '分组', exact: true });
      expect(await groups.getByRole('checkbox').evaluateAll((els) => els.map((e) => e.parentElement!.textContent))).toEqual(expect.arrayContaining(['minhang（1 台终端）', 'xuhui（2 台终端）']));
      await groups.getByLabel(/^xuhui（/).check();
      await page.getByLabel('持续时间').selectOption({ label: '4 小时' });
      await page.getByRole('button', { name: '预览并发送…' }).click();
      const dialog = page.getByRole('dialog', { name: '发送紧急广播？' });
      await dialog.waitFor();
      expect(await dialog.textContent()).toContain('分组：xuhui');
      expect(await axeViolations(page)).toEqual([]);
      // Cancelling sends nothing.
      await dialog.getByRole('button', { name: '取消' }).click();
      expect((await t.services.broadcasts.list(10)).length).toBe(0);
      await page.getByRole('button', { name: '预览并发送…' }).click();
      await dialog.getByRole('button', { name: '确认发送' }).click();
      await page.getByText('已发送“大厅暂停服务”，目标终端 2 台。').waitFor();
      const [sent] = await t.services.broadcasts.list(10);
      expect([sent!.groups, sent!.expiresAt - sent!.issuedAt]).toEqual([['xuhui'], expect.any(Number)]);
      expect(Math.abs(sent!.expiresAt - Date.now() - 4 * 3_600_000)).toBeLessThan(60_000);

      const count = page.locator('.broadcast-table .acked').first();
      await expect.poll(() => count.textContent()).toBe('0 / 2 台');
      for (const [i, k] of [a, b].entries()) {
        const [on] = await k.push.waitFor((c) => c.some((x) => x.kind === 'emergency-on'));
        await k.kiosk.ack(on!.id);
        await expect.poll(() => count.textContent()).toBe(`${i + 1} / 2 台`);
      }

      // A screenshot with a second broadcast being composed beside the first one's count.
      await compose(page, { title: '暴雨预警', body: '今日暴雨，部分业务可能延迟办理。' }, { title: 'Rainstorm warning', body: 'Heavy rain today: some services may be delayed.' });
      expect(await axeViolations(page)).toEqual([]);
      expect(await consoleScreenshot(page, 'admin-broadcast.zh-CN')).toBeGreaterThan(10_000);
      await toEnglish(page, 'Emergency broadcasts');
      await expect.poll(() => count.textContent()).toBe('2 of 2');
      expect(await axeViolations(page)).toEqual([]);
      expect(await consoleScreenshot(page, 'admin-broadcast.en')).toBeGreaterThan(10_000);

      await page.getByRole('button', { name: 'End the broadcast “Hall closed”' }).click();
      await page.getByRole('dialog', { name: 'End this emergency broadcast?' }).getByRole('button', { name: 'End now' }).click();
      await expect.poll(() => page.locator('.broadcast-table tbody tr').first().getByRole('cell').nth(3).textContent()).toMatch(/^ended /);
      await a.push.waitFor((c) => c.some((x) => x.kind === 'emergency-off'));
      expect(await page.getByRole('button', { name: /^End the broadcast/ }).count()).toBe(0);
    } finally {
      await context.close();
    }
    expect(suite.problems).toEqual([]);
  });

  it('shows an auditor the broadcasts and their counts but no composer and no end button', async () => {
    const { context, page } = await suite.open();
    try {
      await suite.logIn(page, 'auditor', password('auditor'));
      await nav(page).getByRole('link', { name: '紧急广播' }).click();
      await page.getByRole('heading', { name: '广播记录' }).waitFor();
      await expect.poll(() => page.locator('.broadcast-table .acked').first().textContent()).toBe('2 / 2 台');
      expect(await page.getByRole('heading', { name: '新建紧急广播' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: /^结束/ }).count()).toBe(0);
      const refused = await page.evaluate("fetch('/api/broadcasts/emergency', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }).then((r) => r.status)");
      expect(refused).toBe(403);
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('updates a fleet row in place when its status changes, again after the stream was cut and reconnected, and lists a terminal created elsewhere', async () => {
    const { kiosk } = await terminal('实时测试机', 'xuhui');
    await t.services.monitor.tick();
    const { context, page } = await suite.open();
    try {
      await suite.logIn(page, 'operator', password('operator'));
      await page.getByLabel('搜索名称、位置、分组或编号').fill('实时测试机');
      const status = page.getByRole('table', { name: '终端列表' }).getByRole('row').nth(1).locator('.col-status');
      await expect.poll(() => status.textContent()).toBe('在线');
      await expect.poll(() => t.services.staffEvents.openStreams).toBe(1);

      t.clock.advance(DOWN_AFTER_MS);
      await t.services.monitor.tick();
      await expect.poll(() => status.textContent()).toBe('离线');
      await kiosk.heartbeat();
      await expect.poll(() => status.textContent()).toBe('在线');

      // The server drops the stream: the browser reconnects (resuming after its last event) and keeps up.
      t.services.staffEvents.stop();
      await expect.poll(() => t.services.staffEvents.openStreams, { timeout: 15_000 }).toBe(1);
      await operatorRevokes(kiosk.id);
      await expect.poll(() => status.textContent()).toBe('已吊销');

      // A terminal created from another console is listed here, pending, without a reload.
      const op = await loginStaff(t, 'operator', 'creating-operator');
      expect((await op.request('POST', '/api/terminals', { name: '实时测试机二号', group: 'xuhui' })).statusCode).toBe(201);
      await expect.poll(() => page.getByRole('row', { name: /实时测试机二号/ }).locator('.col-status').textContent()).toBe('待注册');
    } finally {
      await context.close();
    }
    expect(suite.problems).toEqual([]);
  });

  async function operatorRevokes(id: string): Promise<void> {
    const op = await loginStaff(t, 'operator', 'revoking-operator');
    expect((await op.request('POST', `/api/terminals/${id}/revoke`)).statusCode).toBe(200);
  }
});
