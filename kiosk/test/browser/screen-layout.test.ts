/**
 * The kiosk's layout on its 1080x1920 portrait screen, measured on every screen of the tour and
 * the attract, idle, emergency, staff and enrolment screens (the card, mailbox and bill screens
 * get the same checks through their suites' `check`): controls within reach and at least 80px,
 * and in elderly mode text >= 30px at 7:1 contrast with a spoken summary of each screen.
 */
import { describe, expect, it, vi } from 'vitest';
import type { Page } from 'playwright-core';
import { emit } from '../support/browser.ts';
import { applySettings, enterPin, SETTINGS, staffGesture, TOUR } from '../support/browser-tour.ts';
import type { FakeBridgeOptions } from '../support/fake-bridge.ts';
import { elderlyProblems, reachProblems, REACH_ALLOWED, spokenSummaryProblem } from '../support/screen-checks.ts';
import { screenSuite } from '../support/screen-suite.ts';

vi.setConfig({ testTimeout: 240_000, hookTimeout: 240_000 });

// No in-page fake beyond the bridge: these screens need no services.
const { openPage, screenshot } = screenSuite('kiosk', () => undefined);
/** Tour screens whose pictures their own suites take (bills-*, card-*, card-permit-*, mailbox-*). */
const PICTURED_ELSEWHERE = new Set(['bills', 'social-security', 'residence-permit', 'mailbox']);
const shotName = (name: string, s: { lang: string; elderly: boolean }) => `kiosk-${name}.${s.lang}${s.elderly ? '.elderly' : ''}`;

async function withPage(fn: (page: Page) => Promise<void>, options: FakeBridgeOptions = {}): Promise<void> {
  const page = await openPage(options);
  try {
    await fn(page);
  } finally {
    await page.context().close();
  }
}

/** Everything wrong with the screen on show, prefixed with its name. */
async function problems(page: Page, name: string, s: { lang: string; elderly: boolean }): Promise<string[]> {
  const found = await reachProblems(page);
  if (s.elderly) {
    found.push(...(await elderlyProblems(page)));
    const speech = await spokenSummaryProblem(page, s.lang);
    if (speech) found.push(speech);
  }
  return found.map((p) => `${name}: ${p}`);
}

describe('every screen within reach; elderly mode large, high-contrast and spoken', () => {
  for (const s of SETTINGS) {
    it(`session screens, idle countdown and emergency (${s.lang}${s.elderly ? ', elderly' : ''})`, () =>
      withPage(async (page) => {
        const found: string[] = [];
        await page.clock.install();
        await page.reload();
        await page.locator('.attract-touch').waitFor();
        found.push(...(await reachProblems(page)).map((p) => `attract: ${p}`));
        await applySettings(page, s);
        for (const step of TOUR) {
          await step.open(page);
          found.push(...(await problems(page, step.name, s)));
          if (!PICTURED_ELSEWHERE.has(step.name)) await screenshot(page, shotName(step.name, s));
        }
        await page.clock.runFor(s.elderly ? 121_000 : 61_000);
        await page.getByTestId('idle-dialog').waitFor();
        found.push(...(await problems(page, 'idle-countdown', s)));
        await screenshot(page, shotName('idle-countdown', s));
        await page.getByTestId('idle-dialog').locator('button').first().click();
        await emit(page, 'emergency', { active: true, id: 'typhoon', title: { 'zh-CN': '台风红色预警', en: 'Typhoon red alert' }, body: { 'zh-CN': '请留在室内。', en: 'Stay indoors.' } });
        await page.getByTestId('emergency').waitFor();
        found.push(...(await problems(page, 'emergency', s)));
        await screenshot(page, shotName('emergency', s));
        expect(found).toEqual([]);
      }));
  }

  it('staff PIN, staff mode and enrolment', () =>
    withPage(async (page) => {
      const found: string[] = [];
      const zh = { lang: 'zh-CN', elderly: false };
      await page.locator('.attract-touch').waitFor();
      await staffGesture(page);
      found.push(...(await problems(page, 'staff-pin', zh)));
      await enterPin(page, '2468');
      await page.locator('#staff-title').waitFor();
      found.push(...(await problems(page, 'staff', zh)));
      await withPage(async (enrol) => {
        await enrol.locator('#enrol-title').waitFor();
        found.push(...(await problems(enrol, 'enrolment', zh)));
      }, { info: { enrolled: false, terminalId: null } });
      expect(found).toEqual([]);
    }));

  it('gives a reason for every control allowed outside the rules', () => {
    for (const a of REACH_ALLOWED) expect(a.reason.length, a.selector).toBeGreaterThan(20);
  });
});

describe('the checks themselves', () => {
  it('catch a control in the top third, a small one, small text, low contrast and a silent screen', () =>
    withPage(async (page) => {
      await applySettings(page, { lang: 'zh-CN', elderly: true });
      expect(await reachProblems(page)).toEqual([]);
      expect(await elderlyProblems(page)).toEqual([]);
      await page.evaluate(() => {
        const header = document.querySelector('.screen-header')!;
        const high = document.createElement('button');
        high.textContent = 'high';
        header.append(high);
        const small = document.createElement('button');
        small.textContent = 'small';
        small.style.cssText = 'width: 70px; height: 70px; font-size: 20px; color: #777; background: #000';
        document.querySelector('.tiles')!.append(small);
      });
      const reach = await reachProblems(page);
      expect(reach).toEqual(expect.arrayContaining([expect.stringMatching(/"high" top \d+px is above the reach zone/), expect.stringMatching(/"small" is 70x70px/)]));
      const elderly = await elderlyProblems(page);
      expect(elderly).toEqual(expect.arrayContaining([expect.stringMatching(/"small" is 20.0px/), expect.stringMatching(/"small" has contrast 4\.\d+:1/)]));
      expect(await spokenSummaryProblem(page, 'zh-CN')).toBeNull();
      expect(await spokenSummaryProblem(page, 'zh-CN')).toMatch(/said nothing/);
    }));
});
