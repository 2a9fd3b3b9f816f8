import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { GuidesFile } from '@civic-kiosk/protocol/content';
import { indexGuides, searchGuides } from '../../../src/common/search/guide-search.ts';
import { readingsOf } from './pinyin-support.ts';

const seed = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../../../content/guides.json'), 'utf8')) as GuidesFile;
const index = indexGuides(seed, readingsOf);
const ids = (q: string, category?: string) => searchGuides(index, q, category).guides.map((g) => g.id);
const mentionsSocialSecurity = (id: string) => {
  const g = seed.guides.find((x) => x.id === id)!;
  return /社保|社会保/.test([g.matter['zh-CN'], g.department['zh-CN'], ...g.keywords['zh-CN']].join(' '));
};
const categories = (q: string) => searchGuides(index, q).categories.map((c) => c.id);

describe('service guide search', () => {
  it('lists every guide for an empty query, and suggests no category', () => {
    expect(ids('')).toHaveLength(seed.guides.length);
    expect(ids('   ')).toHaveLength(seed.guides.length);
    expect(categories('')).toEqual([]);
  });

  it('finds a guide by a Chinese substring and by English words in any case', () => {
    const g = seed.guides[0]!;
    expect(ids(g.matter['zh-CN'].slice(1, 4))).toContain(g.id);
    expect(ids(g.matter.en.toUpperCase())).toContain(g.id);
  });

  it('finds the social security card guides by sbk and by shebao, and nothing else', () => {
    for (const q of ['sbk', 'shebao', 'SheBaoKa']) {
      const found = ids(q);
      expect(found, q).toEqual(expect.arrayContaining(['ss-card-first-issue', 'ss-card-replacement']));
      expect(found.every(mentionsSocialSecurity), q).toBe(true);
    }
    expect(ids('shebaoqqq')).toEqual([]);
  });

  it('finds the 养老服务 category by 养老, yanglao and its English name, and its guides with it', () => {
    for (const q of ['养老', 'yanglao', 'Elderly care']) expect(categories(q), q).toContain('elderly');
    expect(ids('养老')).toContain('elderly-allowance');
    expect(categories('sbk')).not.toContain('elderly');
  });

  it('does not try pinyin initials against the long eligibility text', () => {
    // Every guide's eligibility has Chinese text; a random initials string matched there would flood the results.
    expect(ids('qqqx')).toEqual([]);
  });

  it('needs every word of the query to match', () => {
    const [first] = seed.guides[0]!.matter.en.split(' ');
    expect(ids(`${first} qqqqnotaword`)).toEqual([]);
  });

  it('filters by category', () => {
    const cat = seed.guides[0]!.category;
    const found = searchGuides(index, '', cat).guides;
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((g) => g.category === cat)).toBe(true);
  });

  it('never finds more with another word added, and finds only within the chosen category', () => {
    const word = fc.oneof(fc.stringMatching(/^[a-z]{1,5}$/), fc.constantFrom('社保', '居住证', 'card', '养老', 'yl', 'sb', '医保'));
    fc.assert(
      fc.property(fc.array(word, { maxLength: 3 }), word, fc.constantFrom(undefined, ...seed.categories.map((c) => c.id)), (words, more, cat) => {
        const before = ids(words.join(' '), cat);
        const after = ids([...words, more].join(' '), cat);
        expect(before).toEqual(expect.arrayContaining(after));
        if (cat) expect(after.every((id) => seed.guides.find((g) => g.id === id)!.category === cat)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('without readings (pinyin not loaded yet) still matches substrings', () => {
    const plain = indexGuides(seed);
    expect(searchGuides(plain, '社保卡').guides.length).toBeGreaterThan(0);
    expect(searchGuides(plain, 'sbk').guides).toEqual([]);
  });
});
