/**
 * Column arithmetic for a fixed-pitch receipt (12-dot ASCII, 24-dot Chinese glyphs). Wrapping
 * and key-value rows are laid out with it.
 */

/**
 * In Chinese mode the printer draws every 2-byte GB18030 character from its 24×24 font, so
 * anything beyond ASCII (CJK, fullwidth forms, but also é, ·, Greek) takes two columns; ASCII
 * takes one. Characters outside the font are printed as '?' per column (see encoder.ts).
 */
export function charWidth(ch: string): 1 | 2 {
  return (ch.codePointAt(0) ?? 0) < 0x80 ? 1 : 2;
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
