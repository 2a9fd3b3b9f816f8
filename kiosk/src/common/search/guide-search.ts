/**
 * Service guide search. Every word of the query must match the guide, in either language,
 * whatever the screen language: as a case-insensitive substring of its matter, department,
 * category, keywords or eligibility (Chinese needs no word splitting), or, once readings are
 * known, as pinyin (initials, full or mixed) of its matter, department, category or Chinese
 * keywords. Categories are searched the same way, so 养老 or `yl` also offers 养老服务.
 * Pinyin is not matched in the long eligibility text, where initials would hit by chance.
 */
import type { Category, GuidesFile, ServiceGuide } from '@civic-kiosk/protocol/content';
import { normalizePinyin, pinyinContains } from './pinyin-match.ts';
import type { Readings } from './pinyin-match.ts';

interface Entry<T> {
  item: T;
  /** Lower-case text for substring matching. */
  text: string;
  /** Readings of the Chinese names, one per name; empty before readings are known. */
  names: string[];
}

export interface GuideIndex {
  guides: Entry<ServiceGuide>[];
  categories: Entry<Category>[];
  readings: (name: string) => Readings | undefined;
}

export interface GuideSearchResult {
  categories: Category[];
  guides: ServiceGuide[];
}

/** `readingsOf` (per-character readings) is optional: without it only substrings match. */
export function indexGuides(file: GuidesFile, readingsOf?: (text: string) => Readings): GuideIndex {
  const categoryName = new Map(file.categories.map((c) => [c.id, c.name]));
  const cache = new Map<string, Readings>();
  const names = (list: string[]) => {
    if (readingsOf) for (const n of list) if (!cache.has(n)) cache.set(n, readingsOf(n));
    return list;
  };
  const guides = file.guides.map((g) => {
    const category = categoryName.get(g.category);
    const zh = [g.matter['zh-CN'], g.department['zh-CN'], ...(category ? [category['zh-CN']] : []), ...g.keywords['zh-CN']];
    const en = [g.matter.en, g.department.en, ...(category ? [category.en] : []), ...g.keywords.en, g.eligibility['zh-CN'], g.eligibility.en];
    return { item: g, text: [...zh, ...en].join('\n').toLowerCase(), names: names(zh) };
  });
  const categories = file.categories.map((c) => ({ item: c, text: `${c.name['zh-CN']}\n${c.name.en}`.toLowerCase(), names: names([c.name['zh-CN']]) }));
  return { guides, categories, readings: (n) => cache.get(n) };
}

function matches(index: GuideIndex, entry: Entry<unknown>, word: string): boolean {
  if (entry.text.includes(word)) return true;
  // Only a word of pinyin letters (no digits, no Chinese) is tried as pinyin.
  if (!/^[a-zü']+$/.test(word)) return false;
  const pinyin = normalizePinyin(word);
  return entry.names.some((n) => {
    const r = index.readings(n);
    return r !== undefined && pinyinContains(pinyin, r);
  });
}

export function searchGuides(index: GuideIndex, query: string, category?: string): GuideSearchResult {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const all = (e: Entry<unknown>) => words.every((w) => matches(index, e, w));
  return {
    // With no words there is nothing to suggest: the category chips already list them all.
    categories: words.length ? index.categories.filter(all).map((e) => e.item) : [],
    guides: index.guides.filter((e) => (!category || e.item.category === category) && all(e)).map((e) => e.item),
  };
}
