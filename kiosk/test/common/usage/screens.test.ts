import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KIOSK_SERVICES } from '@civic-kiosk/protocol/kiosk-services';
import { completesService, DONE_STEPS, SCREEN_SERVICE, SESSION_SCREENS } from '../../../src/common/usage/screens.ts';

const I18N = path.resolve(import.meta.dirname, '../../../src/browser/i18n');

describe('when a service counts as completed', () => {
  it('names only steps the screens really show (each is a speech key in both languages)', async () => {
    for (const lang of ['zh-CN', 'en']) {
      const speech = (JSON.parse(await readFile(path.join(I18N, `${lang}.json`), 'utf8')) as { speech: Record<string, Record<string, string> | string> }).speech;
      const missing = [...DONE_STEPS].filter((key) => {
        const [group, step] = key.split('.') as [string, string];
        const entry = speech[group];
        return typeof entry !== 'object' || typeof entry[step] !== 'string';
      });
      expect(missing, lang).toEqual([]);
    }
  });

  it('reaches every service from some screen, and only a done step or an answer screen completes it', () => {
    expect(new Set(Object.values(SCREEN_SERVICE).filter(Boolean))).toEqual(new Set(KIOSK_SERVICES));
    expect(completesService('bills', 'billsStep.awaiting-payment')).toBe(false);
    expect(completesService('bills', 'billsStep.done')).toBe(true);
    expect(completesService('guides', null)).toBe(false);
    expect(completesService('guide', null)).toBe(true);
    expect(completesService('social-security', 'socialSecurity.pin')).toBe(false);
    expect(SESSION_SCREENS.filter((s) => SCREEN_SERVICE[s] === null)).toEqual(['home']);
  });
});
