/**
 * A typical utility-bill receipt (~20 lines, Chinese text, key-value rows, a transaction QR):
 * how many bytes go down the serial line, how long that takes at 9600 and 115200 baud, and the
 * median encode time. Target: native QR (GS ( k), no raster image.
 *
 *   npx tsx bench/receipt.ts
 */
import { buildReceiptDocument } from '../device-drivers/src/common/escpos/document.ts';
import { encodeReceipt } from '../device-drivers/src/common/escpos/encoder.ts';
import { ReceiptJob } from '../device-drivers/src/common/receipt-job.ts';
import { gb18030Encoder } from '../device-drivers/src/node/gb18030.ts';

const job = ReceiptJob.parse({
  width: 32,
  lines: [
    { text: '上海市徐汇区', align: 'center', bold: true },
    { text: '水费缴费凭证', align: 'center', bold: true, size: 2 },
    { text: '客户联', align: 'center' },
    { rule: true },
    { key: '终端编号', value: 'XH-KSK-0042' },
    { key: '交易时间', value: '2026-11-26 10:42:17' },
    { key: '缴费单位', value: '上海城投水务' },
    { key: '户号', value: '3100123456' },
    { key: '户名', value: '张*明' },
    { key: '账期', value: '2026年10月' },
    { key: '上期读数', value: '1024 吨' },
    { key: '本期读数', value: '1042 吨' },
    { key: '应缴金额', value: '￥128.50' },
    { key: '实缴金额', value: '￥128.50' },
    { key: '支付方式', value: '银联二维码' },
    { key: '交易参考号', value: '20261126104217000123' },
    { rule: true },
    { text: '扫码查询交易详情', align: 'center' },
    { qr: 'https://pay.example.cn/t/20261126104217000123' },
    { text: '请妥善保管本凭证 如有疑问请拨打12345', align: 'center' },
  ],
});

const encode = (): Uint8Array => encodeReceipt(buildReceiptDocument(job), gb18030Encoder);

const bytes = encode();
const qrStore = bytes.findIndex((b, i) => b === 0x1d && bytes[i + 1] === 0x28 && bytes[i + 2] === 0x6b && bytes[i + 6] === 0x50);
const rasterImage = bytes.some((b, i) => b === 0x1d && bytes[i + 1] === 0x76 && bytes[i + 2] === 0x30);

for (let i = 0; i < 200; i++) encode();
const runs = 2000;
const times: number[] = [];
for (let i = 0; i < runs; i++) {
  const t = performance.now();
  encode();
  times.push(performance.now() - t);
}
times.sort((a, b) => a - b);
const median = times[Math.floor(runs / 2)]!;
const p95 = times[Math.floor(runs * 0.95)]!;
// 8N1: 10 bits on the wire per byte.
const lineMs = (baud: number): number => (bytes.length * 10 * 1000) / baud;

console.log(`receipt lines in job:        ${job.lines.length}`);
console.log(`ESC/POS bytes:               ${bytes.length}`);
console.log(`native QR (GS ( k store):    ${qrStore >= 0 ? 'yes' : 'NO'}; raster image: ${rasterImage ? 'YES' : 'no'}`);
console.log(`transfer at 9600 baud:       ${lineMs(9600).toFixed(0)} ms`);
console.log(`transfer at 115200 baud:     ${lineMs(115200).toFixed(1)} ms`);
console.log(`encode median (${runs} runs): ${(median * 1000).toFixed(0)} µs (p95 ${(p95 * 1000).toFixed(0)} µs)`);
