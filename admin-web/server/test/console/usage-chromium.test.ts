/**
 * The console's usage reports in real Chromium against the real server. Two terminals in two
 * groups send hourly usage records the way the kiosk does (signed `usage-hour` terminal
 * events); the console shows them per day, terminal and group, counts the sessions' funnel
 * and its drop-off (a later revision of an hour adding one session that left at home), filters
 * by group and terminal, lists the attract items played, downloads the same rows as CSV,
 * explains an empty range and a wrong one, and is axe-clean in zh-CN and English; on SQLite
 * and PostgreSQL.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { shanghaiDay } from '@civic-kiosk/protocol/china-time';
import { TerminalApiPaths } from '@civic-kiosk/protocol/terminal-api';
import { HOUR_MS, USAGE_EVENT_TYPE, UsageHour, usageEventDetail } from '@civic-kiosk/protocol/usage';
import { addDays } from '../../../ui/src/views/usage/query.ts';
import { DIALECTS } from '../support/app.ts';
import type { TestApp } from '../support/app.ts';
import { axeViolations, consolePassword as password, consoleScreenshot, startConsoleSuite } from '../support/console-browser.ts';
import type { ConsoleSuite } from '../support/console-browser.ts';
import { MEDIA_SAMPLES } from '../support/media-samples.ts';
import { loginStaff } from '../support/staff.ts';
import { TestTerminal } from '../support/terminal.ts';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 240_000 });

/** The start of hour `h` (China time) of a China-time day. */
const chinaHour = (day: string, h: number) => Date.parse(`${day}T${String(h).padStart(2, '0')}:00:00+08:00`);

function hour(hourStart: number, record: Partial<UsageHour>): UsageHour {
  return UsageHour.parse({ hourStart, revision: 0, funnel: { attract: 0, home: 0, service: 0, done: 0 }, screens: {}, services: {}, languages: {}, elderlySessions: 0, attract: {}, ...record });
}

/** Sends hours as the kiosk's event outbox does: signed, one `usage-hour` event each. */
async function send(kiosk: TestTerminal, hours: UsageHour[]): Promise<void> {
  const events = hours.map((h) => ({ id: `usage-${h.hourStart}-${h.revision}`, type: USAGE_EVENT_TYPE, at: h.hourStart + HOUR_MS, detail: usageEventDetail(h) }));
  const res = await kiosk.request('POST', TerminalApiPaths.events, { events });
  expect(res.statusCode, res.body).toBeLessThan(300);
}

/** Publishes an attract playlist naming `poster-bills` (not `poster-hotline`: an item no release names any more). */
async function publishAttract(t: TestApp): Promise<void> {
  const editor = await loginStaff(t, 'content-editor');
  const up = await t.inject({ method: 'POST', url: '/api/staff/content/files?type=image/png', headers: { cookie: editor.cookie, 'x-csrf-token': editor.csrfToken, 'content-type': 'application/octet-stream' }, payload: Buffer.from(MEDIA_SAMPLES['image/png']) });
  expect(up.statusCode, up.body).toBe(201);
  const item = { id: 'poster-bills', kind: 'image', file: up.json().sha256, durationSeconds: 15, alt: { 'zh-CN': '缴费海报', en: 'Bill payment poster' } };
  expect((await editor.request('PUT', '/api/staff/content/drafts/attract', { items: [item] })).statusCode).toBe(200);
  expect((await editor.request('POST', '/api/staff/content/releases', { targets: ['all'] })).statusCode).toBe(201);
}

/** Each body row of a report table as its cells' text. */
async function rows(page: Page, table: string): Promise<string[][]> {
  const out: string[][] = [];
  for (const row of await page.locator(`table.${table} tbody tr`).all()) out.push(await row.locator('th, td').allTextContents());
  return out;
}

const summary = (page: Page) => page.locator('.usage-report .summary').textContent();

