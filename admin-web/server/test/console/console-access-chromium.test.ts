/**
 * The console's access and enrolment views in real Chromium against the real server (SQLite):
 * the first-login password change (the server's policy explained on the field), creating a
 * terminal at a service point with its printable one-time code and QR, revoking after a
 * confirmation naming the terminal, the role refusals in the UI (the API's are in
 * fleet-map.test.ts), and the fleet map by service point; axe-clean, screenshots with
 * UPDATE_SCREENSHOTS=1.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EnrolmentCode, ENROLMENT_QR_SCHEME } from '@civic-kiosk/protocol/terminal-api';
import { SYSTEM_ACTOR } from '../../src/audit/audit-log.ts';
import { TEST_ADMIN } from '../support/app.ts';
import type { TestApp } from '../support/app.ts';
import { axeViolations, consolePassword as password, consoleScreenshot, startConsoleSuite } from '../support/console-browser.ts';
import type { ConsoleSuite } from '../support/console-browser.ts';
import { seedFleet } from '../support/fleet.ts';

vi.setConfig({ testTimeout: 90_000, hookTimeout: 180_000 });

const POINTS = ['district-admin-centre', 'linggang-community', 'yinxing-community', 'haitang-community', 'police-household-office', 'medical-insurance-centre', 'utilities-hall'];
const FLEET_SIZE = 700;
const TEMPORARY = 'Amber-Kettle-Orchard-93-Drift';
const OWN = 'Copper-Meadow-Lantern-58-Quill';

describe('console access and enrolment in Chromium', () => {
  let suite: ConsoleSuite;
  let t: TestApp;

  beforeAll(async () => {
    suite = await startConsoleSuite();
    t = suite.t;
    await t.services.staff.createUser(SYSTEM_ACTOR, { username: 'wang.fang', password: TEMPORARY, role: 'operator' }, { mustChangePassword: true });
    await seedFleet(t, FLEET_SIZE, { servicePoints: POINTS });
  });
  afterAll(async () => {
    await suite?.close();
  });

  const open = (locale = 'zh-CN') => suite.open({ locale });
  const logIn = (page: Page, username: string, pass: string) => suite.logIn(page, username, pass);
  const summary = (page: Page) => page.locator('.summary').textContent();

  it('makes a user with a password an admin set choose their own first, explaining a refusal on its field', async () => {
    const { context, page } = await open();
    try {
      await logIn(page, 'wang.fang', TEMPORARY);
      await page.getByRole('heading', { name: '设置您自己的密码' }).waitFor();
      expect(await page.getByRole('navigation').count()).toBe(0);
      expect(await page.getByRole('table').count()).toBe(0);
      expect(await axeViolations(page)).toEqual([]);
      await consoleScreenshot(page, 'admin-password.zh-CN');

      const field = (name: string) => page.getByLabel(name, { exact: true });
      const fill = async (current: string, next: string, repeat = next) => {
        await field('当前密码').fill(current);
        await field('新密码').fill(next);
        await field('再次输入新密码').fill(repeat);
        await page.getByRole('button', { name: '修改密码' }).click();
      };
      await fill('not-the-password', OWN);
      await expect.poll(() => page.locator('#password-current-error').textContent()).toBe('当前密码不正确。');
      expect(await field('当前密码').getAttribute('aria-invalid')).toBe('true');

      await fill(TEMPORARY, 'short-one');
      await expect.poll(() => page.locator('#password-next-error').textContent()).toBe('太短：至少需要 12 个字符。');
      expect(await field('新密码').getAttribute('aria-invalid')).toBe('true');
      expect(await field('当前密码').getAttribute('aria-invalid')).toBeNull();
      await fill(TEMPORARY, 'qwertyuiop[]');
      await expect.poll(() => page.locator('#password-next-error').textContent()).toMatch(/太容易被猜到|常见/);
      await fill(TEMPORARY, OWN, `${OWN}x`);
      await expect.poll(() => page.locator('#password-repeat-error').textContent()).toBe('两次输入的新密码不一致。');
      expect(await axeViolations(page)).toEqual([]);

      await fill(TEMPORARY, OWN);
      await page.getByRole('heading', { name: '终端设备' }).waitFor();
      await expect.poll(() => summary(page)).toBe(`共 ${FLEET_SIZE} 台终端`);
      expect((await t.inject({ method: 'POST', url: '/api/staff/login', payload: { username: 'wang.fang', password: TEMPORARY } })).statusCode).toBe(401);
    } finally {
      await context.close();
    }
  });

  it('creates a terminal at a service point and shows its one-time code and QR as a printable sheet', async () => {
    const { context, page } = await open();
    try {
      await logIn(page, TEST_ADMIN.username, TEST_ADMIN.password);
      await page.getByRole('button', { name: '添加终端' }).click();
      const dialog = page.getByRole('dialog', { name: '添加终端' });
      await dialog.getByLabel('名称').fill('民政大厅 1 号机');
      await dialog.getByLabel('分组').fill('pujiang');
      await dialog.getByLabel('服务网点').selectOption({ label: '浦江区民政局婚姻登记处' });
      await dialog.getByLabel(/^位置/).fill('一楼大厅东侧');
      expect(await axeViolations(page)).toEqual([]);
      await dialog.getByRole('button', { name: '创建并显示注册码' }).click();

      const sheet = page.getByRole('dialog', { name: '民政大厅 1 号机 的注册码' });
      const code = (await sheet.getByTestId('enrol-code').textContent())!;
      expect(EnrolmentCode.safeParse(code).success).toBe(true);
      const qr = sheet.getByRole('img', { name: /民政大厅 1 号机 的二维码/ });
      expect(await qr.getAttribute('data-payload')).toBe(`${ENROLMENT_QR_SCHEME}${t.config.publicUrl}#${code}`);
      expect(await sheet.textContent()).toContain('浦江区民政局婚姻登记处 · 一楼大厅东侧');
      const created = (await t.services.terminals.page({ search: '民政大厅 1 号机', sort: 'name', order: 'asc', offset: 0, limit: 5 })).terminals;
      expect(created.map((v) => [v.status, v.group, v.servicePointId])).toEqual([['pending', 'pujiang', 'civil-affairs-bureau']]);
      expect(await axeViolations(page)).toEqual([]);
      await consoleScreenshot(page, 'admin-enrolment.zh-CN');

      // Printed, only the sheet shows: the code, the QR and the steps, not the console behind it.
      await page.emulateMedia({ media: 'print' });
      // A string: this file is type-checked without the DOM library.
      const visibility = (selector: string) => page.evaluate(`getComputedStyle(document.querySelector(${JSON.stringify(selector)})).visibility`) as Promise<string>;
      expect(await visibility('.enrolment-sheet .enrol-code')).toBe('visible');
      expect(await visibility('.enrolment-sheet .qr')).toBe('visible');
      expect(await visibility('header')).toBe('hidden');
      expect(await visibility('.fleet-table')).toBe('hidden');
      expect(await visibility('.dialog-actions button')).toBe('hidden');
      await page.emulateMedia({ media: 'screen' });
      await sheet.getByRole('button', { name: '关闭' }).click();
      await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  it('revokes a terminal only after a confirmation that names it', async () => {
    const { context, page } = await open();
    try {
      await logIn(page, 'operator', password('operator'));
      await page.getByLabel('搜索名称、位置、分组或编号').fill('Kiosk 00042');
      await expect.poll(() => summary(page)).toBe('共 1 台终端');
      await page.getByRole('button', { name: '吊销 Kiosk 00042' }).click();
      const dialog = page.getByRole('dialog', { name: '吊销 Kiosk 00042？' });
      expect(await dialog.textContent()).toContain('不能再次注册');
      expect(await axeViolations(page)).toEqual([]);
      await consoleScreenshot(page, 'admin-revoke.zh-CN');
      await dialog.getByRole('button', { name: '取消' }).click();
      expect((await t.services.terminals.get('t-00042')).status).toBe('active');

      await page.getByRole('button', { name: '吊销 Kiosk 00042' }).click();
      await page.getByRole('dialog').getByRole('button', { name: '吊销 Kiosk 00042' }).click();
      await expect.poll(() => page.locator('.body .row .col-status').first().textContent()).toBe('已吊销');
      expect((await t.services.terminals.get('t-00042')).status).toBe('revoked');
      expect(await page.getByRole('button', { name: '吊销 Kiosk 00042' }).count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  it('shows auditors and content editors no enrolment, new-code or revoke control', async () => {
    for (const role of ['auditor', 'content-editor'] as const) {
      const { context, page } = await open();
      try {
        await logIn(page, role, password(role));
        await page.getByRole('table').getByRole('row').nth(1).waitFor();
        expect([role, await page.getByRole('button', { name: /添加终端|吊销|新注册码/ }).count()]).toEqual([role, 0]);
        expect(await axeViolations(page)).toEqual([]);
      } finally {
        await context.close();
      }
    }
  });

  it('maps terminals by service point with named marks and a list; a point opens the fleet list filtered to it', async () => {
    const { context, page } = await open();
    try {
      await logIn(page, 'auditor', password('auditor'));
      await page.getByRole('button', { name: '地图' }).click();
      const map = page.getByRole('group', { name: '服务网点及其终端地图' });
      const marks = map.getByRole('button');
      await expect.poll(() => marks.count()).toBe(8);
      // Haitang holds terminals 3, 10, 17...; of the down ones (i mod 100 = 99) only 199.
      const atHaitang = Array.from({ length: FLEET_SIZE }, (_, i) => i).filter((i) => i % POINTS.length === 3);
      const downAtHaitang = atHaitang.filter((i) => i % 100 === 99).length;
      const label = `海棠镇社区事务受理服务中心: ${atHaitang.length} 台终端（${atHaitang.length - downAtHaitang} 在线，${downAtHaitang} 离线）`;
      expect(await map.getByRole('button', { name: label }).count()).toBe(1);
      // The terminal the enrolment test created waits there.
      expect(await map.getByRole('button', { name: '浦江区民政局婚姻登记处: 1 台终端（1 待注册）' }).count()).toBe(1);
      const list = page.getByRole('list', { name: '服务网点' });
      expect(await list.getByRole('button').count()).toBe(8);
      expect(await axeViolations(page)).toEqual([]);
      await consoleScreenshot(page, 'admin-fleet-map.zh-CN');

      await map.getByRole('button', { name: label }).click();
      await expect.poll(() => summary(page)).toBe(`共 ${atHaitang.length} 台终端`);
      expect(await page.locator('.chip').textContent()).toContain('服务网点：海棠镇社区事务受理服务中心');
      await page.getByLabel('状态').selectOption('down');
      await expect.poll(() => summary(page)).toBe(`共 ${downAtHaitang} 台终端`);
      await page.getByRole('button', { name: '显示全部' }).click();
      await expect.poll(() => summary(page)).toBe(`共 ${FLEET_SIZE / 100} 台终端`);
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('photographs the login and the fleet in English', async () => {
    const { context, page } = await open('en');
    try {
      await page.getByRole('button', { name: /语言/ }).click();
      await page.getByRole('heading', { name: 'Log in' }).waitFor();
      expect(await consoleScreenshot(page, 'admin-login.en')).toBeGreaterThan(10_000);
      await page.getByLabel('Username').fill('auditor');
      await page.getByLabel('Password').fill(password('auditor'));
      await page.getByRole('button', { name: 'Log in' }).click();
      await expect.poll(() => summary(page)).toMatch(/terminals$/);
      await page.getByRole('table').getByRole('row').nth(1).waitFor();
      expect(await consoleScreenshot(page, 'admin-fleet.en')).toBeGreaterThan(10_000);
      await page.getByRole('button', { name: 'Map' }).click();
      await page.getByRole('group', { name: 'Map of service points with their terminals' }).waitFor();
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('raised no console error or CSP violation', () => {
    expect(suite.problems).toEqual([]);
  });
});
