/**
 * The citizen mailbox in Chromium with the fake bridge and an in-page mailbox of 45 messages:
 * opening with the card or a document, pages, category filters, a message marked read on
 * opening, printing it, a bill reminder opening the bills with its account, the offline-copy
 * banner, the online-only notice, the wipe leaving nothing of the messages, axe-clean in zh-CN,
 * English and elderly mode; screenshots under docs/screenshots/ with UPDATE_SCREENSHOTS=1.
 */
import { describe, expect, it, vi } from 'vitest';
import type { Page } from 'playwright-core';
import { mailboxPage } from '@civic-kiosk/protocol/mailbox-pages';
import type { ReceiptJob } from '../../src/common/bridge.ts';
import { bridgeCalls, emit } from '../support/browser.ts';
import { applySettings, SETTINGS, toHome, typePin } from '../support/browser-tour.ts';
import { installFakeMailbox } from '../support/fake-mailbox.ts';
import type { MailboxControl } from '../support/fake-mailbox.ts';
import { card, inPage, screenSuite } from '../support/screen-suite.ts';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 240_000 });

/** What the fake mailbox's first page and the opened message say: none of it may outlive the wipe. */
const MESSAGE_TEXT = ['水费缴费提醒 第1号', '社区通知 第2号', '个人事项 第3号', '正文 第2号', '城投水务', '静安寺街道'];

const { withPage: withMailbox, check } = screenSuite('mailbox', installFakeMailbox, mailboxPage);
const mailbox = inPage<MailboxControl>('__mailbox');

/** From home: the mailbox tile, the card, its PIN, then what shows (the inbox's first page). */
async function openInboxUntil(page: Page, testId: string): Promise<void> {
  await toHome(page);
  await page.locator('.tile[data-route="mailbox"]').click();
  await page.getByTestId('mb-with-card').click();
  await page.getByTestId('mb-insert').waitFor();
  await card(page, true);
  await page.getByTestId('ss-pin').waitFor();
  await typePin(page, '246813');
  await page.getByTestId(testId).waitFor();
}
const openInbox = (page: Page) => openInboxUntil(page, 'mb-list');

const rows = (page: Page) => page.locator('[data-testid="mb-list"] .mail-row');
const titles = async (page: Page) => (await rows(page).locator('.list-title').allTextContents()).map((t) => t.replace(/^(未读|New)/, ''));

