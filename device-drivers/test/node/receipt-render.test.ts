import { describe, expect, it } from 'vitest';
import { buildReceiptDocument } from '../../src/common/escpos/document.ts';
import { encodeReceipt } from '../../src/common/escpos/encoder.ts';
import { ReceiptJob } from '../../src/common/receipt-job.ts';
import { createVirtualPrinter, type DecodedReceipt } from '../../src/common/sim/printer-scanner.ts';
import { gb18030Encoder } from '../../src/node/gb18030.ts';
import { renderReceiptPng, renderReceiptText } from '../../src/node/receipt-render.ts';

function printed(width: 32 | 48): DecodedReceipt {
  const job = ReceiptJob.parse({
    width,
    lines: [
      { text: '水费缴费凭证', align: 'center', bold: true, size: 2 },
      { rule: true },
      { key: '户号', value: '3100123456' },
      { key: '金额', value: '￥128.50' },
      { qr: 'https://pay.example.cn/t/20261126-0001' },
      { text: '请妥善保管', align: 'right' },
    ],
  });
  const sim = createVirtualPrinter();
  sim.receive(encodeReceipt(buildReceiptDocument(job), gb18030Encoder), 0);
  return sim.decodedReceipts()[0]!;
}

function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('receipt rendering', () => {
  it('renders the receipt lines as aligned text', () => {
    const text = renderReceiptText(printed(32), 32).split('\n');
    expect(text[0]).toBe(`${' '.repeat(4)}水费缴费凭证`);
    expect(text).toContain('-'.repeat(32));
    expect(text).toContain(`户号${' '.repeat(18)}3100123456`);
    expect(text).toContain(`${' '.repeat(22)}请妥善保管`);
    expect(text.some((l) => l.includes('[QR https://pay.example.cn/t/20261126-0001]'))).toBe(true);
  });

  it('renders a PNG at printer resolution for 58 mm and 80 mm paper', async () => {
    const small = pngSize(await renderReceiptPng(printed(32), { columns: 32 }));
    const wide = pngSize(await renderReceiptPng(printed(48), { columns: 48 }));
    expect(small.width).toBe(32 * 12 + 32);
    expect(wide.width).toBe(48 * 12 + 32);
    // Title (48) + 4 lines (96) + a QR of at least 25 modules + the feed: well over 300 dots.
    expect(small.height).toBeGreaterThan(300);
    expect(small.height).toBeLessThan(1200);
  });
});
