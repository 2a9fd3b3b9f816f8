/**
 * The users and audit areas in real Chromium against the real server (SQLite and PostgreSQL):
 * an admin creates a content editor, who must replace the first password, sees only their
 * navigation and is refused an admin API; a role change, disabling, a lockout and its unlock,
 * and a password reset take effect; the audit view lists and exports all of it; the
 * personal-data access log is an auditor's and not an admin's; axe-clean in zh-CN and en.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DIALECTS, TEST_ADMIN } from '../support/app.ts';
import type { TestApp } from '../support/app.ts';
import { axeViolations, consolePassword, consoleScreenshot, startConsoleSuite } from '../support/console-browser.ts';
import type { ConsoleSuite } from '../support/console-browser.ts';

vi.setConfig({ testTimeout: 240_000, hookTimeout: 180_000 });

const FIRST_PASSWORD = 'Copper-Meadow-Lantern-Ninety';
const OWN_PASSWORD = 'Violet-Harbour-Kettle-Sixty-Two';
const AFTER_RESET = 'Quartz-Willow-Ferry-Eleven-Birch';
const ZHANG = '310104198503122019';

const nav = (page: Page) => page.getByRole('navigation', { name: '主导航' });
const status = (page: Page) => page.locator('main p[role="status"]');
const row = (page: Page, username: string) => page.getByRole('row', { name: new RegExp(`^${username.replace('.', '\\.')} `) });
const apiStatus = (page: Page, url: string) => page.evaluate(`fetch(${JSON.stringify(url)}).then((r) => r.status)`) as Promise<number>;

/** The first-login screen: the password someone else set is replaced, and the console opens. */
async function replacesPassword(page: Page, current: string, next: string): Promise<void> {
  await page.getByRole('heading', { name: '设置您自己的密码' }).waitFor();
  await page.getByLabel('当前密码').fill(current);
  await page.getByLabel('新密码', { exact: true }).fill(next);
  await page.getByLabel('再次输入新密码').fill(next);
  await page.getByRole('button', { name: '修改密码' }).click();
  await page.getByRole('heading', { name: '终端设备' }).waitFor();
}

/** What a download link or button saves, as text without its BOM. */
async function downloaded(page: Page, click: () => Promise<void>): Promise<string[]> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  return (await readFile((await download.path())!, 'utf8')).replace(/^\uFEFF/, '').trimEnd().split('\r\n');
}

