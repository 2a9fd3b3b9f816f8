import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GuidesFile } from '@civic-kiosk/protocol/content';
import { searchGuides } from '../../src/browser/screens/guides/search.ts';

const seed = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../../content/guides.json'), 'utf8')) as GuidesFile;
const ids = (q: string, category?: string) => searchGuides(seed.guides, q, category).map((g) => g.id);

describe('service guide search', () => {
  it('lists every guide for an empty query', () => {
    expect(ids('')).toHaveLength(seed.guides.length);
    expect(ids('   ')).toHaveLength(seed.guides.length);
  });

  it('finds a guide by a Chinese substring and by English words in any case', () => {
    const g = seed.guides[0];
    expect(ids(g.matter['zh-CN'].slice(1, 4))).toContain(g.id);
    expect(ids(g.matter.en.toUpperCase())).toContain(g.id);
  });

  it('needs every word of the query to match', () => {
    const g = seed.guides[0];
    const [first] = g.matter.en.split(' ');
    expect(ids(`${first} qqqqnotaword`)).toEqual([]);
  });

  it('filters by category', () => {
    const cat = seed.guides[0].category;
    const found = searchGuides(seed.guides, '', cat);
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((g) => g.category === cat)).toBe(true);
  });
});
