/**
 * The content studio in real Chromium against the real server: a notice edited (a validation
 * message on its field first), published to one group and served to that group's terminal and
 * not another's; a release scheduled for a group switching at its time; a rollback; an image
 * uploaded with its progress shown; an opened list entry staying open as it moves; an auditor
 * reading without changing; axe-clean in zh-CN and English, photographed.
 */
import { createHash } from 'node:crypto';
import { rm } from 'node:fs/promises';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseContentFile } from '@civic-kiosk/protocol/content';
import type { ContentManifest } from '@civic-kiosk/protocol/content-manifest';
import type { TestApp } from '../support/app.ts';
import { axeViolations, consolePassword as password, consoleScreenshot, startConsoleSuite } from '../support/console-browser.ts';
import type { ConsoleSuite } from '../support/console-browser.ts';
import { buildKioskPreview, serveTerminalUi } from '../support/kiosk-preview.ts';
import { MEDIA_SAMPLES } from '../support/media-samples.ts';
import { TestTerminal } from '../support/terminal.ts';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

const NOTICE = '2027年度城乡居民医保集中缴费开始';
const EDITED = '2027年度城乡居民医保缴费开始（已更新）';
const MINUTE = 60_000;
/** A `datetime-local` value in China time, as the console reads it. */
const chinaLocal = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 16);

const section = (page: Page, name: string) => page.getByRole('group', { name: '内容管理分区' }).getByRole('button', { name });
/** The editor's save outcome. */
const status = (page: Page) => page.locator('.content-form > p');