describe.each(DIALECTS)('usage reports in Chromium (%s)', (dialect) => {
  let suite: ConsoleSuite;
  let t: TestApp;
  let today: string;
  let yesterday: string;
  let before: string;
  let lobby: TestTerminal;
  let community: TestTerminal;
  let communityHour: UsageHour;

  beforeAll(async () => {
    suite = await startConsoleSuite(['operator', 'auditor', 'content-editor'], { dialect });
    t = suite.t;
    today = shanghaiDay(t.clock.now());
    yesterday = addDays(today, -1);
    before = addDays(today, -2);
    lobby = await TestTerminal.enrol(t, { name: '大厅一号机', group: 'xuhui' });
    community = await TestTerminal.enrol(t, { name: '社区二号机', group: 'minhang' });
    await publishAttract(t);
    const lobbyHours = [
      hour(chinaHour(yesterday, 10), {
        funnel: { attract: 5, home: 4, service: 3, done: 2 },
        services: { bills: { started: 2, completed: 1 }, guides: { started: 2, completed: 1 } },
        screens: { home: 4, bills: 2, guides: 2 },
        languages: { 'zh-CN': 4, en: 1 },
        elderlySessions: 1,
        attract: { 'poster-bills': { plays: 12, seconds: 180 }, 'poster-hotline': { plays: 6, seconds: 90 } },
      }),
      hour(chinaHour(before, 15), { funnel: { attract: 3, home: 2, service: 1, done: 1 }, services: { bills: { started: 1, completed: 1 } }, attract: { 'poster-bills': { plays: 4, seconds: 60 } } }),
    ];
    await send(lobby, lobbyHours);
    // The outbox delivers a batch again when its answer was lost: nothing counts twice.
    await send(lobby, lobbyHours);
    communityHour = hour(chinaHour(yesterday, 11), { funnel: { attract: 2, home: 2, service: 1, done: 0 }, services: { hotlines: { started: 1, completed: 0 } }, attract: { 'poster-bills': { plays: 8, seconds: 120 } } });
    await send(community, [communityHour]);
  });
  afterAll(async () => {
    await suite?.close();
  });

  it('shows service use per day, terminal and group, filters by terminal and group, and downloads the rows as CSV', async () => {
    const { context, page } = await suite.open();
    try {
      await suite.logIn(page, 'operator', password('operator'));
      await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '使用统计' }).click();
      await page.getByRole('heading', { name: '使用统计', exact: true }).waitFor();
      const period = `${addDays(today, -6)} 至 ${today}（北京时间）：`;
      await expect.poll(() => summary(page)).toBe(`${period} 开始服务 6 次，完成 3 次。`);
      expect(await rows(page, 'usage-rows')).toEqual([
        [before, '生活缴费', '1', '1', '100.0%'],
        [yesterday, '生活缴费', '2', '1', '50.0%'],
        [yesterday, '办事指南', '2', '1', '50.0%'],
        [yesterday, '服务热线', '1', '0', '0.0%'],
      ]);
      expect(await rows(page, 'usage-totals')).toEqual([
        ['生活缴费', '3', '2', '66.7%'],
        ['办事指南', '2', '1', '50.0%'],
        ['服务热线', '1', '0', '0.0%'],
      ]);
      // The chart is one image named by its title, summed up for screen readers.
      expect(await page.getByRole('img', { name: /^每日服务开始与完成次数/ }).count()).toBe(1);
      expect(await axeViolations(page)).toEqual([]);
      if (dialect === 'sqlite') expect(await consoleScreenshot(page, 'admin-usage.zh-CN')).toBeGreaterThan(10_000);

      // The CSV link downloads the same rows.
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '下载 CSV' }).click()]);
      expect(download.suggestedFilename()).toBe(`usage-services-${addDays(today, -6)}-${today}.csv`);
      const csv = (await readFile((await download.path())!, 'utf8')).replace(/^\uFEFF/, '').trim().split(/\r?\n/);
      expect(csv).toEqual(['day,label,service,started,completed', `${before},${before},bills,1,1`, `${yesterday},${yesterday},bills,2,1`, `${yesterday},${yesterday},guides,2,1`, `${yesterday},${yesterday},hotlines,1,0`]);

      // Every day of the week is a bar, the days without use too; the highest is said in words.
      const week = [6, 5, 4, 3, 2, 1, 0].map((n) => addDays(today, -n));
      expect(await page.locator('.usage-chart text.tick.end').allTextContents()).toEqual(week);
      expect(await page.locator('.usage-chart desc').textContent()).toBe(`共 7 行，每行两条：开始次数与完成次数。 开始次数最高：${yesterday}（5）。`);

      // Sessions per day, elderly mode, languages and screens.
      await page.getByRole('link', { name: '会话与语言' }).click();
      await expect.poll(() => summary(page)).toBe(`${period} 10 个会话，其中 1 个使用了长者模式（10.0%）。`);
      expect(await rows(page, 'usage-days')).toEqual([
        [before, '3', '0'],
        [yesterday, '7', '1'],
      ]);
      expect(await rows(page, 'usage-languages')).toEqual([
        ['英文', '1'],
        ['中文', '4'],
      ]);
      expect(await rows(page, 'usage-screens')).toEqual([
        ['生活缴费', '2'],
        ['办事指南列表', '2'],
        ['首页', '4'],
      ]);
      expect(await page.locator('.usage-chart text.tick.end').allTextContents()).toEqual(week);
      expect(await axeViolations(page)).toEqual([]);
      await page.getByRole('link', { name: '服务使用' }).click();

      // Per terminal, then one terminal only.
      await page.getByLabel('统计维度').selectOption('terminal');
      // Rows come in terminal id order; compared sorted.
      await expect.poll(async () => (await rows(page, 'usage-rows')).sort()).toEqual([
        ['大厅一号机只看此项', '办事指南', '2', '1', '50.0%'],
        ['大厅一号机只看此项', '生活缴费', '3', '2', '66.7%'],
        ['社区二号机只看此项', '服务热线', '1', '0', '0.0%'],
      ].sort());
      await page.getByRole('button', { name: '只看终端 社区二号机' }).click();
      await page.getByText('仅终端：社区二号机').waitFor();
      await expect.poll(() => rows(page, 'usage-rows')).toEqual([['社区二号机只看此项', '服务热线', '1', '0', '0.0%']]);
      expect(new URL(page.url()).searchParams.get('terminal')).toBe(community.id);
      // After a reload the filter still names its terminal (asked of the server).
      await page.reload();
      await page.getByText('仅终端：社区二号机').waitFor();
      await expect.poll(() => rows(page, 'usage-rows')).toEqual([['社区二号机只看此项', '服务热线', '1', '0', '0.0%']]);
      await page.getByRole('button', { name: '显示全部终端' }).click();

      // Per group, then the group filter typed in.
      await page.getByLabel('统计维度').selectOption('group');
      await expect.poll(() => rows(page, 'usage-rows')).toEqual([
        ['minhang只看此项', '服务热线', '1', '0', '0.0%'],
        ['xuhui只看此项', '生活缴费', '3', '2', '66.7%'],
        ['xuhui只看此项', '办事指南', '2', '1', '50.0%'],
      ]);
      await page.getByLabel('分组', { exact: true }).fill('xuhui');
      await expect.poll(() => summary(page)).toBe(`${period} 开始服务 5 次，完成 3 次。`);
      expect(await rows(page, 'usage-rows')).toEqual([
        ['xuhui只看此项', '生活缴费', '3', '2', '66.7%'],
        ['xuhui只看此项', '办事指南', '2', '1', '50.0%'],
      ]);
      // The report and its filters are in the address: a reload shows the same.
      await page.reload();
      await expect.poll(() => rows(page, 'usage-rows')).toEqual([
        ['xuhui只看此项', '生活缴费', '3', '2', '66.7%'],
        ['xuhui只看此项', '办事指南', '2', '1', '50.0%'],
      ]);
      expect(await page.getByLabel('分组', { exact: true }).inputValue()).toBe('xuhui');

      // A range ending before it starts is said on its field, and nothing is asked or offered.
      await page.getByLabel('开始日期').fill(addDays(today, 1));
      await page.getByText('结束日期不能早于开始日期。').waitFor();
      expect(await page.getByLabel('结束日期').getAttribute('aria-invalid')).toBe('true');
      expect(await summary(page)).toBe('请先修正筛选条件。');
      expect(await page.getByRole('link', { name: '下载 CSV' }).count()).toBe(0);

      // Days with nothing recorded say so and why.
      await page.getByLabel('开始日期').fill(addDays(today, -40));
      await page.getByLabel('结束日期').fill(addDays(today, -30));
      await expect.poll(() => summary(page)).toBe(`${addDays(today, -40)} 至 ${addDays(today, -30)}（北京时间）： 没有记录。`);
      expect(await page.locator('.usage .empty').textContent()).toMatch(/^所选日期和筛选条件下没有服务使用记录。 终端在每个小时结束/);
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
    expect(suite.problems).toEqual([]);
  });

  it('counts the sessions at each funnel step with the drop-off, and a later revision of an hour replaces it', async () => {
    // A link to the funnel opened before logging in: the login leads back to it, query and all.
    const { context, page } = await suite.open({ path: '/usage?report=funnel' });
    try {
      await suite.logIn(page, 'auditor', password('auditor'));
      await page.getByRole('heading', { name: '使用统计', exact: true }).waitFor();
      await expect.poll(() => rows(page, 'usage-funnel')).toEqual([
        ['触碰待机画面', '10', '—', '—', '100.0%'],
        ['进入首页', '8', '2', '20.0%', '80.0%'],
        ['开始服务', '5', '3', '37.5%', '50.0%'],
        ['完成服务', '3', '2', '40.0%', '30.0%'],
      ]);
      expect(await summary(page)).toMatch(/ 10 个会话，其中 3 个完成了服务（30\.0%）。$/);

      // One more session at the community terminal: it reached home and left. The kiosk sends
      // the hour again as a higher revision holding the whole hour.
      await send(community, [{ ...communityHour, revision: 1, funnel: { attract: 3, home: 3, service: 1, done: 0 } }]);
      await page.reload();
      await expect.poll(() => rows(page, 'usage-funnel')).toEqual([
        ['触碰待机画面', '11', '—', '—', '100.0%'],
        ['进入首页', '9', '2', '18.2%', '81.8%'],
        ['开始服务', '5', '4', '44.4%', '45.5%'],
        ['完成服务', '3', '2', '40.0%', '27.3%'],
      ]);

      // That group alone, and one service's starts and completions.
      await page.getByLabel('分组', { exact: true }).fill('minhang');
      await expect.poll(() => rows(page, 'usage-funnel')).toEqual([
        ['触碰待机画面', '3', '—', '—', '100.0%'],
        ['进入首页', '3', '0', '0.0%', '100.0%'],
        ['开始服务', '1', '2', '66.7%', '33.3%'],
        ['完成服务', '0', '1', '100.0%', '0.0%'],
      ]);
      await page.getByLabel('分组', { exact: true }).fill('');
      await page.getByLabel('服务', { exact: true }).selectOption('bills');
      await expect.poll(() => rows(page, 'usage-funnel')).toEqual([
        ['触碰待机画面', '11', '—', '—', '100.0%'],
        ['进入首页', '9', '2', '18.2%', '81.8%'],
        ['开始“生活缴费”', '3', '6', '66.7%', '27.3%'],
        ['完成“生活缴费”', '2', '1', '33.3%', '18.2%'],
      ]);
      expect(await axeViolations(page)).toEqual([]);

      await page.getByRole('button', { name: /语言/ }).click();
      await page.getByRole('heading', { name: 'Usage', exact: true }).waitFor();
      await expect.poll(() => rows(page, 'usage-funnel')).toEqual([
        ['Touched the attract screen', '11', '—', '—', '100.0%'],
        ['Reached home', '9', '2', '18.2%', '81.8%'],
        ['Started Bill payment', '3', '6', '66.7%', '27.3%'],
        ['Completed Bill payment', '2', '1', '33.3%', '18.2%'],
      ]);
      expect(await axeViolations(page)).toEqual([]);
      // Filters stay when the report changes.
      await page.getByRole('link', { name: 'Service use' }).click();
      await expect.poll(() => summary(page)).toMatch(/ 3 services started, 2 completed\.$/);
      await page.getByLabel('Service', { exact: true }).selectOption('');
      await expect.poll(() => summary(page)).toMatch(/ 6 services started, 3 completed\.$/);
      expect(await axeViolations(page)).toEqual([]);
      if (dialect === 'sqlite') expect(await consoleScreenshot(page, 'admin-usage.en')).toBeGreaterThan(10_000);
    } finally {
      await context.close();
    }
    expect(suite.problems).toEqual([]);
  });

  it('gives content editors proof of play per item (named as the release in force names it) and per terminal, and as CSV', async () => {
    const { context, page } = await suite.open();
    try {
      await suite.logIn(page, 'content-editor', password('content-editor'));
      await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '使用统计' }).click();
      await page.getByRole('link', { name: '播放证明' }).click();
      await expect.poll(() => rows(page, 'usage-plays')).toEqual([
        ['缴费海报poster-bills按终端查看', '24', '0:06:00', '2'],
        ['poster-hotline按终端查看', '6', '0:01:30', '1'],
      ]);
      expect(await summary(page)).toMatch(/ 2 项内容，共播放 30 次，时长 0:07:30。$/);
      expect(await axeViolations(page)).toEqual([]);

      await page.getByRole('button', { name: '按终端查看内容 缴费海报 的播放' }).click();
      await page.getByText('仅内容：poster-bills').waitFor();
      const perTerminal = [
        ['缴费海报poster-bills', '大厅一号机', '16', '0:04:00', '1'],
        ['缴费海报poster-bills', '社区二号机', '8', '0:02:00', '1'],
      ];
      await expect.poll(async () => (await rows(page, 'usage-plays')).sort()).toEqual(perTerminal);

      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '下载 CSV' }).click()]);
      const csv = (await readFile((await download.path())!, 'utf8')).replace(/^\uFEFF/, '').trim().split(/\r?\n/);
      expect(csv[0]).toBe('item,terminal,label,plays,seconds,terminals');
      expect(csv.slice(1).sort()).toEqual([`poster-bills,${lobby.id},大厅一号机,16,240,1`, `poster-bills,${community.id},社区二号机,8,120,1`].sort());
    } finally {
      await context.close();
    }
    expect(suite.problems).toEqual([]);
  });

  it('keeps a fleet-sized report a page: the busiest terminals first in the chart, the table 500 rows at a time', async () => {
    // Nine terminals in their own group, each using 60 services (ids the console has no name for) in one hour: 540 rows.
    const bulk = await Promise.all(Array.from({ length: 9 }, () => TestTerminal.add(t, 'bulk')));
    const services = Array.from({ length: 60 }, (_, i) => `svc-${String(i).padStart(2, '0')}`);
    for (const [i, kiosk] of bulk.entries()) {
      await send(kiosk, [hour(chinaHour(before, 9), { funnel: { attract: 1, home: 1, service: 1, done: 1 }, services: Object.fromEntries(services.map((s) => [s, { started: i + 1, completed: 0 }])) })]);
    }
    const { context, page } = await suite.open({ path: '/usage?report=services&by=terminal&group=bulk' });
    try {
      await suite.logIn(page, 'operator', password('operator'));
      await expect.poll(() => page.locator('table.usage-rows tbody tr').count()).toBe(500);
      expect(await page.locator('.more-rows').textContent()).toBe('显示前 500 行，共 540 行（CSV 含全部行）。 再显示 40 行');
      // An id the console has no name for shows as itself.
      expect(await page.locator('table.usage-rows tbody tr').first().locator('td').first().textContent()).toBe('svc-00');
      const busiest = [...bulk].reverse().map((k) => k.name);
      expect(await page.locator('.usage-chart text.tick.end').allTextContents()).toEqual(busiest);
      expect(await page.locator('.usage-chart desc').textContent()).toBe(`共 9 行，每行两条：开始次数与完成次数。 数值大的在前。 开始次数最高：${busiest[0]}（540）。`);
      await page.getByRole('button', { name: '再显示 40 行' }).click();
      await expect.poll(() => page.locator('table.usage-rows tbody tr').count()).toBe(540);
      expect(await page.locator('.more-rows').count()).toBe(0);
    } finally {
      await context.close();
    }
    expect(suite.problems).toEqual([]);
  });
});
