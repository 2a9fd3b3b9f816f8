/**
 * The kiosk UI in Chromium with the fake bridge and the seed content release: every screen in
 * both languages and elderly mode is axe-clean, and the behaviours a resident, a technician or
 * a stranger at the screen would notice work.
 */
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Page } from 'playwright-core';
import { axeViolations, bridgeCalls, emit, ensureBuilt, launchBrowser, openKiosk, UI_DIR } from '../support/browser.ts';
import type { Kiosk } from '../support/browser.ts';
import { applySettings, enterPin, SETTINGS, staffGesture, toHome, TOUR } from '../support/browser-tour.ts';
import { loadSeedRelease, startStaticServer } from '../support/static-server.ts';
import type { ContentRelease, StaticServer } from '../support/static-server.ts';

// Real browser on a loaded machine: generous limits; every wait is on a condition.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 240_000 });

let kiosk: Kiosk;
let server: StaticServer;
let loadedSeed: ContentRelease;

beforeAll(async () => {
  await ensureBuilt();
  loadedSeed = await loadSeedRelease();
  server = await startStaticServer(UI_DIR, loadedSeed);
  kiosk = await launchBrowser();
}, 240_000);

afterAll(async () => {
  await kiosk?.close();
  await server?.close();
});

/** A page in a context of its own, so fake clocks and service workers never leak between tests. */
async function withPage<T>(fn: (page: Page) => Promise<T>, options = {}, url = server.url): Promise<T> {
  const context = await kiosk.newContext();
  try {
    return await fn(await openKiosk(context, url, options));
  } finally {
    await context.close();
  }
}

/** A page on a server of its own, serving another content release. */
async function withOwnServer(release: ContentRelease, fn: (page: Page, server: StaticServer) => Promise<void>): Promise<void> {
  const own = await startStaticServer(UI_DIR, release);
  try {
    await withPage((page) => fn(page, own), {}, own.url);
  } finally {
    await own.close();
  }
}

describe('attract loop and session', () => {
  it('shows the playlist, starts a session at home on a touch, and reports both screens', () =>
    withPage(async (page) => {
      await page.locator('.attract-media').waitFor();
      expect(await page.locator('.attract-media').getAttribute('src')).toMatch(/^\/content\/files\/[0-9a-f]{64}$/);
      await page.getByTestId('attract').click();
      await page.locator('.tiles').waitFor();
      expect(await page.locator('.tile').count()).toBe(9);
      await expect.poll(async () => (await bridgeCalls(page, 'terminal.reportScreen')).map((c) => c.arg)).toEqual([{ mode: 'attract' }, { mode: 'session', service: 'home' }]);
    }));

  it("fills home's header with today's date, this place and the government hotline, in the chosen language", () =>
    withPage(async (page) => {
      await page.clock.install({ time: new Date('2026-12-05T09:30:00+08:00') });
      await page.reload();
      await page.getByTestId('attract').click();
      const today = page.getByTestId('home-today');
      await expect.poll(() => today.locator('dd').allTextContents()).toEqual(['2026年12月5日星期六', '浦江区行政服务中心 一楼大厅', '12345']);
      expect(await today.locator('dt').last().textContent()).toBe('12345市民服务热线');
      await page.getByRole('button', { name: 'English' }).click();
      await expect.poll(() => today.locator('dd').first().textContent()).toBe('Saturday, 5 December 2026');
      // Information only: the header holds no control.
      expect(await page.locator('.screen-header').locator('button, a, input').count()).toBe(0);
    }));

  it('plays only the playlist items of the current daypart, each for its duration', async () => {
    const seed = await loadSeedRelease();
    const hash = (p: string) => seed.manifest.files.find((f) => f.path === p)?.sha256;
    const item = (id: string, file: string, dayparts?: { from: string; to: string }[]) => ({ id, kind: 'image', file: hash(file), durationSeconds: 5, alt: { 'zh-CN': id, en: id }, ...(dayparts ? { dayparts } : {}) });
    const items = [item('always', 'images/welcome.svg'), item('morning', 'images/bills.svg', [{ from: '07:00', to: '10:00' }]), item('evening', 'images/evening.svg', [{ from: '17:00', to: '21:00' }])];
    await withOwnServer(await loadSeedRelease('dayparts', { 'attract.json': { items } }), async (page) => {
      // 08:00 in Shanghai (the browser's time zone): the morning item plays, the evening one not.
      await page.clock.install({ time: new Date('2026-11-26T08:00:00+08:00') });
      await page.reload();
      const shown = () => page.locator('.attract-media').getAttribute('alt');
      await expect.poll(shown).toBe('always');
      await page.clock.runFor(5_000);
      await expect.poll(shown).toBe('morning');
      await page.clock.runFor(5_000);
      await expect.poll(shown).toBe('always');
    });
  });

  it('switches language: lang attribute, strings and content', () =>
    withPage(async (page) => {
      await toHome(page);
      expect(await page.locator('h1').textContent()).toBe('请选择服务');
      await page.locator('.lang-switch button[lang="en"]').click();
      await page.waitForFunction(() => document.documentElement.lang === 'en');
      expect(await page.locator('h1').textContent()).toBe('Choose a service');
      await page.locator('.tile[data-route="guides"]').click();
      await page.locator('.list-item').first().waitFor();
      expect(await page.locator('.list-title').first().textContent()).toMatch(/^[\x20-\x7e]+$/);
    }));

  it('shows online and offline from the bridge event and marks the services that need the network', () =>
    withPage(async (page) => {
      await toHome(page);
      await expect.poll(() => page.getByTestId('online-indicator').textContent()).toBe('网络正常');
      await emit(page, 'online', { online: false });
      await expect.poll(() => page.getByTestId('online-indicator').textContent()).toBe('网络已断开');
      expect(await page.locator('.tile-note').count()).toBe(4);
    }));

});

