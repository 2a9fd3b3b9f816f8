/**
 * The candidate row of the on-screen keyboard: typed pinyin becomes Chinese by picking a word.
 * The words are the content's own vocabulary (category names, keywords, guide names and
 * departments, their leading parts, and every single character), so whatever a resident can
 * compose is something the search can find, and no dictionary of the whole language is needed.
 */
import { matchWord, normalizePinyin } from './pinyin-match.ts';
import type { Readings } from './pinyin-match.ts';

export interface LexiconWord {
  word: string;
  readings: Readings;
  /** How often the word occurs in the texts it was built from: the more, the earlier it is offered. */
  weight: number;
}

export interface Candidate {
  word: string;
  /** Letters of the typed pinyin the word converts; the rest stays typed. */
  consumed: number;
}

const HAN = /^\p{Script=Han}+$/u;
const MAX_WORD = 8;

/**
 * Builds the vocabulary. `terms` are whole words (names, keywords); `texts` only lend their
 * characters and the terms' frequencies. `readingsOf` gives per-character readings (see
 * pinyin-match.ts); a term with a character without readings is left out.
 */
export function buildLexicon(terms: readonly string[], texts: readonly string[], readingsOf: (text: string) => Readings): LexiconWord[] {
  const words = new Set<string>();
  for (const term of terms) {
    const chars = Array.from(term.trim());
    // A term and its leading parts: 社保卡 also offers 社保.
    for (let n = Math.min(chars.length, MAX_WORD); n >= 2; n--) {
      const w = chars.slice(0, n).join('');
      if (HAN.test(w)) words.add(w);
    }
  }
  const corpus = [...terms, ...texts].join('\n');
  for (const ch of corpus) if (HAN.test(ch)) words.add(ch);
  const out: LexiconWord[] = [];
  for (const word of words) {
    const readings = readingsOf(word);
    if (readings.length !== Array.from(word).length || readings.some((r) => r.length === 0)) continue;
    out.push({ word, readings, weight: corpus.split(word).length - 1 });
  }
  return out;
}

/**
 * Candidates for the typed pinyin, best first: the longest conversion first; at equal length a
 * word spelled whole before one the input only begins; then the more frequent, then the shorter.
 */
export function candidatesFor(lexicon: readonly LexiconWord[], typed: string, limit: number): Candidate[] {
  const input = normalizePinyin(typed);
  if (input === '') return [];
  const scored: { c: Candidate; whole: boolean; weight: number; length: number }[] = [];
  for (const w of lexicon) {
    // Cheap first: the word's first character must begin with the first letter typed.
    if (!w.readings[0]!.some((r) => r.charCodeAt(0) === input.charCodeAt(0))) continue;
    const m = matchWord(input, w.readings);
    if (m) scored.push({ c: { word: w.word, consumed: m.consumed }, whole: m.kind === 'whole', weight: w.weight, length: w.readings.length });
  }
  scored.sort((a, b) => b.c.consumed - a.c.consumed || Number(b.whole) - Number(a.whole) || b.weight - a.weight || a.length - b.length || (a.c.word < b.c.word ? -1 : 1));
  return scored.slice(0, limit).map((s) => s.c);
}
