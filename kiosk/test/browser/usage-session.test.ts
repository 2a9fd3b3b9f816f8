/**
 * Usage statistics from the page, in Chromium with the fake bridge and the seed content: a
 * scripted session (the attract loop, a touch, home, a service, what the person came for,
 * finish) reports facts that the terminal's aggregator turns into the expected hourly record,
 * and no fact carries what the person typed or saw.
 */
import { describe, expect, it, vi } from 'vitest';
import { HOUR_MS, UsageHour } from '@civic-kiosk/protocol/usage';
import { UsageFact } from '../../src/common/usage/facts.ts';
import { advance, openHour, recordFact } from '../../src/common/usage/usage-hour.ts';
import { bridgeCalls } from '../support/browser.ts';
import { screenSuite } from '../support/screen-suite.ts';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 240_000 });

// The fake bridge alone: no in-page fake of a service is needed.
const suite = screenSuite('usage', () => undefined);

/** The record the privileged side makes of these facts (time as they came, within one hour). */
function hourOf(facts: UsageFact[]): UsageHour {
  const t0 = Date.UTC(2026, 11, 5, 1);
  let state = openHour(t0);
  facts.forEach((fact, i) => (state = recordFact(state, fact, t0 + i * 1000).state));
  const { closed } = advance(state, t0 + HOUR_MS);
  if (!closed) throw new Error('no record');
  return closed;
}

describe('usage facts from a scripted session', () => {
  it('attract → home → a guide read → finish gives the expected hour: funnel, screens, service, languages, elderly mode, proof of play', async () => {
    const page = await suite.openPage();
    try {
      // 09:30 in Shanghai: the welcome poster plays first, for its 8 seconds.
      await page.clock.install({ time: new Date('2026-12-05T09:30:00+08:00') });
      await page.reload();
      await page.locator('.attract-media[alt="欢迎使用自助服务终端"]').waitFor();
      await page.clock.runFor(8_000);
      await page.locator('.attract-media[alt="生活缴费，扫码即缴"]').waitFor();
      await page.getByTestId('attract').click();
      await page.locator('.tiles').waitFor();
      await page.locator('.lang-switch button[lang="en"]').click();
      await page.getByTestId('elderly-toggle').click();
      await page.locator('.tile[data-route="guides"]').click();
      await page.locator('.list-item').first().click();
      await page.getByTestId('nav-back').waitFor();
      await page.getByTestId('finish').click();
      await page.getByTestId('attract').waitFor();

      await expect.poll(async () => (await bridgeCalls(page, 'usage.record')).at(-1)?.arg).toEqual({ kind: 'session-ended' });
      const facts = (await bridgeCalls(page, 'usage.record')).map((c) => UsageFact.parse(c.arg));
      const { attract, ...counts } = hourOf(facts);
      expect(counts).toEqual({
        hourStart: Date.UTC(2026, 11, 5, 1),
        revision: 0,
        funnel: { attract: 1, home: 1, service: 1, done: 1 },
        screens: { home: 1, guides: 1, guide: 1 },
        services: { guides: { started: 1, completed: 1 } },
        languages: { 'zh-CN': 1, en: 1 },
        elderlySessions: 1,
      });
      // The poster played through; the bills item the touch cut short counts its few seconds, if any.
      expect(attract.welcome).toEqual({ plays: 1, seconds: 8 });
      expect(Object.keys(attract).filter((id) => id !== 'welcome' && id !== 'bills')).toEqual([]);
      expect(attract.bills?.seconds ?? 0).toBeLessThanOrEqual(2);
      expect(UsageHour.safeParse({ attract, ...counts }).success).toBe(true);
    } finally {
      await page.context().close();
    }
  });
});