describe('every screen is accessible', () => {
  for (const settings of SETTINGS) {
    it(`has no axe violations (${settings.lang}${settings.elderly ? ', elderly' : ''})`, { timeout: 240_000 }, () =>
      withPage(async (page) => {
        const problems: string[] = [];
        await page.locator('.attract-touch').waitFor();
        problems.push(...(await axeViolations(page)).map((v) => `attract: ${v}`));
        await applySettings(page, settings);
        for (const step of TOUR) {
          await step.open(page);
          expect(await page.evaluate(() => document.documentElement.lang)).toBe(settings.lang);
          problems.push(...(await axeViolations(page)).map((v) => `${step.name}: ${v}`));
        }
        expect(problems).toEqual([]);
      }),
    );
  }

  it('keeps text at 18px or more and touch targets at 60px or more on every screen', { timeout: 120_000 }, () =>
    withPage(async (page) => {
      const small: string[] = [];
      for (const step of TOUR) {
        await step.open(page);
        small.push(
          ...(await page.evaluate((name) => {
            const out: string[] = [];
            for (const el of Array.from(document.querySelectorAll<HTMLElement>('.app *'))) {
              if (el.closest('.visually-hidden') || !el.getClientRects().length) continue;
              const own = Array.from(el.childNodes).some((n) => n.nodeType === Node.TEXT_NODE && n.textContent?.trim());
              if (own && parseFloat(getComputedStyle(el).fontSize) < 18) out.push(`${name}: text "${el.textContent?.slice(0, 20)}"`);
              if (el.matches('button, [role="button"], input')) {
                const r = el.getBoundingClientRect();
                if (r.width < 60 || r.height < 60) out.push(`${name}: target "${el.textContent?.slice(0, 20)}" ${Math.round(r.width)}x${Math.round(r.height)}`);
              }
            }
            return out;
          }, step.name)),
        );
      }
      expect(small).toEqual([]);
    }));

  it('speaks each screen in elderly mode with a voice for the current language', () =>
    withPage(async (page) => {
      await page.addInitScript(() => {
        const spoken: { text: string; lang: string }[] = [];
        (window as unknown as { spoken: typeof spoken }).spoken = spoken;
        speechSynthesis.speak = (u: SpeechSynthesisUtterance) => void spoken.push({ text: u.text, lang: u.lang });
      });
      await page.reload();
      await applySettings(page, { lang: 'en', elderly: true });
      await page.locator('.tile[data-route="hotlines"]').click();
      await page.locator('.lang-switch button[lang="zh-CN"]').click();
      const spoken = () => page.evaluate(() => (window as unknown as { spoken: { text: string; lang: string }[] }).spoken);
      await expect.poll(spoken).toEqual(
        expect.arrayContaining([
          { text: expect.stringContaining('Choose a service'), lang: 'en' },
          { text: expect.stringContaining('Emergency numbers'), lang: 'en' },
          { text: expect.stringContaining('紧急求助电话'), lang: 'zh-CN' },
        ]),
      );
    }));
});

