import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cmd } from '../../../src/common/escpos/commands.ts';
import { buildReceiptDocument } from '../../../src/common/escpos/document.ts';
import { encodeReceipt, printableGb18030 } from '../../../src/common/escpos/encoder.ts';
import { displayWidth } from '../../../src/common/escpos/width.ts';
import { ReceiptJob } from '../../../src/common/receipt-job.ts';
import { gb18030Encoder } from '../../../src/node/gb18030.ts';

const encode = (job: unknown): number[] => Array.from(encodeReceipt(buildReceiptDocument(ReceiptJob.parse(job)), gb18030Encoder));
const hex = (s: string): number[] => s.split(' ').map((h) => Number.parseInt(h, 16));

function indexOfSeq(hay: number[], needle: number[]): number {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

describe('ESC/POS command vectors (protocols.md §5)', () => {
  it('QR store length is pL + 256*pH = len(data) + 3', () => {
    expect(cmd.qrStoreHeader(5)).toEqual(hex('1d 28 6b 08 00 31 50 30'));
    expect(cmd.qrStoreHeader(300)).toEqual(hex('1d 28 6b 2f 01 31 50 30'));
    expect(cmd.qrStoreHeader(253)).toEqual(hex('1d 28 6b 00 01 31 50 30'));
  });
  it('fixed commands', () => {
    expect(cmd.initialise()).toEqual(hex('1b 40'));
    expect(cmd.qrModel2()).toEqual(hex('1d 28 6b 04 00 31 41 32 00'));
    expect(cmd.qrModuleSize(6)).toEqual(hex('1d 28 6b 03 00 31 43 06'));
    expect(cmd.qrErrorLevel('L')).toEqual(hex('1d 28 6b 03 00 31 45 30'));
    expect(cmd.qrErrorLevel('H')).toEqual(hex('1d 28 6b 03 00 31 45 33'));
    expect(cmd.qrPrint()).toEqual(hex('1d 28 6b 03 00 31 51 30'));
    expect(cmd.size(2, 2)).toEqual(hex('1d 21 11'));
    expect(cmd.size(3, 3)).toEqual(hex('1d 21 22'));
    expect(cmd.size(1, 1)).toEqual(hex('1d 21 00'));
    expect(cmd.align('right')).toEqual(hex('1b 61 02'));
    expect(cmd.statusRequest(4)).toEqual(hex('10 04 04'));
    expect(cmd.autoStatusBack(0x0e)).toEqual(hex('1d 61 0e'));
  });
});

describe('encodeReceipt', () => {
  it('encodes a centred, bold, double-size Chinese title between FS & and FS . and cuts', () => {
    const bytes = encode({ width: 32, lines: [{ text: '缴费凭证', align: 'center', bold: true, size: 2 }], cut: true });
    expect(bytes).toEqual(hex('1b 40 1b 61 01 1b 45 01 1d 21 11 1c 26 bd c9 b7 d1 c6 be d6 a4 1c 2e 0a 1b 64 04 1d 56 01'));
  });

  it('sends ASCII-only lines without Chinese mode and mode commands only when they change', () => {
    const bytes = encode({ width: 48, lines: [{ text: 'A' }, { text: 'B' }, { text: 'C', bold: true }, { text: 'D' }], cut: false });
    expect(bytes).toEqual(hex('1b 40 41 0a 42 0a 1b 45 01 43 0a 1b 45 00 44 0a'));
  });

  it('encodes a native QR (model 2, module size, level M, store, print) and no raster image', () => {
    const data = 'https://pay.example.cn/t/1';
    const bytes = encode({ width: 32, lines: [{ qr: data }], cut: false });
    const expected = [
      ...hex('1b 61 01'),
      ...cmd.qrModel2(),
      ...cmd.qrModuleSize(5),
      ...hex('1d 28 6b 03 00 31 45 31'),
      ...hex(`1d 28 6b ${(data.length + 3).toString(16)} 00 31 50 30`),
      ...Array.from(Buffer.from(data)),
      ...cmd.qrPrint(),
    ];
    expect(bytes).toEqual([...hex('1b 40'), ...expected]);
    expect(indexOfSeq(bytes, hex('1d 76 30'))).toBe(-1);
    expect(encode({ width: 48, lines: [{ qr: data }], cut: false })).toContain(0x06);
  });

  it('turns control characters in user text into spaces so they cannot act as commands', () => {
    const bytes = encode({ width: 32, lines: [{ text: 'a\u001b@b\nc' }], cut: false });
    expect(bytes).toEqual(hex('1b 40 61 20 40 62 20 63 0a'));
  });

  it('prints the yuan sign with the 2-byte fullwidth form printer fonts have', () => {
    const bytes = encode({ width: 32, lines: [{ text: '¥5' }], cut: false });
    expect(bytes).toEqual(hex('1b 40 1c 26 a3 a4 35 1c 2e 0a'));
  });

  it('prints characters outside the printer font (4-byte GB18030) as one ? per column', () => {
    // U+20000 (CJK Extension B) and U+1F600 (an emoji) are 4-byte GB18030, laid out as two columns.
    expect(encode({ width: 32, lines: [{ text: '水𠀀\u{1F600}a' }], cut: false })).toEqual(hex('1b 40 1c 26 cb ae 3f 3f 3f 3f 61 1c 2e 0a'));
  });

  it('feeds blank lines with ESC d n', () => {
    expect(encode({ width: 32, lines: [{ feed: 3 }], cut: false })).toEqual(hex('1b 40 1b 64 03'));
  });

  it('lays a rule across the full width of the paper', () => {
    expect(encode({ width: 48, lines: [{ rule: true }], cut: false })).toEqual([...hex('1b 40'), ...Array(48).fill(0x2d), 0x0a]);
  });
});

describe('printableGb18030', () => {
  it('property: output decodes to text of the same width with nothing outside the 2-byte area', () => {
    const unit = fc.constantFrom('a', ' ', '水', '€', 'é', '𠀀', '\u{1F600}', '\u0600', '￥', '\u00a5');
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 40 }), (text) => {
        const printed = new TextDecoder('gb18030').decode(printableGb18030(text, gb18030Encoder));
        expect(displayWidth(printed)).toBe(displayWidth(text));
        for (const ch of printed) expect(ch.codePointAt(0)!).toBeLessThan(0x10000);
        expect(printed.replaceAll('?', '')).toBe([...text].filter((c) => Buffer.from(gb18030Encoder.encode(c)).length < 4).join(''));
      }),
    );
  });
});
