/** UI strings: zh-CN first, en second. Content text carries its own two languages (`text[lang]`). */
import i18next from 'i18next';
import en from './en.json';
import zhCN from './zh-CN.json';

export type Lang = 'zh-CN' | 'en';
export const LANGS: readonly Lang[] = ['zh-CN', 'en'];
export const DEFAULT_LANG: Lang = 'zh-CN';

const i18n = i18next.createInstance();
void i18n.init({
  resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  lng: DEFAULT_LANG,
  fallbackLng: false,
  initAsync: false,
  // Preact escapes text; i18next must not escape it twice.
  interpolation: { escapeValue: false },
  returnNull: false,
});

export type Translate = (key: string, options?: Record<string, unknown>) => string;

export function translator(lang: Lang): Translate {
  return i18n.getFixedT(lang) as Translate;
}