describe('emergency overlay', () => {
  it('pre-empts a session screen and gives it back unchanged when cleared', () =>
    withPage(async (page) => {
      await toHome(page);
      await page.locator('.tile[data-route="guides"]').click();
      await page.locator('#guide-search').fill('居住证');
      const title = { 'zh-CN': '台风红色预警', en: 'Typhoon red alert' };
      await emit(page, 'emergency', { active: true, id: 'typhoon', title, body: { 'zh-CN': '请留在室内。', en: 'Stay indoors.' } });
      await page.getByTestId('emergency').waitFor();
      expect(await page.locator('#emergency-title').textContent()).toBe('台风红色预警');
      expect(await page.locator('.app').isVisible()).toBe(false);
      expect(await axeViolations(page)).toEqual([]);
      await expect.poll(async () => (await bridgeCalls(page, 'terminal.reportScreen')).at(-1)?.arg).toEqual({ mode: 'emergency' });
      await emit(page, 'emergency', { active: false });
      await page.getByTestId('emergency').waitFor({ state: 'detached' });
      expect(await page.locator('#guide-search').inputValue()).toBe('居住证');
    }));

  it('pre-empts staff mode too', () =>
    withPage(async (page) => {
      await page.locator('.attract-touch').waitFor();
      await staffGesture(page);
      await enterPin(page, '2468');
      await page.locator('#staff-title').waitFor();
      await emit(page, 'emergency', { active: true, title: { 'zh-CN': '停电', en: 'Power cut' }, body: { 'zh-CN': '请有序离开。', en: 'Please leave calmly.' } });
      await page.getByTestId('emergency').waitFor();
      expect(await page.locator('#staff-title').isVisible()).toBe(false);
    }));

  it('shows an emergency message in force in the content release on the attract loop', async () => {
    const now = Date.now();
    const release = await loadSeedRelease('with-emergency', {
      'emergency.json': {
        messages: [
          {
            id: 'flood',
            severity: 'critical',
            title: { 'zh-CN': '防汛紧急通知', en: 'Flood warning' },
            body: { 'zh-CN': '地下车库暂停开放。', en: 'Underground car parks are closed.' },
            issuedAt: new Date(now - 3_600_000).toISOString(),
            expiresAt: new Date(now + 3_600_000).toISOString(),
          },
        ],
      },
    });
    await withOwnServer(release, async (page) => {
      await page.getByTestId('emergency').waitFor();
      expect(await page.locator('#emergency-title').textContent()).toBe('防汛紧急通知');
      expect(await page.locator('.emergency-second h2').textContent()).toBe('Flood warning');
    });
  });
});

describe('idle timeout', () => {
  it('counts down, then wipes the session back to attract with no personal input left', () =>
    withPage(async (page) => {
      await page.clock.install();
      await page.reload();
      await applySettings(page, { lang: 'en', elderly: false });
      await page.locator('.tile[data-route="guides"]').click();
      await page.locator('#guide-search').fill('residence permit T-PRIVATE-77');
      // Continue keeps the session.
      await page.clock.runFor(61_000);
      await page.getByTestId('idle-dialog').waitFor();
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByTestId('idle-dialog').waitFor({ state: 'detached' });
      expect(await page.locator('#guide-search').inputValue()).toContain('T-PRIVATE-77');
      // Doing nothing wipes it.
      await page.clock.runFor(61_000);
      await page.getByTestId('idle-dialog').waitFor();
      await page.clock.runFor(21_000);
      await page.getByTestId('attract').waitFor();
      expect(await page.content()).not.toContain('T-PRIVATE-77');
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
      await expect.poll(async () => (await bridgeCalls(page, 'endSession')).length).toBe(1);
      // The next person starts afresh.
      await toHome(page);
      await page.locator('.tile[data-route="guides"]').click();
      expect(await page.locator('#guide-search').inputValue()).toBe('');
    }));

  it('gives elderly mode twice the time', () =>
    withPage(async (page) => {
      await page.clock.install();
      await page.reload();
      await applySettings(page, { lang: 'zh-CN', elderly: true });
      await page.clock.runFor(61_000);
      expect(await page.getByTestId('idle-dialog').count()).toBe(0);
      await page.clock.runFor(60_000);
      await page.getByTestId('idle-dialog').waitFor();
    }));
});

