import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildReceiptDocument } from '../../../src/common/escpos/document.ts';
import { encodeReceipt } from '../../../src/common/escpos/encoder.ts';
import { ReceiptJob } from '../../../src/common/receipt-job.ts';
import { createVirtualPrinter, type DecodedReceipt } from '../../../src/common/sim/printer-scanner.ts';
import { gb18030Encoder } from '../../../src/node/gb18030.ts';

const receiptsOf = (p: ReturnType<typeof createVirtualPrinter>): DecodedReceipt[] => {
  const r = p.control({ action: 'receipts' });
  if (!r.ok) throw new Error(r.error);
  return r['receipts'] as DecodedReceipt[];
};

describe('round trip: ReceiptJob → ESC/POS → virtual printer', () => {
  it('gives back the same text, alignment, emphasis, size, QR and cut', () => {
    const job = ReceiptJob.parse({
      width: 48,
      lines: [
        { text: '徐汇区 水费缴费凭证', align: 'center', bold: true, size: 2 },
        { rule: true },
        { key: '户号', value: '3100123456' },
        { text: '谢谢使用 Thank you', align: 'right' },
        { qr: 'https://pay.example.cn/t/20261126-000123' },
      ],
    });
    const printer = createVirtualPrinter();
    printer.receive(encodeReceipt(buildReceiptDocument(job), gb18030Encoder), 0);
    const [receipt] = receiptsOf(printer);
    expect(receipt).toEqual({
      cut: true,
      blocks: [
        { kind: 'text', text: '徐汇区 水费缴费凭证', align: 'center', bold: true, size: 2 },
        { kind: 'text', text: '-'.repeat(48), align: 'left', bold: false, size: 1 },
        { kind: 'text', text: `户号${' '.repeat(34)}3100123456`, align: 'left', bold: false, size: 1 },
        { kind: 'text', text: '谢谢使用 Thank you', align: 'right', bold: false, size: 1 },
        { kind: 'qr', data: 'https://pay.example.cn/t/20261126-000123' },
        { kind: 'feed', lines: 4 },
      ],
    });
  });

  const unit = fc.constantFrom('a', 'Q', '7', ' ', '.', '水', '电', '费', '缴', '￥', '（', '号', 'é', '·');
  const line = fc.oneof(
    fc.record({ text: fc.string({ unit, maxLength: 60 }), align: fc.constantFrom('left', 'center', 'right'), bold: fc.boolean(), size: fc.constantFrom(1, 2, 3) }),
    fc.record({ qr: fc.string({ unit: fc.constantFrom('a', 'Z', '9', '/', ':', '缴'), minLength: 1, maxLength: 80 }) }),
    fc.constant({ rule: true as const }),
    fc.record({ feed: fc.integer({ min: 1, max: 20 }) }),
    fc.record({ key: fc.string({ unit, maxLength: 20 }), value: fc.string({ unit, maxLength: 30 }) }),
  );

  it('property: any job decodes back to exactly its laid-out document', () => {
    fc.assert(
      fc.property(fc.record({ width: fc.constantFrom(32, 48), lines: fc.array(line, { maxLength: 20 }), cut: fc.boolean() }), (raw) => {
        const job = ReceiptJob.parse(raw);
        const doc = buildReceiptDocument(job);
        const printer = createVirtualPrinter();
        printer.receive(encodeReceipt(doc, gb18030Encoder), 0);
        const blocks = doc.blocks.filter((b) => b.kind !== 'cut');
        const receipts = receiptsOf(printer);
        if (blocks.length === 0) expect(receipts).toEqual([]);
        else expect(receipts).toEqual([{ blocks, cut: job.cut }]);
      }),
      { numRuns: 150 },
    );
  });
});

describe('virtual printer status and faults', () => {
  const answers = (printer: ReturnType<typeof createVirtualPrinter>, bytes: number[]): number[] => {
    const out: number[] = [];
    printer.connect((b) => out.push(...b));
    printer.receive(Uint8Array.from(bytes), 0);
    return out;
  };

  it('answers DLE EOT 1-4 and sends ASB on enable and on every fault change', () => {
    const printer = createVirtualPrinter();
    const out: number[] = [];
    printer.connect((b) => out.push(...b));
    printer.receive(Uint8Array.of(0x10, 0x04, 0x01, 0x10, 0x04, 0x04), 0);
    expect(out).toEqual([0x12, 0x12]);
    printer.receive(Uint8Array.of(0x1d, 0x61, 0x0e), 0);
    expect(out.slice(2)).toEqual([0x10, 0, 0, 0]);
    printer.control({ action: 'paper-near-end' });
    expect(out.slice(6)).toEqual([0x10, 0, 0x03, 0]);
    printer.control({ action: 'cover-open' });
    expect(out.slice(10)).toEqual([0x38, 0, 0x03, 0]);
  });

  it('reports paper out on DLE EOT 1, 2 and 4 and prints nothing while out', () => {
    const printer = createVirtualPrinter();
    printer.control({ action: 'paper-out' });
    expect(answers(printer, [0x10, 0x04, 0x01, 0x10, 0x04, 0x02, 0x10, 0x04, 0x04, 0x41, 0x0a])).toEqual([0x1a, 0x32, 0x7e]);
    expect(receiptsOf(printer)).toEqual([]);
  });

  it('goes silent when offline and recovers on clear', () => {
    const printer = createVirtualPrinter();
    printer.control({ action: 'offline' });
    expect(answers(printer, [0x10, 0x04, 0x01])).toEqual([]);
    printer.control({ action: 'clear' });
    expect(answers(printer, [0x10, 0x04, 0x01])).toEqual([0x12]);
  });

  it('property: any bytes from the host leave it answering status requests', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const printer = createVirtualPrinter();
        printer.receive(bytes, 0);
        // Finish any command the random bytes left open (GS ( k may wait for up to 64 KB).
        printer.receive(new Uint8Array(70_000).fill(0x20), 0);
        printer.receive(Uint8Array.of(0x0a), 0);
        expect(answers(printer, [0x10, 0x04, 0x01])).toHaveLength(1);
      }),
      { numRuns: 60 },
    );
  });

  it('rejects unknown actions and bad arguments', () => {
    const printer = createVirtualPrinter();
    expect(printer.control({ action: 'jam' })).toMatchObject({ ok: false });
    expect(printer.control({ action: 'paper-out', afterLines: -1 })).toMatchObject({ ok: false });
  });
});
