import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { GuidesFile } from '@civic-kiosk/protocol/content';
import { buildLexicon, candidatesFor } from '../../../src/common/search/candidates.ts';
import { matchWord, normalizePinyin } from '../../../src/common/search/pinyin-match.ts';
import { readingsOf } from './pinyin-support.ts';

const seed = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../../../content/guides.json'), 'utf8')) as GuidesFile;
const terms = [...seed.categories.map((c) => c.name['zh-CN']), ...seed.guides.flatMap((g) => [g.matter['zh-CN'], g.department['zh-CN'], ...g.keywords['zh-CN']])];
const lexicon = buildLexicon(terms, seed.guides.map((g) => g.eligibility['zh-CN']), readingsOf);
const words = (typed: string, limit = 8) => candidatesFor(lexicon, typed, limit).map((c) => c.word);

describe('pinyin candidates from the content vocabulary', () => {
  it('offers 社保 first for shebao, and 社保卡 for sbk', () => {
    expect(words('shebao')[0]).toBe('社保');
    expect(words('shebao')).toContain('社保卡');
    expect(words('sbk')[0]).toBe('社保卡');
  });

  it('offers category names and single characters', () => {
    expect(words('yanglao')).toContain('养老');
    expect(words('yanglaofuwu')[0]).toBe('养老服务');
    expect(words('she', 30)).toContain('社');
  });

  it('converts the letters a picked word spelled and leaves the rest typed', () => {
    const [first] = candidatesFor(lexicon, 'shebaoka', 1);
    expect(first).toEqual({ word: '社保卡', consumed: 8 });
    const yl = candidatesFor(lexicon, 'yanglaojin', 1)[0]!;
    expect('yanglaojin'.slice(yl.consumed)).toBe('jin');
  });

  it('offers nothing for nothing typed, and never more than asked', () => {
    expect(candidatesFor(lexicon, '', 10)).toEqual([]);
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z]{1,10}$/), fc.integer({ min: 1, max: 20 }), (typed, limit) => {
        const found = candidatesFor(lexicon, typed, limit);
        expect(found.length).toBeLessThanOrEqual(limit);
        for (const c of found) {
          // Each candidate answers the input and converts some but not more than it.
          expect(matchWord(normalizePinyin(typed), readingsOf(c.word))).toBeDefined();
          expect(c.consumed).toBeGreaterThan(0);
          expect(c.consumed).toBeLessThanOrEqual(typed.length);
        }
        // Longest conversion first.
        for (let i = 1; i < found.length; i++) expect(found[i]!.consumed).toBeLessThanOrEqual(found[i - 1]!.consumed);
      }),
      { numRuns: 200 },
    );
  });
});
