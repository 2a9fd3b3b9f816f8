/** Console strings: zh-CN first, en second; the chosen language is a signal the views read. */
import { signal } from '@preact/signals';
import i18next from 'i18next';
import auditEn from '../views/audit/i18n/en.json';
import auditZh from '../views/audit/i18n/zh-CN.json';
import usageEn from '../views/usage/i18n/en.json';
import usageZh from '../views/usage/i18n/zh-CN.json';
import usersEn from '../views/users/i18n/en.json';
import usersZh from '../views/users/i18n/zh-CN.json';
import en from './en.json';
import zhCN from './zh-CN.json';

export type Lang = 'zh-CN' | 'en';
export const LANGS: readonly Lang[] = ['zh-CN', 'en'];

const i18n = i18next.createInstance();
void i18n.init({
  // Each console area keeps its strings beside its views, under one top-level key of its own.
  resources: {
    'zh-CN': { translation: { ...zhCN, ...usageZh, ...usersZh, ...auditZh } },
    en: { translation: { ...en, ...usageEn, ...usersEn, ...auditEn } },
  },
  lng: 'zh-CN',
  fallbackLng: false,
  initAsync: false,
  // Preact escapes text; i18next must not escape it twice.
  interpolation: { escapeValue: false },
  returnNull: false,
});

export const lang = signal<Lang>('zh-CN');

/**
 * Plain strings (no interpolation) by language and key: i18next resolves the language anew at
 * every call, which made most of the time of painting a screenful of fleet rows.
 */
const plain = new Map<string, string>();

/** Translates in the current language; a view calling it re-renders when the language changes. */
export function t(key: string, options?: Record<string, unknown>): string {
  if (options) return i18n.getFixedT(lang.value)(key, options) as string;
  const id = `${lang.value}\u0000${key}`;
  let text = plain.get(id);
  if (text === undefined) {
    text = i18n.getFixedT(lang.value)(key) as string;
    plain.set(id, text);
  }
  return text;
}

/**
 * Adds a lazily loaded area's strings (its module calls this when it loads), so they stay out of
 * the console's first download like the area's code.
 */
export function addAreaStrings(strings: Record<Lang, object>): void {
  for (const l of LANGS) i18n.addResourceBundle(l, 'translation', strings[l], true, true);
  plain.clear();
}

export function setLang(next: Lang): void {
  lang.value = next;
  document.documentElement.lang = next;
}
