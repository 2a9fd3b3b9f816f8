/**
 * Column arithmetic for a fixed-pitch receipt: CJK and other wide characters take two
 * columns, everything else one. Wrapping and key-value rows are laid out with it.
 */

/** East Asian Wide/Fullwidth ranges the printer's 24-dot font draws double width. */
const WIDE_RANGES: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe30, 0xfe4f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x20000, 0x3fffd],
];

export function charWidth(ch: string): 1 | 2 {
  const cp = ch.codePointAt(0) ?? 0;
  for (const [lo, hi] of WIDE_RANGES) if (cp >= lo && cp <= hi) return 2;
  return 1;
}

export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += charWidth(ch);
  return w;
}

/**
 * Splits text into lines of at most `columns` display columns. Breaks at the last space when
 * a Latin word would be cut, anywhere between CJK characters; a word longer than a line is cut.
 */
export function wrapText(text: string, columns: number): string[] {
  const width = Math.max(1, columns);
  const lines: string[] = [];
  let line: string[] = [];
  let used = 0;
  const flush = (chars: string[]): void => {
    lines.push(chars.join('').trimEnd());
  };
  for (const ch of text) {
    const w = charWidth(ch);
    if (used + w > width) {
      const lastSpace = line.lastIndexOf(' ');
      if (ch !== ' ' && lastSpace > 0 && w === 1) {
        flush(line.slice(0, lastSpace));
        line = line.slice(lastSpace + 1);
      } else {
        flush(line);
        line = [];
      }
      used = displayWidth(line.join(''));
      if (ch === ' ' && line.length === 0) continue;
    }
    line.push(ch);
    used += w;
  }
  if (line.length > 0 || lines.length === 0) flush(line);
  return lines;
}

/**
 * A key on the left and its value on the right of the same line. When both do not fit with a
 * space between them, the key takes its own line(s) and the value follows right-aligned.
 */
export function layoutKeyValue(key: string, value: string, columns: number): string[] {
  const kw = displayWidth(key);
  const vw = displayWidth(value);
  if (kw + 1 + vw <= columns) return [key + ' '.repeat(columns - kw - vw) + value];
  const valueLines = wrapText(value, columns).map((l) => ' '.repeat(columns - displayWidth(l)) + l);
  return [...wrapText(key, columns), ...valueLines];
}
