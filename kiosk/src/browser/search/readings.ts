/**
 * Per-character pinyin readings from pinyin-pro, for the pure matching in common/search. The
 * package and its dictionary load only when a screen asks (search or the keyboard opens), in a
 * chunk of their own, so the first screen's JavaScript does not carry them.
 */
import { useEffect, useState } from 'preact/hooks';
import type * as PinyinProModule from 'pinyin-pro';
import type { Readings } from '../../common/search/pinyin-match.ts';

export type ReadingsOf = (text: string) => Readings;

const HAN = /\p{Script=Han}/u;
let loading: Promise<ReadingsOf> | undefined;

type PinyinPro = Pick<typeof PinyinProModule, 'pinyin' | 'polyphonic'>;

/** ü is typed as v or u, as keyboards do. */
const withU = (syllables: readonly string[]) => [...new Set(syllables.flatMap((s) => (s.includes('v') ? [s, s.replace(/v/g, 'u')] : [s])))];

/**
 * A word is read in context (参保 is can bao, not shen bao: fewer false hits); a character on its
 * own by every reading it has (行: xing, hang), so the candidate row offers it for each.
 */
export function readingsWith({ pinyin, polyphonic }: PinyinPro): ReadingsOf {
  const single = new Map<string, readonly string[]>();
  const every = (ch: string): readonly string[] => {
    let r = single.get(ch);
    if (!r) single.set(ch, (r = HAN.test(ch) ? withU(polyphonic(ch, { toneType: 'none', type: 'array', v: true })[0] ?? []) : []));
    return r;
  };
  return (text) => {
    const chars = Array.from(text);
    if (chars.length === 1) return [every(chars[0]!)];
    const read = pinyin(text, { toneType: 'none', type: 'array', v: true });
    // The package reads one syllable per character; anything else falls back to every reading.
    if (read.length !== chars.length) return chars.map(every);
    return chars.map((ch, i) => (HAN.test(ch) ? withU([read[i]!]) : []));
  };
}

export function loadReadings(): Promise<ReadingsOf> {
  loading ??= import('pinyin-pro').then(readingsWith);
  return loading;
}

/** The readings once loaded (undefined until then; a failed load leaves substring search only). */
export function useReadings(): ReadingsOf | undefined {
  const [readings, setReadings] = useState<{ of: ReadingsOf }>();
  useEffect(() => {
    let live = true;
    loadReadings().then(
      (of) => live && setReadings({ of }),
      () => {},
    );
    return () => {
      live = false;
    };
  }, []);
  return readings?.of;
}
