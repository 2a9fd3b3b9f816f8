import { afterEach, describe, expect, it, vi } from 'vitest';
import { ReceiptJob } from '../../src/common/receipt-job.ts';
import { PrinterError, printerHealth, ReceiptPrinter, type PrinterStatus } from '../../src/common/receipt-printer.ts';
import { createVirtualPrinter, type DecodedReceipt } from '../../src/common/sim/printer-scanner.ts';
import { gb18030Encoder } from '../../src/node/gb18030.ts';
import { FakeScheduler } from '../support/fake-scheduler.ts';
import { FakeTransport } from '../support/fake-transport.ts';
import { globalTimerScheduler, SimTransport } from '../support/sim-transport.ts';

const job = ReceiptJob.parse({
  width: 32,
  lines: [{ text: '水费缴费凭证', align: 'center', bold: true }, { key: '户号', value: '3100123456' }, { key: '金额', value: '￥128.50' }, { text: '谢谢' }, { qr: 'TX-20261126-0001' }],
});

function setup() {
  const sim = createVirtualPrinter();
  const transport = new SimTransport(sim);
  const printer = new ReceiptPrinter(transport, globalTimerScheduler, { textEncoder: gb18030Encoder, replyTimeoutMs: 500, finishTimeoutMs: 2000 });
  const receipts = (): DecodedReceipt[] => sim.decodedReceipts();
  return { sim, transport, printer, receipts };
}

/** Only DLE EOT status requests (10 04 n) in what the host wrote. */
const onlyStatusRequests = (written: number[]): boolean => written.length % 3 === 0 && written.every((b, i) => (i % 3 === 0 ? b === 0x10 : i % 3 === 1 ? b === 0x04 : b >= 1 && b <= 4));

afterEach(() => {
  vi.useRealTimers();
});

