/** kiosk-devices printer-status / print / scan, spawned as a user runs them, against ptys. */
import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createVirtualPrinter, createVirtualScanner } from '../../../src/common/sim/printer-scanner.ts';
import { cleanupAfterEach, cli, expectNoStack, json, kioskDevicesBin, serve } from '../../support/cli.ts';
import { IndependentEscPosPrinter } from '../../support/independent-escpos.ts';

const BAUD = '115200';
cleanupAfterEach();

let dir: string;
let receipt: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'kiosk-print-'));
  receipt = path.join(dir, 'receipt.json');
  await writeFile(
    receipt,
    JSON.stringify({
      width: 32,
      lines: [
        { text: '燃气费缴费凭证', align: 'center', bold: true },
        { key: '户号', value: '5500112233' },
        { key: '金额', value: '￥86.40' },
        { qr: 'TX-20261126-004211' },
      ],
    }),
  );
});

describe('printer-status', () => {
  it('prints the status of a ready printer', async () => {
    const r = await cli(['printer-status', '--port', await serve(createVirtualPrinter()), '--baud', BAUD]);
    expect(r.code).toBe(0);
    expect(json(r)).toEqual({ online: true, paper: 'ok', coverOpen: false, error: false });
  });

  it('shows paper near end and cover open', async () => {
    const sim = createVirtualPrinter();
    const port = await serve(sim);
    sim.control({ action: 'paper-near-end' });
    sim.control({ action: 'cover-open' });
    const r = await cli(['printer-status', '--port', port, '--baud', BAUD]);
    expect(json(r)).toEqual({ online: false, paper: 'near-end', coverOpen: true, error: false });
  });

  it('reports a missing port as printer-absent, exit 4, no stack trace', async () => {
    const r = await cli(['printer-status', '--port', path.join(dir, 'no-such-tty')]);
    expect(r.code).toBe(4);
    expect(json(r)).toMatchObject({ error: 'printer-absent' });
    expectNoStack(r);
  });
});

describe('print', () => {
  it('prints a receipt and exits 0', async () => {
    const sim = createVirtualPrinter();
    const r = await cli(['print', '--port', await serve(sim), '--baud', BAUD, '--receipt', receipt]);
    expect(r.code).toBe(0);
    expect(json(r)).toEqual({ ok: true, paper: 'ok' });
    expect(sim.decodedReceipts()[0]?.blocks[0]).toMatchObject({ text: '燃气费缴费凭证' });
  });

  it('exits 4 with paper-out and sends no receipt when paper is out', async () => {
    const sim = createVirtualPrinter();
    const port = await serve(sim);
    sim.control({ action: 'paper-out' });
    const r = await cli(['print', '--port', port, '--baud', BAUD, '--receipt', receipt]);
    expect(r.code).toBe(4);
    expect(json(r)).toEqual({ error: 'paper-out' });
    expect(sim.control({ action: 'receipts' })).toMatchObject({ receipts: [], bytesReceived: 12 });
  });

  it('exits 4 with cover-open when the cover is open', async () => {
    const sim = createVirtualPrinter();
    const port = await serve(sim);
    sim.control({ action: 'cover-open' });
    const r = await cli(['print', '--port', port, '--baud', BAUD, '--receipt', receipt]);
    expect(r.code).toBe(4);
    expect(json(r)).toEqual({ error: 'cover-open' });
  });

  it('rejects invalid JSON and an invalid receipt with a clear error', async () => {
    const bad = path.join(dir, 'bad.json');
    await writeFile(bad, '{ "width": 32, ');
    const r1 = await cli(['print', '--port', '/dev/null', '--receipt', bad]);
    expect(r1.code).not.toBe(0);
    expect(json(r1)).toMatchObject({ error: 'invalid-receipt' });
    const wrong = path.join(dir, 'wrong.json');
    await writeFile(wrong, JSON.stringify({ width: 40, lines: [{ text: 5 }] }));
    const r2 = await cli(['print', '--port', '/dev/null', '--receipt', wrong]);
    expect(r2.code).not.toBe(0);
    expect(json(r2)).toMatchObject({ error: 'invalid-receipt', issues: expect.arrayContaining([expect.objectContaining({ path: 'width' })]) });
    expectNoStack(r1);
    expectNoStack(r2);
  });
});

describe('against an independent ESC/POS implementation', () => {
  it('printer-status and print work and the receipt reads back', async () => {
    const printer = new IndependentEscPosPrinter();
    const port = await serve(printer);
    const s = await cli(['printer-status', '--port', port, '--baud', BAUD]);
    expect(json(s)).toEqual({ online: true, paper: 'ok', coverOpen: false, error: false });
    const p = await cli(['print', '--port', port, '--baud', BAUD, '--receipt', receipt]);
    expect(p.code).toBe(0);
    const out = printer.printed();
    expect(out.lines[0]).toBe('燃气费缴费凭证');
    expect(out.lines).toContain(`户号${' '.repeat(18)}5500112233`);
    expect(out.qr).toEqual(['TX-20261126-004211']);
    expect(out.cut).toBe(true);
  });

  it('paper out: exit 4 and nothing but status requests sent', async () => {
    const printer = new IndependentEscPosPrinter();
    printer.paperOut = true;
    const port = await serve(printer);
    const p = await cli(['print', '--port', port, '--baud', BAUD, '--receipt', receipt]);
    expect(p.code).toBe(4);
    expect(json(p)).toEqual({ error: 'paper-out' });
    expect(printer.received).toEqual([0x10, 0x04, 1, 0x10, 0x04, 2, 0x10, 0x04, 3, 0x10, 0x04, 4]);
  });
});

describe('scan', () => {
  it('prints each code as a JSON line until SIGTERM, then exits 0', async () => {
    const sim = createVirtualScanner();
    const port = await serve(sim);
    const child = spawn(process.execPath, [kioskDevicesBin, 'scan', '--port', port, '--baud', BAUD]);
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const lines: unknown[] = [];
    const gotTwo = new Promise<void>((resolve) =>
      child.stdout.on('data', (d) => {
        stdout += d;
        const complete = stdout.split('\n').slice(0, -1);
        if (complete.length >= 2) resolve();
      }),
    );
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    // Scan once the command says it is listening.
    await new Promise<void>((resolve) => {
      const check = (): void => (stderr.includes('listening') ? resolve() : void setTimeout(check, 50));
      check();
    });
    sim.control({ action: 'scan', code: '6901234567892', symbology: 'ean13' });
    sim.control({ action: 'scan', code: 'https://pay.example.cn/b/77', symbology: 'qr' });
    await gotTwo;
    for (const l of stdout.trim().split('\n')) lines.push(JSON.parse(l));
    expect(lines).toEqual([
      { code: '6901234567892', symbology: 'ean13' },
      { code: 'https://pay.example.cn/b/77', symbology: 'qr' },
    ]);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
