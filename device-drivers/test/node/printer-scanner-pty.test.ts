/** The drivers over REAL ptys (socat) and serialport, against the simulators. */
import { afterEach, describe, expect, it } from 'vitest';
import { ReceiptJob } from '../../src/common/receipt-job.ts';
import { ReceiptPrinter } from '../../src/common/receipt-printer.ts';
import { BarcodeScanner } from '../../src/common/scanner/barcode-scanner.ts';
import type { ScannedCode } from '../../src/common/scanner/symbology.ts';
import { createVirtualPrinter, createVirtualScanner } from '../../src/common/sim/printer-scanner.ts';
import { gb18030Encoder } from '../../src/node/gb18030.ts';
import { serveOnPty } from '../../src/node/sim/serve.ts';
import { systemScheduler } from '../../src/node/system-scheduler.ts';
import { SerialTransport } from '../../src/node/transport/serial-transport.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const BAUD = 115200;
const job = ReceiptJob.parse({
  width: 48,
  lines: [
    { text: '徐汇区 电费缴费凭证', align: 'center', bold: true, size: 2 },
    { rule: true },
    { key: '户号', value: '0123456789' },
    { key: '缴费金额', value: '￥256.00' },
    { qr: 'https://pay.example.cn/t/20261126-000777' },
  ],
});

async function printerOnPty() {
  const sim = createVirtualPrinter();
  const served = await serveOnPty(sim, { baudRate: BAUD });
  cleanups.push(() => served.stop());
  const transport = await SerialTransport.open({ path: served.hostPath, baudRate: BAUD });
  cleanups.push(() => transport.close());
  const printer = new ReceiptPrinter(transport, systemScheduler, { textEncoder: gb18030Encoder, replyTimeoutMs: 3000, finishTimeoutMs: 15000 });
  cleanups.push(async () => printer.dispose());
  return { sim, printer };
}

describe('receipt printer over a pty', () => {
  it('prints a Chinese receipt with a native QR that the printer decodes whole', async () => {
    const { sim, printer } = await printerOnPty();
    await expect(printer.status()).resolves.toEqual({ online: true, paper: 'ok', coverOpen: false, error: false });
    await expect(printer.print(job)).resolves.toEqual({ ok: true });
    const [receipt] = sim.decodedReceipts();
    expect(receipt?.cut).toBe(true);
    expect(receipt?.blocks).toContainEqual({ kind: 'text', text: '徐汇区 电费缴费凭证', align: 'center', bold: true, size: 2 });
    expect(receipt?.blocks).toContainEqual({ kind: 'qr', data: 'https://pay.example.cn/t/20261126-000777' });
  });

  it('refuses when paper is out and reports paper out mid-receipt', async () => {
    const { sim, printer } = await printerOnPty();
    sim.control({ action: 'paper-out' });
    await expect(printer.print(job)).resolves.toEqual({ ok: false, error: 'paper-out' });
    expect(sim.decodedReceipts()).toEqual([]);
    sim.control({ action: 'clear' });
    sim.control({ action: 'paper-out', afterLines: 2 });
    await expect(printer.print(job)).resolves.toEqual({ ok: false, error: 'paper-out' });
    expect(sim.decodedReceipts()[0]?.cut).toBe(false);
  });

  it('reports a silent printer as offline', async () => {
    const { sim, printer } = await printerOnPty();
    sim.control({ action: 'offline' });
    await expect(printer.status()).rejects.toMatchObject({ code: 'offline' });
  });
});

describe('barcode scanner over a pty', () => {
  it('delivers scanned codes with their symbology', async () => {
    const sim = createVirtualScanner();
    const served = await serveOnPty(sim, { baudRate: 9600 });
    cleanups.push(() => served.stop());
    const transport = await SerialTransport.open({ path: served.hostPath, baudRate: 9600 });
    cleanups.push(() => transport.close());
    const scanner = new BarcodeScanner(transport, { mode: 'serial' });
    const scans: ScannedCode[] = [];
    const two = new Promise<void>((resolve) =>
      scanner.onScan((s) => {
        scans.push(s);
        if (scans.length === 2) resolve();
      }),
    );
    expect(sim.control({ action: 'scan', code: '6901234567892', symbology: 'ean13' })).toEqual({ ok: true });
    expect(sim.control({ action: 'scan', code: '缴费单号 TX-0001' })).toEqual({ ok: true });
    await two;
    expect(scans).toEqual([
      { code: '6901234567892', symbology: 'ean13' },
      { code: '缴费单号 TX-0001', symbology: 'unknown' },
    ]);
  });
});