describe('ReceiptPrinter', () => {
  it('reports a ready printer', async () => {
    const { printer } = setup();
    await expect(printer.status()).resolves.toEqual({ online: true, paper: 'ok', coverOpen: false, error: false });
  });

  it('prints a receipt and knows it finished', async () => {
    const { printer, receipts } = setup();
    await expect(printer.print(job)).resolves.toEqual({ ok: true });
    const [r] = receipts();
    expect(r?.cut).toBe(true);
    expect(r?.blocks[0]).toMatchObject({ text: '水费缴费凭证', bold: true, align: 'center' });
    expect(r?.blocks).toContainEqual({ kind: 'qr', data: 'TX-20261126-0001' });
  });

  it('prints on paper near end and reports it', async () => {
    const { sim, printer, receipts } = setup();
    sim.control({ action: 'paper-near-end' });
    const seen: PrinterStatus[] = [];
    printer.onStatus((s) => seen.push(s));
    await expect(printer.print(job)).resolves.toEqual({ ok: true });
    expect(receipts()).toHaveLength(1);
    expect(seen.at(-1)?.paper).toBe('near-end');
  });

  it('refuses to start when paper is out, sending nothing but status requests', async () => {
    const { sim, transport, printer, receipts } = setup();
    sim.control({ action: 'paper-out' });
    await expect(printer.print(job)).resolves.toEqual({ ok: false, error: 'paper-out' });
    expect(onlyStatusRequests(transport.written)).toBe(true);
    expect(receipts()).toEqual([]);
    await expect(printer.status()).resolves.toMatchObject({ paper: 'out', online: false });
  });

  it('refuses to start when the cover is open', async () => {
    const { sim, transport, printer } = setup();
    sim.control({ action: 'cover-open' });
    await expect(printer.print(job)).resolves.toEqual({ ok: false, error: 'cover-open' });
    expect(onlyStatusRequests(transport.written)).toBe(true);
  });

  it('reports paper out mid-receipt without claiming success, and sees it via ASB', async () => {
    const { sim, printer, receipts } = setup();
    sim.control({ action: 'paper-out', afterLines: 2 });
    const seen: PrinterStatus[] = [];
    printer.onStatus((s) => seen.push(s));
    await expect(printer.print(job)).resolves.toEqual({ ok: false, error: 'paper-out' });
    const [r] = receipts();
    expect(r?.cut).toBe(false);
    expect(r?.blocks.filter((b) => b.kind === 'text')).toHaveLength(2);
    expect(seen.some((s) => s.paper === 'out')).toBe(true);
  });

  it('times out to offline when the printer is silent', async () => {
    vi.useFakeTimers();
    const { sim, printer } = setup();
    sim.control({ action: 'offline' });
    const status = printer.status();
    const check = expect(status).rejects.toMatchObject({ code: 'offline' });
    await vi.advanceTimersByTimeAsync(600);
    await check;
    await expect(status).rejects.toBeInstanceOf(PrinterError);
    const printed = printer.print(job);
    await vi.advanceTimersByTimeAsync(600);
    await expect(printed).resolves.toEqual({ ok: false, error: 'offline' });
  });

  it('recovers after the printer comes back', async () => {
    vi.useFakeTimers();
    const { sim, printer } = setup();
    sim.control({ action: 'offline' });
    const first = printer.status();
    const check = expect(first).rejects.toMatchObject({ code: 'offline' });
    await vi.advanceTimersByTimeAsync(600);
    await check;
    sim.control({ action: 'clear' });
    vi.useRealTimers();
    await expect(printer.print(job)).resolves.toEqual({ ok: true });
  });

  it('fails a request pending at dispose() with a handled PrinterError, also while its write is pending', async () => {
    const { sim, transport } = setup();
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => {
      unhandled.push(reason);
    };
    process.on('unhandledRejection', onUnhandled);
    try {
      // A port whose write never completes (a wedged USB adapter): the status write stays pending.
      let finishWrite: () => void = () => undefined;
      const stuck = Object.assign(Object.create(transport) as SimTransport, {
        write: (bytes: Uint8Array) => new Promise<void>((resolve) => (finishWrite = () => resolve(void sim.receive(bytes, 0)))),
      });
      const printer = new ReceiptPrinter(stuck, globalTimerScheduler, { textEncoder: gb18030Encoder, replyTimeoutMs: 60_000 });
      const status = printer.status();
      const statusFails = expect(status).rejects.toMatchObject({ name: 'PrinterError', code: 'printer-absent' });
      const printed = printer.print(job);
      printer.dispose();
      // Node reports unhandled rejections once the microtask queue drains: let it run.
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).toEqual([]);
      finishWrite();
      await statusFails;
      await expect(printed).resolves.toEqual({ ok: false, error: 'printer-absent' });
      expect(unhandled).toEqual([]);
      await expect(printer.status()).rejects.toMatchObject({ code: 'printer-absent' });
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('reports a closed port as printer-absent', async () => {
    const { transport, printer } = setup();
    await transport.close();
    await expect(printer.print(job)).resolves.toEqual({ ok: false, error: 'printer-absent' });
  });

  it('fails a status query at once when the port closes under it, and answers again once the port is back', async () => {
    const transport = new FakeTransport();
    const scheduler = new FakeScheduler();
    const printer = new ReceiptPrinter(transport, scheduler, { textEncoder: gb18030Encoder, replyTimeoutMs: 1500 });
    const pending = printer.status();
    await Promise.resolve();
    await transport.close();
    // Unplugged: not 1.5 s of waiting for an answer that cannot come (a device manager's check
    // would outlive the replug and report the printer silent until the next periodic check).
    await expect(pending).rejects.toMatchObject({ code: 'printer-absent' });
    transport.state = 'open';
    transport.attach(createVirtualPrinter());
    const status = printer.status();
    await scheduler.advance(0);
    await expect(status).resolves.toEqual({ online: true, paper: 'ok', coverOpen: false, error: false });
  });
});

describe('printerHealth', () => {
  const ok: PrinterStatus = { online: true, paper: 'ok', coverOpen: false, error: false };
  it('maps status to the health the terminal reports', () => {
    expect(printerHealth(ok)).toEqual({ state: 'ready' });
    expect(printerHealth({ ...ok, paper: 'near-end' })).toEqual({ state: 'degraded', reasons: ['paper-near-end'] });
    expect(printerHealth({ ...ok, online: false, paper: 'out' })).toEqual({ state: 'absent', reasons: ['paper-out'] });
    expect(printerHealth({ ...ok, online: false, coverOpen: true })).toEqual({ state: 'absent', reasons: ['cover-open'] });
    expect(printerHealth({ ...ok, online: false })).toEqual({ state: 'absent', reasons: ['offline'] });
    expect(printerHealth({ ...ok, error: true })).toEqual({ state: 'absent', reasons: ['printer-error'] });
  });
});
