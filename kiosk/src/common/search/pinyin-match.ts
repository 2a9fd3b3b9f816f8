/**
 * Pinyin matching without a pinyin dictionary: the caller hands in each character's readings
 * (toneless syllables, from a pinyin package in the browser layer), so this stays pure and
 * testable. A query matches a run of characters when each character of the run takes a
 * non-empty prefix of one of its readings and together they spell the whole query: `sbk`
 * (initials), `shebaoka` (full pinyin) and `shebk` (mixed) all find 社保卡, as residents type
 * them on any Chinese input method.
 */

/** Per character of a text: its toneless lower-case syllables; empty for a character with none. */
export type Readings = readonly (readonly string[])[];

/** Lower-case letters only; `ü` as `v`, as pinyin keyboards type it. */
export function normalizePinyin(input: string): string {
  return input
    .toLowerCase()
    .replace(/ü/g, 'v')
    .replace(/[^a-z]/g, '');
}

/**
 * The query positions reachable after each prefix of `readings` from character `start`:
 * `walk(q, r, start, onEnd)` calls `onEnd(charsUsed, pos)` for every way a run beginning at
 * `start` consumes `q[0..pos)`. Memoised on (character, position): at most |text|·|q| states.
 */
function walk(q: string, readings: Readings, start: number, visit: (chars: number, pos: number) => boolean): boolean {
  const seen = new Set<number>();
  const step = (i: number, pos: number): boolean => {
    const key = i * (q.length + 1) + pos;
    if (seen.has(key)) return false;
    seen.add(key);
    if (visit(i - start, pos)) return true;
    if (i >= readings.length || pos >= q.length) return false;
    for (const syllable of readings[i]!) {
      for (let n = 1; n <= syllable.length && pos + n <= q.length; n++) {
        if (q.charCodeAt(pos + n - 1) !== syllable.charCodeAt(n - 1)) break;
        if (step(i + 1, pos + n)) return true;
      }
    }
    return false;
  };
  return step(start, 0);
}

/** Whether the whole (normalised) query spells a run of consecutive characters anywhere in the text. */
export function pinyinContains(query: string, readings: Readings): boolean {
  if (query === '') return true;
  for (let start = 0; start < readings.length; start++) {
    if (walk(query, readings, start, (chars, pos) => chars > 0 && pos === query.length)) return true;
  }
  return false;
}

/**
 * How a word answers typed pinyin, for the candidate row: `whole` when the word spells a
 * prefix of the input with all its characters (picking it converts that many letters, the rest
 * stays to be converted), `predicted` when the input ends inside the word (picking it converts
 * the whole input). The longest conversion is reported. Undefined when the word does not start
 * the input.
 */
export type WordMatch = { kind: 'whole'; consumed: number } | { kind: 'predicted'; consumed: number };

export function matchWord(input: string, readings: Readings): WordMatch | undefined {
  if (input === '' || readings.length === 0) return undefined;
  let whole = 0;
  let predicted = false;
  walk(input, readings, 0, (chars, pos) => {
    if (chars === readings.length) whole = Math.max(whole, pos);
    else if (chars > 0 && pos === input.length) predicted = true;
    return false;
  });
  if (whole > 0) return { kind: 'whole', consumed: whole };
  return predicted ? { kind: 'predicted', consumed: input.length } : undefined;
}
