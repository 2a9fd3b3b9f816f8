import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvCell, csvDocument } from '../../src/http/csv.ts';

/** An independent RFC 4180 reader: fields, quoted or not, rows ended by CRLF. */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < text.length) {
    let field = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (text[i] === '"' && text[i + 1] === '"') {
          field += '"';
          i += 2;
        } else if (text[i] === '"') {
          i++;
          break;
        } else field += text[i++];
      }
    } else while (i < text.length && text[i] !== ',' && !text.startsWith('\r\n', i)) field += text[i++];
    row.push(field);
    if (text[i] === ',') i++;
    else {
      rows.push(row);
      row = [];
      i += 2;
    }
  }
  return rows;
}

describe('staff CSV downloads', () => {
  it('neutralises text a spreadsheet would run as a formula and quotes separators', () => {
    expect(['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx'].map(csvCell)).toEqual(["'=1+1", "'+1", "'-1", "'@SUM(A1)", "'\tx", `"'\rx"`]);
    expect([csvCell('a,b'), csvCell('say "hi"'), csvCell(null), csvCell(-5)]).toEqual(['"a,b"', '"say ""hi"""', '', '-5']);
  });

  it('reads back cell for cell, and no text cell starts a formula', () => {
    const cell = fc.oneof(fc.string({ unit: 'grapheme' }), fc.constantFrom('=A1', '+1', '-x', '@f', '\tt', '\r\n', '"', ','), fc.integer().map(String));
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 2, maxLength: 5 }), { maxLength: 6 }), (rows) => {
        const header = ['a', 'b'];
        const text = csvDocument(header, rows);
        expect(text.startsWith('\uFEFF')).toBe(true);
        const read = readCsv(text.slice(1));
        expect(read).toEqual([header, ...rows.map((r) => r.map((c) => (/^[=+\-@\t\r]/.test(c) ? `'${c}` : c)))]);
        for (const r of read.slice(1)) for (const c of r) expect(c).not.toMatch(/^[=+\-@\t\r]/);
      }),
    );
  });
});