describe('staff mode', () => {
  it('opens with the corner gesture, refuses a wrong PIN, accepts the right one, and reports every use', () =>
    withPage(async (page) => {
      await page.locator('.attract-touch').waitFor();
      await staffGesture(page);
      expect(await axeViolations(page)).toEqual([]);
      await enterPin(page, '1111');
      await expect.poll(() => page.getByTestId('pin-error').textContent()).toBe('密码错误，请重试。');
      await enterPin(page, '2468');
      await page.locator('#staff-title').waitFor();
      expect(await page.getByTestId('staff-terminal-id').textContent()).toBe('T-0042');
      await expect.poll(() => page.locator('[data-device="receipt-printer"] .list-sub').first().textContent()).toBe('可用但需注意 · 纸将用尽');
      await page.locator('[data-device="id-reader"] button').click();
      await expect.poll(() => page.locator('[data-device="id-reader"] [role="status"]').textContent()).toBe('失败: no response');
      await page.getByRole('button', { name: '打印测试凭条' }).click();
      await expect.poll(() => page.getByTestId('receipt-result').textContent()).toBe('通过');
      expect(await axeViolations(page)).toEqual([]);
      await page.getByRole('button', { name: '退出维护' }).click();
      await page.getByTestId('attract').waitFor();
      const events = (await bridgeCalls(page, 'terminal.reportEvent')).map((c) => (c.arg as { type: string }).type);
      expect(events).toEqual(['staff-gesture', 'staff-login-failed', 'staff-login', 'staff-self-test', 'staff-test-receipt', 'staff-logout']);
      expect((await bridgeCalls(page, 'printer.print'))[0]?.arg).toMatchObject({ width: 32, cut: true });
    }));

  it('says when the PIN is locked out', () =>
    withPage(
      async (page) => {
        await page.locator('.attract-touch').waitFor();
        await staffGesture(page);
        await enterPin(page, '0000');
        await expect.poll(() => page.getByTestId('pin-error').textContent()).toBe('错误次数过多，请 300 秒后再试。');
      },
      { lockAfter: 1 },
    ));
});

describe('information screens', () => {
  it('searches service guides in Chinese and in English, whatever the screen language', () =>
    withPage(async (page) => {
      await toHome(page);
      await page.locator('.tile[data-route="guides"]').click();
      await page.locator('.list-item').first().waitFor();
      const all = await page.locator('.list-item').count();
      await page.locator('#guide-search').fill('社会保障卡');
      await expect.poll(() => page.locator('.list-item').count()).toBeLessThan(all);
      expect(await page.locator('.list-title').allTextContents()).toContain('社会保障卡首次申领');
      await page.locator('#guide-search').fill('social security CARD');
      await expect.poll(() => page.locator('.list-title').allTextContents()).toContain('社会保障卡首次申领');
      await page.locator('#guide-search').fill('zzzz-no-such-matter');
      await expect.poll(() => page.locator('.list-item').count()).toBe(0);
      expect(await page.locator('.result-count').textContent()).toBe('共 0 项');
    }));

  it('selects a service point on the map or in the list and shows its details', () =>
    withPage(async (page) => {
      await toHome(page);
      await page.locator('.tile[data-route="map"]').click();
      const points = page.locator('.map-point');
      await points.first().waitFor();
      expect(await points.count()).toBeGreaterThan(1);
      await points.nth(2).click();
      const label = (i: number) => points.nth(i).getAttribute('aria-label');
      // A marker's name: its number in the list (nearest first), the point, its walking distance.
      await expect.poll(async () => (await label(2))?.startsWith(`3. ${await page.locator('#point-title').textContent()}, `)).toBe(true);
      expect(await points.nth(2).getAttribute('aria-pressed')).toBe('true');
      await page.locator('.list-item').first().click();
      await expect.poll(async () => (await label(0))?.startsWith(`1. ${await page.locator('#point-title').textContent()}, `)).toBe(true);
    }));
});