describe.each(DIALECTS)('users and audit areas in Chromium (%s)', (dialect) => {
  let suite: ConsoleSuite;
  let t: TestApp;
  let admin: Page;
  beforeAll(async () => {
    // Three wrong passwords in a row lock an account (fifty by default).
    suite = await startConsoleSuite(['auditor'], { dialect, config: { staff: { hardLockFailures: 3 } } });
    t = suite.t;
    admin = (await suite.open()).page;
    await suite.logIn(admin, TEST_ADMIN.username, TEST_ADMIN.password);
    await nav(admin).getByRole('link', { name: '用户' }).click();
    await admin.getByRole('heading', { name: '用户', exact: true }).waitFor();
  });
  afterAll(async () => {
    await suite?.close();
  });

  /** The editor's own browser, logged in (a fresh profile: no known-device cookie). */
  async function editorLogsIn(password: string): Promise<Page> {
    const { page } = await suite.open();
    await suite.logIn(page, 'zhao.lei', password);
    return page;
  }

  it('creates a content editor who must choose a password, sees only their areas and is refused an admin API', async () => {
    expect(await admin.getByRole('region', { name: '密码策略' }).getByRole('listitem').first().textContent()).toBe('密码至少 12 个字符。');
    await admin.getByRole('button', { name: '新建用户…' }).click();
    const dialog = admin.getByRole('dialog', { name: '新建用户' });
    await dialog.getByLabel('用户名').fill('zhao.lei');
    await dialog.getByLabel('角色').selectOption({ label: '内容编辑' });
    // The policy's reason shows on the field.
    await dialog.getByLabel('初始密码').fill('zhao.lei.2024');
    await dialog.getByRole('button', { name: '创建用户' }).click();
    await expect.poll(() => dialog.getByLabel('初始密码').getAttribute('aria-invalid')).toBe('true');
    expect(await dialog.locator('#new-password-error').textContent()).toBe('太容易被猜到：含有您的用户名或系统名称。');
    expect(await axeViolations(admin)).toEqual([]);
    await dialog.getByLabel('初始密码').fill(FIRST_PASSWORD);
    await dialog.getByRole('button', { name: '创建用户' }).click();
    await expect.poll(() => status(admin).textContent()).toBe('已创建用户 zhao.lei（内容编辑）。');
    expect(await row(admin, 'zhao.lei').getByRole('cell').nth(1).textContent()).toBe('正常，待修改密码');

    const editor = await editorLogsIn(FIRST_PASSWORD);
    await replacesPassword(editor, FIRST_PASSWORD, OWN_PASSWORD);
    expect(await nav(editor).getByRole('link').allTextContents()).toEqual(['终端设备', '内容管理', '使用统计']);
    expect(await Promise.all(['/api/staff/users', '/api/audit'].map((u) => apiStatus(editor, u)))).toEqual([403, 403]);
    // Any role changes its own password from the shell, and may step back.
    await editor.getByRole('button', { name: '修改密码' }).click();
    await editor.getByRole('heading', { name: '设置您自己的密码' }).waitFor();
    expect(await editor.getByText(/您的密码是由他人设置的/).count()).toBe(0);
    await editor.getByRole('button', { name: '取消' }).click();
    await editor.getByRole('heading', { name: '终端设备' }).waitFor();
    await editor.context().close();
    expect(suite.problems).toEqual([]);
  });

  it('changes the role (at the next login), disables and enables, unlocks after a lockout, resets the password', async () => {
    await admin.getByLabel('zhao.lei 的角色').selectOption({ label: '运维人员' });
    await expect.poll(() => status(admin).textContent()).toBe('已将 zhao.lei 的角色改为运维人员；其登录已结束，重新登录后生效。');
    let editor = await editorLogsIn(OWN_PASSWORD);
    await editor.getByRole('heading', { name: '终端设备' }).waitFor();
    expect(await nav(editor).getByRole('link').allTextContents()).toEqual(['终端设备', expect.stringMatching(/^告警/), '紧急广播', '内容管理', '交易与对账', '使用统计']);

    await admin.getByRole('button', { name: '停用 zhao.lei' }).click();
    await expect.poll(() => status(admin).textContent()).toBe('已停用 zhao.lei，其登录已结束。');
    await editor.reload();
    await editor.getByRole('heading', { name: '登录' }).waitFor();
    await suite.logIn(editor, 'zhao.lei', OWN_PASSWORD);
    await editor.getByText('用户名或密码错误。').waitFor();
    await editor.context().close();
    await admin.getByRole('button', { name: '启用 zhao.lei' }).click();
    await expect.poll(() => status(admin).textContent()).toBe('已启用 zhao.lei。');
    editor = await editorLogsIn(OWN_PASSWORD);
    await editor.getByRole('heading', { name: '终端设备' }).waitFor();
    await editor.context().close();

    // Three wrong guesses from a browser it never used lock the account, the right password too.
    const guesser = (await suite.open()).page;
    for (let i = 0; i < 3; i++) {
      const [answer] = await Promise.all([guesser.waitForResponse((r) => r.url().endsWith('/api/staff/login')), suite.logIn(guesser, 'zhao.lei', `wrong-guess-${i}`)]);
      expect(answer.status()).toBe(401);
    }
    await guesser.getByText('用户名或密码错误。').waitFor();
    await suite.logIn(guesser, 'zhao.lei', OWN_PASSWORD);
    await guesser.getByText(/账号因多次登录失败已锁定/).waitFor();
    // The console logs that refusal's status (423) like any failed request: expected here, once.
    expect(suite.problems.filter((p) => p.includes('423 (Locked)'))).toHaveLength(1);
    suite.problems.splice(suite.problems.findIndex((p) => p.includes('423 (Locked)')), 1);
    await admin.getByRole('button', { name: '刷新列表' }).click();
    await expect.poll(() => row(admin, 'zhao.lei').getByRole('cell').nth(1).textContent()).toBe('正常，已锁定');
    expect(await axeViolations(admin)).toEqual([]);
    if (dialect === 'sqlite') expect(await consoleScreenshot(admin, 'admin-users.zh-CN')).toBeGreaterThan(10_000);
    await admin.getByRole('button', { name: '解锁 zhao.lei' }).click();
    await expect.poll(() => status(admin).textContent()).toBe('已解锁 zhao.lei。');
    await suite.logIn(guesser, 'zhao.lei', OWN_PASSWORD);
    await guesser.getByRole('heading', { name: '终端设备' }).waitFor();

    // A reset: a typed password is checked against the policy; a generated one is shown once.
    await admin.getByRole('button', { name: '重置 zhao.lei 的密码…' }).click();
    const dialog = admin.getByRole('dialog', { name: '重置 zhao.lei 的密码' });
    await dialog.getByLabel('由我输入').check();
    await dialog.getByLabel('初始密码').fill('abcdefghijklmn');
    await dialog.getByRole('button', { name: '重置密码' }).click();
    await expect.poll(() => dialog.locator('#reset-password-error').textContent()).toBe('太容易被猜到：这是 abc 或 123 这样的序列。');
    await dialog.getByLabel('由系统生成强密码').check();
    await dialog.getByRole('button', { name: '重置密码' }).click();
    const generated = (await dialog.locator('.one-time code').textContent())!;
    expect(generated.length).toBeGreaterThanOrEqual(12);
    expect(await axeViolations(admin)).toEqual([]);
    await dialog.getByRole('button', { name: '我已记下，关闭' }).click();
    await expect.poll(() => status(admin).textContent()).toBe('已重置 zhao.lei 的密码。');
    // The reset ended the guesser's session; the generated password must be replaced at once.
    await guesser.reload();
    await suite.logIn(guesser, 'zhao.lei', generated);
    await replacesPassword(guesser, generated, AFTER_RESET);
    await guesser.context().close();

    // The list is read when it opens: the user's own change since shows once it is read again.
    await admin.getByRole('button', { name: /语言/ }).click();
    await admin.getByRole('button', { name: 'Refresh list' }).click();
    await admin.getByRole('heading', { name: 'Users', exact: true }).waitFor();
    await expect.poll(() => row(admin, 'zhao.lei').getByRole('cell').nth(1).textContent()).toBe('Active');
    expect(await status(admin).textContent()).toBe('Reset the password of zhao.lei.');
    expect(await axeViolations(admin)).toEqual([]);
    if (dialect === 'sqlite') expect(await consoleScreenshot(admin, 'admin-users.en')).toBeGreaterThan(10_000);
    await admin.getByRole('button', { name: /Language/ }).click();
    expect(suite.problems).toEqual([]);
  });

  it("lists every change to the account in the audit view, filters it and exports the same rows", async () => {
    const id = (await t.services.staff.listUsers()).find((u) => u.username === 'zhao.lei')!.id;
    await admin.getByRole('link', { name: 'zhao.lei 的审计记录' }).click();
    await admin.getByRole('heading', { name: '操作日志' }).waitFor();
    expect(await admin.getByLabel('对象编号').inputValue()).toBe(id);
    const actions = () => admin.locator('.log-table tbody tr td:nth-child(3) code').allTextContents();
    // Newest first: the editor's own changes and logins among the admin's changes.
    // Role, disable, enable, unlock, reset (the refused weak password changed nothing).
    await expect.poll(async () => (await actions()).filter((a) => a === 'staff.update').length).toBe(5);
    expect((await actions()).at(-1)).toBe('staff.create');
    expect(await actions()).toEqual(expect.arrayContaining(['staff.locked', 'staff.password-change', 'staff.login']));

    await admin.getByLabel('操作者').fill('admin');
    await admin.getByLabel('操作', { exact: true }).fill('staff.update');
    await admin.getByRole('button', { name: '筛选' }).click();
    await expect.poll(() => actions()).toEqual(Array(5).fill('staff.update'));
    const details = await admin.locator('.log-table tbody td.details').allTextContents();
    expect(details.at(-1)).toContain('role: operator; previousRole: content-editor');
    expect(details.join('\n')).not.toMatch(/Violet|Quartz|Copper/);
    expect(await axeViolations(admin)).toEqual([]);
    if (dialect === 'sqlite') expect(await consoleScreenshot(admin, 'admin-audit.zh-CN')).toBeGreaterThan(10_000);

    const csv = await downloaded(admin, () => admin.getByRole('link', { name: '导出 CSV' }).click());
    expect(csv[0]).toBe('id,at,actorType,actorId,actorName,action,targetType,targetId,details');
    expect(csv.slice(1).map((l) => l.split(',')[5])).toEqual(Array(5).fill('staff.update'));
    expect(csv.slice(1).every((l) => l.includes(`,staff-user,${id},`))).toBe(true);

    // A time window after all of it shows nothing.
    await admin.getByLabel('起始时间（北京时间）').fill('2099-01-01T00:00');
    await admin.getByRole('button', { name: '筛选' }).click();
    await expect.poll(() => admin.locator('main .summary').textContent()).toBe('没有符合条件的记录。');

    // Admins never see the personal-data access log, not even by its address.
    expect(await admin.getByRole('navigation', { name: '日志', exact: true }).count()).toBe(0);
    await admin.goto(`${suite.base}/audit?log=personal-data`);
    await admin.getByRole('heading', { name: '操作日志' }).waitFor();
    expect(await admin.getByRole('heading', { name: '个人数据访问日志' }).count()).toBe(0);

    await admin.getByRole('button', { name: /语言/ }).click();
    await admin.getByRole('heading', { name: 'Activity log' }).waitFor();
    expect(await axeViolations(admin)).toEqual([]);
    if (dialect === 'sqlite') expect(await consoleScreenshot(admin, 'admin-audit.en')).toBeGreaterThan(10_000);
    await admin.getByRole('button', { name: /Language/ }).click();
    expect(suite.problems).toEqual([]);
  });

  it('shows an auditor the personal-data access log, filtered by a citizen ID, and exports it', async () => {
    const { log, hasher } = t.services.personalData;
    await log.record({ terminalId: 'lobby-1', service: 'social-security', holderHash: hasher.hash(ZHANG), assurance: 'card-cryptogram', result: 'ok' });
    await log.record({ terminalId: '=lobby-2', service: 'mailbox', holderHash: hasher.hash('310106199207274023'), assurance: 'id-document', result: 'holder-session-expired' });
    const { page } = await suite.open();
    await suite.logIn(page, 'auditor', consolePassword('auditor'));
    await page.getByRole('heading', { name: '终端设备' }).waitFor();
    await nav(page).getByRole('link', { name: '审计' }).click();
    await page.getByRole('navigation', { name: '日志', exact: true }).getByRole('link', { name: '个人数据访问日志' }).click();
    await page.getByRole('heading', { name: '个人数据访问日志' }).waitFor();
    const terminals = () => page.locator('.log-table tbody tr td:nth-child(2)').allTextContents();
    await expect.poll(() => terminals()).toEqual(['=lobby-2', 'lobby-1']);
    expect(await page.locator('.log-table tbody tr').first().locator('td').allTextContents()).toEqual([expect.any(String), '=lobby-2', 'mailbox', expect.stringMatching(/^[0-9a-f]{12}…$/), '身份证', 'holder-session-expired']);

    // A wrong check digit is refused on the field; the right ID finds that resident only.
    await page.getByLabel('身份证号').fill(`${ZHANG.slice(0, -1)}8`);
    await page.getByRole('button', { name: '筛选' }).click();
    await expect.poll(() => page.locator('#access-citizenId-error').textContent()).toBe('身份证号无效：请检查位数和校验位。');
    expect(await page.getByLabel('身份证号').getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('身份证号').fill(ZHANG);
    await page.getByRole('button', { name: '筛选' }).click();
    await expect.poll(() => terminals()).toEqual(['lobby-1']);
    expect(await axeViolations(page)).toEqual([]);

    const csv = await downloaded(page, () => page.getByRole('button', { name: '导出 CSV' }).click());
    expect(csv).toEqual(['id,at,terminalId,service,holderHash,assurance,result', expect.stringContaining(`,lobby-1,social-security,${hasher.hash(ZHANG)},card-cryptogram,ok`)]);
    await page.getByLabel('身份证号').fill('');
    await page.getByRole('button', { name: '筛选' }).click();
    await expect.poll(() => terminals()).toEqual(['=lobby-2', 'lobby-1']);
    const all = await downloaded(page, () => page.getByRole('button', { name: '导出 CSV' }).click());
    expect(all[1]).toContain(",'=lobby-2,mailbox,");
    // The exports are in the audit log, the citizen ID only as "hashed".
    const exports = await t.services.audit.query({ action: 'personal-data-access.export', limit: 10 });
    expect(exports.map((e) => [e.actor.name, (e.details as { filter: { citizenId?: string } }).filter.citizenId])).toEqual([['auditor', undefined], ['auditor', 'hashed']]);

    await page.getByRole('button', { name: /语言/ }).click();
    await page.getByRole('heading', { name: 'Personal-data access log' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
    expect(suite.problems).toEqual([]);
  });
});