describe('mailbox screens', () => {
  for (const s of SETTINGS) {
    it(`are axe-clean on every step (${s.lang}${s.elderly ? ', elderly' : ''})`, { timeout: 240_000 }, withMailbox(async (page) => {
      await applySettings(page, s);
      await page.locator('.tile[data-route="mailbox"]').click();
      await page.getByTestId('mb-choose').waitFor();
      await check(page, 'choose', s);
      await page.getByTestId('mb-with-card').click();
      await page.getByTestId('mb-insert').waitFor();
      await check(page, 'insert', s);
      await card(page, true);
      await page.getByTestId('ss-pin').waitFor();
      await check(page, 'pin', s);
      await typePin(page, '111111');
      await page.getByTestId('ss-tries-left').waitFor();
      await check(page, 'wrong-pin', s);
      await typePin(page, '000000');
      await page.getByTestId('ss-blocked').waitFor();
      await check(page, 'blocked', s);
      await page.getByTestId('nav-home').click();
      await page.locator('.tile[data-route="mailbox"]').click();
      await page.getByTestId('mb-with-card').click();
      await typePin(page, '246813');
      await page.getByTestId('mb-list').waitFor();
      await check(page, 'inbox', s);
      await rows(page).first().click();
      await page.getByTestId('mb-message').waitFor();
      await check(page, 'message', s);
      await page.getByTestId('mb-print').click();
      await page.getByTestId('mb-printed').waitFor();
      await check(page, 'printed', s);
      // The list fails (back office down), then answers with no messages at all.
      await mailbox(page, (m) => (m.failList = 'backoffice-unavailable'));
      await page.getByTestId('mb-back-to-inbox').click();
      await page.getByTestId('holder-problem').waitFor();
      await check(page, 'list-failed', s);
      await mailbox(page, (m) => {
        m.failList = null;
        m.empty = true;
      });
      await page.getByTestId('holder-problem').getByRole('button').click();
      await page.getByTestId('mb-empty').waitFor();
      await check(page, 'empty', s);
      await mailbox(page, (m) => (m.empty = false));
      // The server unreachable: the card's offline copy, then a card that cannot have one, then no copy.
      const reopen = async () => {
        await page.getByTestId('nav-home').click();
        await page.locator('.tile[data-route="mailbox"]').click();
        await page.getByTestId('mb-with-card').click();
        await typePin(page, '246813');
      };
      await mailbox(page, (m) => (m.offlineCopyAsOf = '2026-11-30T09:15:00.000Z'));
      await reopen();
      await page.getByTestId('mb-offline-copy').waitFor();
      await check(page, 'offline-copy', s);
      await mailbox(page, (m) => (m.unreachable = 'not-possible'));
      await reopen();
      await page.locator('[data-testid="mb-online-only"][data-offline="true"]').waitFor();
      await check(page, 'online-only', s);
      await mailbox(page, (m) => (m.unreachable = 'none'));
      await reopen();
      await page.getByTestId('mb-no-copy').waitFor();
      await check(page, 'unreachable', s);
      await page.getByTestId('nav-home').click();
      await page.locator('.tile[data-route="mailbox"]').click();
      await page.getByTestId('mb-with-document').click();
      await page.getByTestId('mb-place').waitFor();
      await check(page, 'place', s);
    }));
  }

  it('shows the unread count and pages through 45 messages newest first, six a page', withMailbox(async (page) => {
    await openInbox(page);
    expect(await page.getByTestId('mb-unread').getAttribute('data-unread')).toBe('4');
    expect(await page.getByTestId('mb-unread').textContent()).toBe('未读消息 4 封');
    expect(await titles(page)).toEqual(['水费缴费提醒 第1号', '社区通知 第2号', '个人事项 第3号', '水费缴费提醒 第4号', '社区通知 第5号', '个人事项 第6号']);
    expect(await page.getByTestId('mb-page').textContent()).toBe('第 1 页，共 8 页');
    expect(await page.getByTestId('mb-prev').isDisabled()).toBe(true);
    await page.getByTestId('mb-next').click();
    await expect.poll(() => page.getByTestId('mb-page').textContent()).toBe('第 2 页，共 8 页');
    expect((await titles(page))[0]).toBe('水费缴费提醒 第7号');
    for (let p = 3; p <= 8; p++) {
      await page.getByTestId('mb-next').click();
      await expect.poll(() => page.getByTestId('mb-page').textContent()).toBe(`第 ${p} 页，共 8 页`);
    }
    expect(await titles(page)).toEqual(['水费缴费提醒 第43号', '社区通知 第44号', '个人事项 第45号']);
    expect(await page.getByTestId('mb-next').isDisabled()).toBe(true);
    const asked = (await bridgeCalls(page, 'mailbox.list')).map((c) => c.arg);
    expect(asked.at(-1)).toEqual({ page: 8, pageSize: 6 });
  }));

  it('filters by category from the first page, with each category’s unread count', withMailbox(async (page) => {
    await openInbox(page);
    await page.getByTestId('mb-next').click();
    await expect.poll(() => page.getByTestId('mb-page').textContent()).toBe('第 2 页，共 8 页');
    expect(await page.locator('.mail-filter [data-kind="bill-reminder"]').textContent()).toBe('账单2 封未读');
    await page.locator('.mail-filter [data-kind="bill-reminder"]').click();
    await expect.poll(() => page.getByTestId('mb-page').textContent()).toBe('第 1 页，共 3 页');
    expect(await page.locator('.mail-filter [data-kind="bill-reminder"]').getAttribute('aria-pressed')).toBe('true');
    const shown = await titles(page);
    expect(shown).toHaveLength(6);
    expect(shown.every((t) => t.startsWith('水费缴费提醒'))).toBe(true);
    expect((await bridgeCalls(page, 'mailbox.list')).at(-1)!.arg).toEqual({ page: 1, pageSize: 6, kind: 'bill-reminder' });
    await page.locator('.mail-filter [data-kind="all"]').click();
    await expect.poll(() => page.getByTestId('mb-page').textContent()).toBe('第 1 页，共 8 页');
  }));

  it('opens a message in large text, marks it read once, and shows it read back in the inbox on the same page', withMailbox(async (page) => {
    await openInbox(page);
    await page.getByTestId('mb-next').click();
    await page.getByTestId('mb-next').click();
    await expect.poll(() => page.getByTestId('mb-page').textContent()).toBe('第 3 页，共 8 页');
    await page.getByTestId('mb-prev').click();
    await page.getByTestId('mb-prev').click();
    await expect.poll(() => page.getByTestId('mb-page').textContent()).toBe('第 1 页，共 8 页');
    const second = rows(page).nth(1);
    expect(await second.getAttribute('data-read')).toBe('false');
    await second.click();
    await page.getByTestId('mb-message').waitFor();
    expect(await page.locator('#mb-message-title').textContent()).toBe('社区通知 第2号');
    expect(await page.getByTestId('mb-body').textContent()).toContain('正文 第2号');
    const size = await page.getByTestId('mb-body').evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
    expect(size).toBeGreaterThanOrEqual(30);
    await expect.poll(async () => (await bridgeCalls(page, 'mailbox.markRead')).map((c) => c.arg)).toEqual([{ messageIds: ['m-2'] }]);
    await page.getByTestId('mb-back-to-inbox').click();
    await page.getByTestId('mb-list').waitFor();
    expect(await rows(page).nth(1).getAttribute('data-read')).toBe('true');
    expect(await page.getByTestId('mb-unread').getAttribute('data-unread')).toBe('3');
    // A message already read is not marked again.
    await rows(page).nth(1).click();
    await page.getByTestId('mb-message').waitFor();
    await page.waitForTimeout(100);
    expect(await bridgeCalls(page, 'mailbox.markRead')).toHaveLength(1);
  }));

  it('reads the message aloud in the screen language', withMailbox(async (page) => {
    await openInbox(page);
    await page.evaluate(() => {
      const spoken: { text: string; lang: string }[] = [];
      (window as unknown as { __spoken: typeof spoken }).__spoken = spoken;
      speechSynthesis.speak = (u: SpeechSynthesisUtterance) => void spoken.push({ text: u.text, lang: u.lang });
    });
    await rows(page).first().click();
    await page.getByTestId('mb-speak').click();
    expect(await page.getByTestId('mb-speak').getAttribute('aria-pressed')).toBe('true');
    const spoken = await page.evaluate(() => (window as unknown as { __spoken: { text: string; lang: string }[] }).__spoken);
    expect(spoken.at(-1)!.lang).toBe('zh-CN');
    expect(spoken.at(-1)!.text).toContain('水费缴费提醒 第1号');
    expect(spoken.at(-1)!.text).toContain('正文 第1号');
  }));

  it('prints the message on the receipt printer and says when the paper is out', withMailbox(async (page) => {
    await openInbox(page);
    await rows(page).first().click();
    await page.getByTestId('mb-print').click();
    await page.locator('[data-testid="mb-printed"][data-ok="true"]').waitFor();
    const job = (await bridgeCalls(page, 'printer.print'))[0]!.arg as ReceiptJob;
    expect(job.lines).toContainEqual({ text: '水费缴费提醒 第1号', bold: true });
    expect(job.lines).toContainEqual({ key: '发件人', value: '城投水务' });
    expect(job.lines).toContainEqual({ text: '正文 第1号：请于月底前办理。' });
    expect(job.lines).toContainEqual({ text: '如有疑问请拨打 12345。' });
    await mailbox(page, (m) => (m.printer = 'paper-out'));
    await page.getByTestId('mb-print').click();
    await page.locator('[data-testid="mb-printed"][data-ok="false"]').waitFor();
    expect(await page.getByTestId('mb-printed').textContent()).toContain('缺纸');
  }));

  it('opens the bills from a water-bill reminder with the account filled in', withMailbox(async (page) => {
    await openInbox(page);
    await rows(page).first().click();
    await page.getByTestId('mb-link').click();
    await page.getByTestId('keypad-display').waitFor();
    expect(await page.locator('#bills-account').textContent()).toContain('水费');
    expect(await page.getByTestId('keypad-display').textContent()).toBe('3101041234');
    // The bills flow looks the bill up with that account.
    await page.locator('.keypad-submit').click();
    await expect.poll(async () => (await bridgeCalls(page, 'payments.lookup')).map((c) => c.arg)).toEqual([{ biller: 'water', account: '3101041234' }]);
  }));

  it('opens with an ID document on the reader too', withMailbox(async (page) => {
    await toHome(page);
    await page.locator('.tile[data-route="mailbox"]').click();
    await page.getByTestId('mb-with-document').click();
    await page.getByTestId('mb-place').waitFor();
    await mailbox(page, (m) => (m.onlineOnly = true));
    await emit(page, 'card', { reader: 'id', present: true });
    await page.getByTestId('mb-list').waitFor();
    expect(await page.locator('[data-testid="mb-online-only"][data-offline="false"]').textContent()).toContain('只能联网阅读');
    expect(await page.getByTestId('mb-offline-copy').count()).toBe(0);
  }));

  it('says the copy is from an earlier time when the list comes from the offline copy', withMailbox(async (page) => {
    await mailbox(page, (m) => (m.offlineCopyAsOf = '2026-11-30T09:15:00.000Z'));
    await openInbox(page);
    const banner = await page.getByTestId('mb-offline-copy').textContent();
    expect(banner).toContain('离线副本');
    expect(banner).toContain('不是最新');
    expect(banner).toMatch(/17:15/);
    expect(await page.getByTestId('mb-online-only').count()).toBe(0);
  }));

  it('says plainly why nothing can be read when the server is unreachable', withMailbox(async (page) => {
    await mailbox(page, (m) => (m.unreachable = 'none'));
    await openInboxUntil(page, 'mb-no-copy');
    expect(await page.getByTestId('mb-no-copy').textContent()).toContain('没有您信箱的离线副本');
    await mailbox(page, (m) => (m.unreachable = 'not-possible'));
    await page.getByTestId('mb-again').click();
    await page.getByTestId('mb-with-card').click();
    await typePin(page, '246813');
    await page.locator('[data-testid="mb-online-only"][data-offline="true"]').waitFor();
    expect(await page.getByTestId('mb-online-only').textContent()).toContain('只能联网阅读');
    // Online again; then the server goes away mid-session: say so, and try again on request.
    await mailbox(page, (m) => (m.unreachable = null));
    await page.getByTestId('mb-again').click();
    await page.getByTestId('mb-with-card').click();
    await typePin(page, '246813');
    await page.getByTestId('mb-list').waitFor();
    await mailbox(page, (m) => (m.failList = 'offline'));
    await page.getByTestId('mb-next').click();
    await page.locator('[data-testid="holder-problem"][data-code="offline"]').waitFor();
    await mailbox(page, (m) => (m.failList = null));
    await page.getByRole('button', { name: '再试一次' }).click();
    await expect.poll(() => page.getByTestId('mb-page').textContent()).toBe('第 2 页，共 8 页');
  }));

  for (const how of ['card pulled', 'holder session ended', 'idle'] as const) {
    it(`leaves nothing of the messages in the DOM after the wipe (${how})`, withMailbox(async (page) => {
      if (how === 'idle') {
        await page.clock.install();
        await page.reload();
      }
      await openInbox(page);
      await rows(page).nth(1).click();
      await page.getByTestId('mb-message').waitFor();
      // Positive control: the search finds the message while it is on screen.
      expect(await page.content()).toContain('社区通知 第2号');
      if (how === 'card pulled') await card(page, false);
      else if (how === 'holder session ended') await emit(page, 'holder-ended', { reason: 'expired' });
      else await page.clock.runFor(61_000);
      await page.locator(how === 'idle' ? '[data-testid="attract"]' : '.tiles').waitFor({ timeout: 2000 });
      const html = await page.content();
      for (const needle of [...MESSAGE_TEXT, '3101041234']) expect(html, needle).not.toContain(needle);
      expect((await bridgeCalls(page, 'endSession')).length).toBeGreaterThan(0);
      // The next person: the session's inputs are fresh (the bills' account entry starts empty).
      if (how === 'idle') await toHome(page);
      await page.locator('.tile[data-route="bills"]').click();
      await page.locator('[data-biller="water"]').click();
      expect((await page.getByTestId('keypad-display').textContent())?.trim()).toBe('');
    }));
  }

  it('forgets the account a reminder filled in once the person finishes', withMailbox(async (page) => {
    await openInbox(page);
    await rows(page).first().click();
    await page.getByTestId('mb-link').click();
    await page.getByTestId('keypad-display').waitFor();
    await page.getByTestId('finish').click();
    await page.getByTestId('attract').waitFor();
    expect(await page.content()).not.toContain('3101041234');
    await toHome(page);
    await page.locator('.tile[data-route="bills"]').click();
    await page.locator('[data-biller="water"]').click();
    expect((await page.getByTestId('keypad-display').textContent())?.trim()).toBe('');
  }));
});