describe('enrolment', () => {
  it('enrols an unenrolled terminal with clear errors for a bad URL and a wrong code', () =>
    withPage(
      async (page) => {
        await page.locator('#enrol-title').waitFor();
        expect(await axeViolations(page)).toEqual([]);
        await page.locator('#enrol-url').fill('kiosk server');
        await page.locator('#enrol-code').fill('123456');
        await page.getByRole('button', { name: '注册' }).click();
        await expect.poll(() => page.getByTestId('enrol-error').textContent()).toContain('服务器地址无效');
        await page.locator('#enrol-url').fill('https://kiosk.pujiang.example.gov.cn');
        await page.locator('#enrol-code').fill('999999');
        await page.getByRole('button', { name: '注册' }).click();
        await expect.poll(() => page.getByTestId('enrol-error').textContent()).toContain('code-invalid');
        await page.locator('#enrol-code').fill('123456');
        await page.getByRole('button', { name: '注册' }).click();
        await page.getByTestId('attract').waitFor();
        expect((await bridgeCalls(page, 'terminal.enrol')).at(-1)?.arg).toEqual({ serverUrl: 'https://kiosk.pujiang.example.gov.cn', code: '123456' });
      },
      { info: { enrolled: false, terminalId: null } },
    ));
});

describe('lockdown in the page', () => {
  it('opens no windows, follows no link away, and ignores dropped files', () =>
    withPage(async (page) => {
      await toHome(page);
      const before = page.context().pages().length;
      expect(await page.evaluate(() => window.open('https://example.org/') === null)).toBe(true);
      expect(page.context().pages().length).toBe(before);
      await page.evaluate(() => {
        const a = document.createElement('a');
        a.href = 'https://example.org/';
        a.textContent = 'away';
        a.id = 'away';
        document.querySelector('main')?.append(a);
      });
      await page.locator('#away').click();
      expect(page.url()).toBe(`${server.url}/`);
      const dropped = await page.evaluate(() => {
        const dt = new DataTransfer();
        dt.items.add(new File(['<h1>x</h1>'], 'evil.html', { type: 'text/html' }));
        const over = new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true });
        const drop = new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true });
        document.body.dispatchEvent(over);
        document.body.dispatchEvent(drop);
        return { over: over.defaultPrevented, drop: drop.defaultPrevented };
      });
      expect(dropped).toEqual({ over: true, drop: true });
      expect(page.url()).toBe(`${server.url}/`);
    }));

  it('refuses inline scripts by its content security policy', () =>
    withPage(async (page) => {
      await toHome(page);
      // An allowed inline script would run synchronously on insertion.
      const ran = await page.evaluate(() => {
        const s = document.createElement('script');
        s.textContent = 'window.injected = true';
        document.body.append(s);
        return (window as unknown as { injected?: boolean }).injected === true;
      });
      expect(ran).toBe(false);
    }));
});

describe('offline', () => {
  it('keeps showing the UI and the content from the service worker once the server is gone', () =>
    withOwnServer(loadedSeed, async (page, own) => {
      await page.waitForFunction(() => navigator.serviceWorker?.controller != null, undefined, { timeout: 60_000 });
      // Browse once under the service worker: the manifest and the files it fetches get cached.
      await page.reload();
      await page.locator('.attract-media').waitFor();
      await toHome(page);
      await page.locator('.tile[data-route="guides"]').click();
      await page.locator('.list-item').first().waitFor();
      const guides = await page.locator('.list-item').count();
      await own.close();
      await page.reload();
      await page.locator('.attract-media').waitFor();
      await toHome(page);
      await page.locator('.tile[data-route="guides"]').click();
      await expect.poll(() => page.locator('.list-item').count()).toBe(guides);
      await page.getByTestId('nav-home').click();
      await page.locator('.tile[data-route="hotlines"]').click();
      await page.locator('.hotline-number').first().waitFor();
    }));
});

describe('build', () => {
  it('keeps the JavaScript loaded at start under 100 KB gzip; information screens load later', async () => {
    const html = await readFile(path.join(UI_DIR, 'index.html'), 'utf8');
    const initial = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
    expect(initial.length).toBeGreaterThan(0);
    let total = 0;
    for (const f of initial) total += gzipSync(await readFile(path.join(UI_DIR, f))).length;
    expect(total).toBeLessThanOrEqual(100 * 1024);
    const assets = await readdir(path.join(UI_DIR, 'assets'));
    expect(assets.filter((a) => /^(guides|map|disclosure|staff)-[\w-]{8}\.js$/.test(a)).length).toBe(4);
    expect(initial.some((f) => /guides|map|disclosure|staff/.test(f))).toBe(false);
  });
});
