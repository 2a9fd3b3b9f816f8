import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildReceiptDocument } from '../../../src/common/escpos/document.ts';
import { displayWidth, layoutKeyValue, wrapText } from '../../../src/common/escpos/width.ts';

describe('layout', () => {
  it('counts CJK as two columns', () => {
    expect(displayWidth('缴费abc')).toBe(7);
    expect(displayWidth('（）￥')).toBe(6);
    // The printer draws every non-ASCII GB18030 character from its 24-dot font.
    expect(displayWidth('é·')).toBe(4);
  });

  it('wraps 20 Chinese characters into 16 + 4 on 58 mm paper and keeps them on one 80 mm line', () => {
    const text = '上海市徐汇区自来水公司水费缴费凭证客户联';
    expect(wrapText(text, 32)).toEqual(['上海市徐汇区自来水公司水费缴费凭', '证客户联']);
    expect(wrapText(text, 48)).toEqual([text]);
  });

  it('breaks Latin text at spaces', () => {
    expect(wrapText('Thank you for using the civic service kiosk', 16)).toEqual(['Thank you for', 'using the civic', 'service kiosk']);
  });

  it('lays out key-value rows exactly to the width at 32 and 48 columns', () => {
    const row32 = layoutKeyValue('户号', '3100123456', 32);
    expect(row32).toEqual([`户号${' '.repeat(18)}3100123456`]);
    const row48 = layoutKeyValue('缴费金额', '￥128.50', 48);
    expect(row48).toHaveLength(1);
    expect(displayWidth(row48[0]!)).toBe(48);
    expect(row48[0]!.endsWith('￥128.50')).toBe(true);
  });

  it('puts a value that does not fit on its own right-aligned line', () => {
    const rows = layoutKeyValue('用水地址', '上海市徐汇区漕溪北路一百号三楼', 32);
    expect(rows).toEqual(['用水地址', `  上海市徐汇区漕溪北路一百号三楼`]);
  });

  it('wraps double-size text at half the columns', () => {
    const doc = buildReceiptDocument({ width: 32, lines: [{ text: '上海市徐汇区自来水公司', size: 2 }], cut: false });
    expect(doc.blocks.map((b) => (b.kind === 'text' ? b.text : ''))).toEqual(['上海市徐汇区自来', '水公司']);
  });

  const chars = fc.constantFrom('a', 'Z', '1', ' ', '-', '水', '费', '缴', '（', '￥');
  it('property: every wrapped line fits and no character but spaces at breaks is lost', () => {
    fc.assert(
      fc.property(fc.string({ unit: chars, maxLength: 120 }), fc.integer({ min: 2, max: 48 }), (text, cols) => {
        const lines = wrapText(text, cols);
        for (const l of lines) expect(displayWidth(l)).toBeLessThanOrEqual(cols);
        expect(lines.join('').replaceAll(' ', '')).toBe(text.replaceAll(' ', ''));
      }),
    );
  });

  it('property: key-value rows never exceed the width and keep key and value', () => {
    fc.assert(
      fc.property(fc.string({ unit: chars, maxLength: 40 }), fc.string({ unit: chars, maxLength: 60 }), fc.constantFrom(32, 48), (k, v, cols) => {
        const rows = layoutKeyValue(k, v, cols);
        for (const r of rows) expect(displayWidth(r)).toBeLessThanOrEqual(cols);
        expect(rows.join('').replaceAll(' ', '')).toBe((k + v).replaceAll(' ', ''));
      }),
    );
  });
});