describe('content studio in Chromium', () => {
  let suite: ConsoleSuite;
  let t: TestApp;
  let xuhui: TestTerminal;
  let minhang: TestTerminal;
  let previewDir: string;
  beforeAll(async () => {
    // The editor shows the kiosk preview beside its form.
    previewDir = await buildKioskPreview();
    suite = await startConsoleSuite(['content-editor', 'auditor'], { config: { kioskPreviewDir: previewDir } });
    t = suite.t;
    xuhui = await TestTerminal.enrol(t, { name: '徐汇大厅一号机', group: 'xuhui' });
    minhang = await TestTerminal.enrol(t, { name: '闵行窗口二号机', group: 'minhang' });
  });
  afterAll(async () => {
    await suite?.close();
    if (previewDir) await rm(previewDir, { recursive: true, force: true });
  });

  const manifestOf = async (k: TestTerminal) => (await k.request('GET', '/api/terminal/content/manifest')).json() as { current: ContentManifest; upcoming: ContentManifest | null };
  /** The notice titles (zh-CN) a terminal of the manifest shows, read from the signed file it downloads. */
  const noticeTitles = async (m: ContentManifest) => {
    const file = m.files.find((f) => f.path === 'notices.json')!;
    const res = await t.inject({ method: 'GET', url: `/api/content/files/${file.sha256}` });
    return parseContentFile('notices', res.rawPayload).notices.map((n) => n.title['zh-CN']);
  };
  /** What a kiosk running the manifest shows: its notices list, in the kiosk's own terminal build. */
  const kioskNoticeTitles = async (context: BrowserContext, m: ContentManifest) => {
    const content: Record<string, unknown> = {};
    for (const f of m.files.filter((x) => /^[a-z-]+\.json$/.test(x.path) && x.path !== 'index.json')) {
      content[f.path.slice(0, -'.json'.length)] = JSON.parse((await t.inject({ method: 'GET', url: `/api/content/files/${f.sha256}` })).body);
    }
    const ui = await serveTerminalUi(content);
    const kiosk = await ui.open(context);
    try {
      await kiosk.getByTestId('attract').click();
      await kiosk.getByRole('button', { name: /通知公告/ }).first().click();
      await kiosk.getByRole('button', { name: /2027年度城乡居民医保/ }).first().waitFor();
      return { edited: await kiosk.getByRole('button', { name: EDITED }).count(), original: await kiosk.getByRole('button', { name: NOTICE }).count() };
    } finally {
      await kiosk.close();
      await ui.close();
    }
  };
  const releaseIn = async (page: Page, pattern: RegExp) => {
    await expect.poll(() => page.locator('.publish-form ~ [role=status]').textContent()).toMatch(pattern);
    return pattern.exec((await page.locator('.publish-form ~ [role=status]').textContent())!)![1]!;
  };

  it('edits a notice (refused while a field is empty), publishes it to one group, schedules it for another, and rolls back', async () => {
    const defaultRelease = (await manifestOf(xuhui)).current.releaseId;
    const { page } = await suite.open({ path: '/content' });
    await suite.logIn(page, 'content-editor', password('content-editor'));
    await page.getByRole('heading', { name: '内容管理', exact: true }).waitFor();
    await page.getByRole('button', { name: NOTICE }).click();
    const title = page.getByRole('group', { name: '标题', exact: true });
    await title.getByLabel('中文').fill(EDITED);
    await title.getByLabel('英文').fill('');
    await page.getByRole('button', { name: '保存草稿' }).click();
    // The message is on the field, and the save is refused.
    await expect.poll(() => status(page).first().textContent()).toBe('有 1 处需要修改，见各字段下的说明。');
    const english = title.getByLabel('英文');
    expect(await english.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator(`#${await english.getAttribute('aria-describedby')}`).textContent()).toBe('必填。');
    expect(await axeViolations(page)).toEqual([]);
    expect(await consoleScreenshot(page, 'admin-content-edit.zh-CN')).toBeGreaterThan(10_000);
    await english.fill("Residents' medical insurance for 2027 (updated)");
    expect(await english.getAttribute('aria-invalid')).toBeNull();
    await page.getByRole('button', { name: '保存草稿' }).click();
    await expect.poll(() => status(page).first().textContent()).toBe('已保存通知公告草稿。');

    // The change against the release in force, then published to xuhui only.
    await section(page, '差异与发布').click();
    const diff = page.getByRole('region', { name: '通知公告' });
    await expect.poll(() => diff.textContent()).toContain('修改 1 项');
    expect(await diff.textContent()).toContain('修改了：标题');
    expect(await page.locator('.type-diff').count()).toBe(1);
    await page.getByRole('group', { name: '目标分组' }).getByRole('checkbox', { name: 'xuhui' }).check();
    expect(await axeViolations(page)).toEqual([]);
    expect(await consoleScreenshot(page, 'admin-content-publish.zh-CN')).toBeGreaterThan(10_000);
    await page.getByRole('button', { name: '发布已保存的草稿' }).click();
    const published = await releaseIn(page, /^已发布版本 (\S+)，分组：xuhui。$/);

    const seen = await manifestOf(xuhui);
    expect(seen.current.releaseId).toBe(published);
    expect(await noticeTitles(seen.current)).toContain(EDITED);
    const other = await manifestOf(minhang);
    expect(other.current.releaseId).toBe(defaultRelease);
    expect(await noticeTitles(other.current)).not.toContain(EDITED);
    // On the kiosks themselves: xuhui's lists the edited notice, minhang's the one it had.
    expect(await kioskNoticeTitles(page.context(), seen.current)).toEqual({ edited: 1, original: 0 });
    expect(await kioskNoticeTitles(page.context(), other.current)).toEqual({ edited: 0, original: 1 });

    // The same drafts for minhang, from half an hour on.
    const at = t.clock.now() + 30 * MINUTE;
    await page.getByRole('checkbox', { name: 'xuhui' }).uncheck();
    await page.getByLabel('其他分组（用逗号分隔）').fill('minhang');
    await page.getByRole('radio', { name: '定时生效' }).check();
    await page.getByLabel('生效时间（北京时间）').fill(chinaLocal(at));
    await page.getByRole('button', { name: '发布已保存的草稿' }).click();
    const scheduled = await releaseIn(page, /^已发布版本 (\S+)，分组：minhang，.+生效。$/);
    expect((await manifestOf(minhang)).current.releaseId).toBe(defaultRelease);
    expect((await manifestOf(minhang)).upcoming?.releaseId).toBe(scheduled);

    // The rollout: xuhui's terminal reports the new release, minhang's waits for its time.
    await xuhui.heartbeat({ contentVersion: published });
    await minhang.heartbeat({ contentVersion: defaultRelease });
    await section(page, '发布进度与回滚').click();
    await page.getByRole('button', { name: '刷新' }).click();
    const group = (name: string) => page.getByRole('table', { name: '各分组的现行版本' }).getByRole('row', { name: new RegExp(`^${name}`) });
    await expect.poll(() => group('minhang').getByRole('cell').allTextContents()).toEqual([defaultRelease, expect.stringMatching(new RegExp(`^${scheduled}，.+生效$`)), '1 / 1 台已更新']);
    const terminal = (name: string) => page.getByRole('table', { name: '各终端的版本' }).getByRole('row', { name: new RegExp(`^${name}`) });
    expect(await terminal('徐汇大厅一号机').getByRole('cell').last().textContent()).toBe('已是最新');

    t.clock.advance(30 * MINUTE + MINUTE);
    expect((await manifestOf(minhang)).current.releaseId).toBe(scheduled);
    // Its terminal reports in, still on the old release (its download has not finished).
    await minhang.heartbeat({ contentVersion: defaultRelease });
    await page.getByRole('button', { name: '刷新' }).click();
    await expect.poll(() => group('minhang').getByRole('cell').first().textContent()).toBe(scheduled);
    expect(await terminal('闵行窗口二号机').getByRole('cell').last().textContent()).toBe(`落后：正在下载 ${scheduled}`);
    expect(await terminal('徐汇大厅一号机').getByRole('cell').last().textContent()).toBe('已是最新');
    expect(await axeViolations(page)).toEqual([]);
    expect(await consoleScreenshot(page, 'admin-content-rollout.zh-CN')).toBeGreaterThan(10_000);

    // Roll back to the default content: a new release with its files, for all terminals.
    await page.getByRole('button', { name: new RegExp(`^回滚\\s*到版本 ${defaultRelease}$`) }).click();
    await page.getByRole('dialog', { name: '确认回滚' }).getByRole('button', { name: '回滚' }).click();
    await expect.poll(() => page.getByRole('region', { name: '发布记录' }).getByRole('status').textContent()).toMatch(new RegExp(`^已回滚到 ${defaultRelease}（新版本 \\S+）。$`));
    for (const k of [xuhui, minhang]) {
      const m = await manifestOf(k);
      expect(m.current.releaseId).not.toBe(defaultRelease);
      expect(await noticeTitles(m.current)).toContain(NOTICE);
      expect(await noticeTitles(m.current)).not.toContain(EDITED);
    }

    // English: the same screens axe-clean, photographed.
    await page.getByRole('button', { name: /语言/ }).click();
    await page.getByRole('heading', { name: 'Content', exact: true }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    expect(await consoleScreenshot(page, 'admin-content-rollout.en')).toBeGreaterThan(10_000);
    await page.getByRole('button', { name: 'Changes and publishing' }).click();
    await page.getByRole('heading', { name: 'Drafts against the release in force' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    expect(await consoleScreenshot(page, 'admin-content-publish.en')).toBeGreaterThan(10_000);
    await page.getByRole('button', { name: 'Edit drafts' }).click();
    await page.getByRole('button', { name: "Residents' medical insurance for 2027 (updated)" }).click();
    await page.getByRole('group', { name: 'Title', exact: true }).getByLabel('Chinese').fill('');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByText('Required.').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    expect(await consoleScreenshot(page, 'admin-content-edit.en')).toBeGreaterThan(10_000);
    // The unsaved edit is still there after a visit to another page of the console.
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    await nav.getByRole('link', { name: 'Terminals' }).click();
    await page.getByRole('heading', { name: 'Terminals' }).waitFor();
    await nav.getByRole('link', { name: 'Content' }).click();
    await page.getByText('Unsaved changes').waitFor();
    await page.getByRole('button', { name: "Residents' medical insurance for 2027 (updated)" }).click();
    expect(await page.getByRole('group', { name: 'Title', exact: true }).getByLabel('Chinese').inputValue()).toBe('');
    expect(suite.problems).toEqual([]);
  });

  it('uploads an attract picture with its progress shown, and sets the item to the file', async () => {
    const { context, page } = await suite.open({ path: '/content' });
    await suite.logIn(page, 'content-editor', password('content-editor'));
    await page.getByRole('navigation', { name: '内容类型' }).getByRole('button', { name: '待机轮播' }).click();
    await page.getByRole('heading', { name: '待机轮播' }).waitFor();
    // A real PNG with 3 MB after its end, sent at 2 MB/s so the upload takes long enough to watch.
    const png = Buffer.concat([MEDIA_SAMPLES['image/png'], Buffer.alloc(3 * 1024 * 1024, 7)]);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 2 * 1024 * 1024 });
    await page.getByRole('button', { name: '欢迎使用自助服务终端' }).click();
    await page.evaluate(`(() => {
      window.__progress = [];
      new MutationObserver(() => {
        const s = document.querySelector('.upload-progress [role=status]');
        if (s) window.__progress.push(s.textContent);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    })()`);
    await page.getByLabel('上传文件图片').setInputFiles({ name: 'welcome.png', mimeType: 'image/png', buffer: png });
    await expect.poll(() => page.locator('.upload-progress [role=status]').textContent(), { timeout: 30_000 }).toBe('已上传');
    const seen = (await page.evaluate('window.__progress')) as string[];
    expect(seen.some((s) => /^正在上传 ([1-9]|[1-9]\d)%$/.test(s)), seen.join(' | ')).toBe(true);
    const sha = createHash('sha256').update(png).digest('hex');
    expect(await page.locator('.item-body .file-current code').first().textContent()).toBe(sha.slice(0, 12));
    expect(await page.getByRole('progressbar', { name: '文件上传进度' }).evaluate((e) => (e as unknown as { value: number }).value)).toBe(1);
    await page.getByRole('button', { name: '保存草稿' }).click();
    await expect.poll(() => status(page).first().textContent()).toBe('已保存待机轮播草稿。');
    const drafts = await t.services.releases.drafts();
    expect(drafts.attract!.items[0]!.file).toBe(sha);
    expect((await t.services.releases.getFile(sha))?.size).toBe(png.byteLength);
    await context.close();
  });

  it('keeps an opened entry open when it is moved, and its neighbour folded', async () => {
    const { context, page } = await suite.open({ path: '/content' });
    try {
      await suite.logIn(page, 'content-editor', password('content-editor'));
      await page.getByRole('heading', { name: '内容管理', exact: true }).waitFor();
      const toggles = page.locator('fieldset.list.depth-0 > ol > li > button.item-toggle');
      const names = await toggles.allTextContents();
      expect(names.length).toBeGreaterThan(1);
      await toggles.nth(0).click();
      await page.getByRole('button', { name: `下移 ${names[0]}` }).click();
      await expect.poll(() => toggles.allTextContents()).toEqual([names[1], names[0], ...names.slice(2)]);
      expect(await toggles.nth(1).getAttribute('aria-expanded')).toBe('true');
      expect(await toggles.nth(0).getAttribute('aria-expanded')).toBe('false');
      // Removing the entry above it (opened to reach its buttons) leaves it open too.
      await toggles.nth(0).click();
      await page.getByRole('button', { name: `删除 ${names[1]}` }).click();
      await expect.poll(() => toggles.first().textContent()).toBe(names[0]);
      expect(await toggles.first().getAttribute('aria-expanded')).toBe('true');
    } finally {
      await context.close();
    }
  });

  it('lets an auditor read every section but change nothing', async () => {
    const { page } = await suite.open({ path: '/content' });
    await suite.logIn(page, 'auditor', password('auditor'));
    await page.getByText('您的角色只能查看内容，不能修改或发布。').waitFor();
    // The first notice (as the first test saved it, or as it was).
    await page.getByRole('button', { name: /^2027年度城乡居民医保/ }).click();
    expect(await page.getByRole('group', { name: '标题', exact: true }).getByLabel('中文').getAttribute('readonly')).not.toBeNull();
    expect(await page.getByRole('button', { name: '保存草稿' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^删除|^上移|^添加/ }).count()).toBe(0);
    // A guide's category and service points are chosen by name from what the content defines.
    await page.getByRole('navigation', { name: '内容类型' }).getByRole('button', { name: '办事指南' }).click();
    await page.getByRole('button', { name: '社会保障卡首次申领' }).click();
    const category = page.getByLabel('分类编号');
    expect(await category.locator('option:checked').textContent()).toBe('社会保障 (social-security)');
    expect(await category.isDisabled()).toBe(true);
    const where = page.getByRole('group', { name: /^办理网点编号/ }).getByRole('combobox');
    expect(await where.count()).toBe(3);
    expect(await where.first().locator('option:checked').textContent()).toMatch(/ \(linggang-community\)$/);
    await section(page, '差异与发布').click();
    await page.getByRole('heading', { name: '草稿与现行版本的差异' }).waitFor();
    expect(await page.getByRole('button', { name: '发布已保存的草稿' }).count()).toBe(0);
    await section(page, '发布进度与回滚').click();
    await page.getByRole('heading', { name: '发布记录' }).waitFor();
    expect(await page.getByRole('button', { name: /^回滚/ }).count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    // The server refuses what the page does not offer.
    const refused = await page.evaluate(`fetch('/api/staff/content/drafts/hotlines', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"hotlines":[]}' }).then((r) => r.status)`);
    expect([403, 401]).toContain(refused);
    expect(suite.problems.filter((p) => !/40[13]/.test(p))).toEqual([]);
  });
});
