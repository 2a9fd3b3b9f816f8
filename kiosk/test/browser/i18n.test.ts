/** The two UI languages have the same strings, and every literal key the code uses exists. */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(import.meta.dirname, '../../src/browser');
const load = (lang: string) => JSON.parse(readFileSync(path.join(SRC, 'i18n', `${lang}.json`), 'utf8')) as Record<string, unknown>;

function keys(obj: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) => (typeof v === 'object' && v !== null ? keys(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = path.join(dir, e);
    return statSync(p).isDirectory() ? sources(p) : /\.tsx?$/.test(e) ? [p] : [];
  });
}

describe('UI strings', () => {
  const zh = keys(load('zh-CN')).sort();
  const en = keys(load('en')).sort();

  it('has the same keys in zh-CN and en', () => {
    expect(en).toEqual(zh);
  });

  it('has no empty string in either language', () => {
    for (const lang of ['zh-CN', 'en']) {
      const flat = JSON.stringify(load(lang));
      expect(flat).not.toContain('""');
    }
  });

  it('has every key the code asks for by a literal t("...")', () => {
    const used = new Set<string>();
    for (const file of sources(SRC)) for (const m of readFileSync(file, 'utf8').matchAll(/\bt\('([a-zA-Z0-9.-]+)'/g)) used.add(m[1]);
    expect(used.size).toBeGreaterThan(50);
    expect([...used].filter((k) => !zh.includes(k))).toEqual([]);
  });

  it('has a title and spoken guidance for every service tile', () => {
    const tiles = readFileSync(path.join(SRC, 'screens/home/tiles.ts'), 'utf8');
    const routes = [...tiles.matchAll(/route: '([a-z-]+)'/g)].map((m) => m[1]);
    expect(routes.length).toBe(9);
    for (const r of routes) expect(zh).toEqual(expect.arrayContaining([`screens.${r}.title`, `speech.${r}`]));
  });
});
