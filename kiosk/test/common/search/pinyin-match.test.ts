import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { matchWord, normalizePinyin, pinyinContains } from '../../../src/common/search/pinyin-match.ts';
import { readingsOf } from './pinyin-support.ts';

const syllable = fc.stringMatching(/^[a-z]{1,6}$/);
/** A text of 1-8 characters, each with 1-3 readings. */
const text = fc.array(fc.uniqueArray(syllable, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 8 });
/** A way to type a run of the text: per character, which reading and how many of its letters. */
const typing = (t: string[][]) =>
  fc.integer({ min: 0, max: t.length - 1 }).chain((start) =>
    fc.integer({ min: start + 1, max: t.length }).chain((end) =>
      fc.tuple(...t.slice(start, end).map((rs) => fc.integer({ min: 0, max: rs.length - 1 }).chain((r) => fc.integer({ min: 1, max: rs[r]!.length }).map((n) => rs[r]!.slice(0, n))))),
    ),
  );

describe('pinyin matching', () => {
  it('finds 社保卡 by initials, full pinyin and a mix, and not by letters it does not have', () => {
    const r = readingsOf('社会保障卡补领');
    for (const q of ['shbzk', 'shehuibaozhang', 'shehbzk', 'bzk', 'buling', 'k']) expect(pinyinContains(q, r), q).toBe(true);
    for (const q of ['sbk', 'shebaoq', 'zzz']) expect(pinyinContains(q, r), q).toBe(false);
    expect(pinyinContains('sbk', readingsOf('社保卡'))).toBe(true);
    expect(pinyinContains('shebao', readingsOf('社保卡'))).toBe(true);
  });

  it('knows every reading of a character (行 is xing and hang) and ü typed as v', () => {
    expect(pinyinContains('yinhang', readingsOf('银行'))).toBe(true);
    expect(pinyinContains('xingzheng', readingsOf('行政'))).toBe(true);
    expect(pinyinContains('lvse', readingsOf('绿色'))).toBe(true);
    expect(normalizePinyin("Lü'se 2")).toBe('lvse');
  });

  it('matches any run of the text typed with any prefix of any reading of each character', () => {
    fc.assert(
      fc.property(
        text.chain((t) => typing(t).map((parts) => [t, parts.join('')] as const)),
        ([t, q]) => {
          expect(pinyinContains(q, t)).toBe(true);
        },
      ),
    );
  });

  it('never matches a query with a letter no reading has', () => {
    fc.assert(
      fc.property(text, fc.string({ minLength: 1, maxLength: 6 }), (t, tail) => {
        const letters = new Set(t.flat().join(''));
        const absent = [...'abcdefghijklmnopqrstuvwxyz'].find((c) => !letters.has(c));
        fc.pre(absent !== undefined);
        expect(pinyinContains(`${tail.replace(/[^a-z]/g, '')}${absent}`, t)).toBe(false);
      }),
    );
  });

  it('tells a word spelled whole (converting part of the input) from one the input only begins', () => {
    expect(matchWord('shebaoka', readingsOf('社保'))).toEqual({ kind: 'whole', consumed: 6 });
    expect(matchWord('sheb', readingsOf('社保卡'))).toEqual({ kind: 'predicted', consumed: 4 });
    expect(matchWord('sbk', readingsOf('社保卡'))).toEqual({ kind: 'whole', consumed: 3 });
    expect(matchWord('ka', readingsOf('社保'))).toBeUndefined();
  });

  it('a whole word typed then more letters converts at least what spelled it, never more than was typed', () => {
    fc.assert(
      fc.property(
        text.chain((t) => fc.tuple(...t.map((rs) => fc.constantFrom(...rs))).map((parts) => [t, parts.join('')] as const)),
        fc.stringMatching(/^[a-z]{0,5}$/),
        ([t, spelled], more) => {
          const m = matchWord(spelled + more, t);
          expect(m?.kind).toBe('whole');
          expect(m!.consumed).toBeGreaterThanOrEqual(spelled.length);
          expect(m!.consumed).toBeLessThanOrEqual(spelled.length + more.length);
        },
      ),
    );
  });
});
