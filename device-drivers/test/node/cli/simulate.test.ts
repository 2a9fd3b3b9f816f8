import { afterEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SimulatorControl } from '../../../src/node/sim/control-client.ts';
import { SerialTransport } from '../../../src/node/transport/serial-transport.ts';
import { exited, startUntilJsonLine } from '../../support/cli.ts';

const bin = path.resolve(import.meta.dirname, '../../../bin/kiosk-devices.mjs');
const children: ChildProcessWithoutNullStreams[] = [];
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

/** Starts `kiosk-devices simulate` and resolves with its JSON line. */
async function simulate(args: string[] = []): Promise<{ child: ChildProcessWithoutNullStreams; paths: Record<string, string> }> {
  const { child, json } = await startUntilJsonLine([bin, 'simulate', ...args]);
  children.push(child);
  return { child, paths: json };
}

async function collectUntil(t: SerialTransport, done: (bytes: number[]) => boolean, ms = 15_000): Promise<number[]> {
  const got: number[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out with ${JSON.stringify(got)}`)), ms);
    t.onData((b) => {
      got.push(...b);
      if (done(got)) {
        clearTimeout(timer);
        resolve(got);
      }
    });
  });
}

describe('kiosk-devices simulate', () => {
  it('serves every device on a pty, is scripted through sim-control, and cleans up when stopped', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'simulate-test-'));
    const pathsFile = path.join(dir, 'paths.json');
    const { child, paths } = await simulate(['--paths-file', pathsFile]);
    expect(Object.keys(paths).sort()).toEqual(['barcode-scanner', 'card-reader', 'control', 'id-reader', 'receipt-printer']);
    for (const kind of ['card-reader', 'id-reader', 'receipt-printer', 'barcode-scanner']) expect(existsSync(paths[kind]!)).toBe(true);
    expect(JSON.parse(readFileSync(pathsFile, 'utf8'))).toEqual(paths);

    // The printer answers a real-time status request on its pty.
    const printer = await SerialTransport.open({ path: paths['receipt-printer']!, baudRate: 9600 });
    cleanups.push(() => printer.close());
    const status = collectUntil(printer, (b) => b.length >= 1);
    await printer.write(new Uint8Array([0x10, 0x04, 0x01]));
    expect(((await status)[0]! & 0x93) === 0x12).toBe(true);

    // A scan scripted through the CLI arrives on the scanner's pty.
    const scanner = await SerialTransport.open({ path: paths['barcode-scanner']!, baudRate: 9600 });
    cleanups.push(() => scanner.close());
    const line = collectUntil(scanner, (b) => b.at(-1) === 0x0a);
    const r = spawnSync(process.execPath, [bin, 'sim-control', '--socket', paths.control!, '--device', 'barcode-scanner', '--action', 'scan', '--code', '6901234567892'], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ ok: true });
    expect(Buffer.from(await line).toString()).toBe('6901234567892\r\n');

    // The typed client scripts the card reader; a bad action is a typed failure, not a crash.
    const control = await SimulatorControl.connect(paths.control!);
    cleanups.push(() => control.close());
    expect(await control.send('card-reader', { action: 'remove-card' })).toEqual({ ok: true });
    expect(await control.send('card-reader', { action: 'insert-card', card: 'no-such-card' })).toMatchObject({ ok: false });
    expect(await control.send('receipt-printer', { action: 'paper-near-end' })).toMatchObject({ ok: true });

    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
    expect(existsSync(paths['card-reader']!)).toBe(false);
    expect(existsSync(paths.control!)).toBe(false);
    expect(existsSync(pathsFile)).toBe(false);
  }, 120_000);

  it('starts only the devices a configuration marks simulated, at their line speed', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'simulate-test-'));
    const config = path.join(dir, 'devices.json');
    writeFileSync(config, JSON.stringify({ 'receipt-printer': { simulated: true, profile: '58mm', baudRate: 115200 } }));
    const { child, paths } = await simulate(['--config', config]);
    expect(Object.keys(paths).sort()).toEqual(['control', 'receipt-printer']);
    child.kill('SIGINT');
    expect(await exited(child)).toBe(0);
  }, 120_000);

  it('refuses a bad configuration with the field at fault and exit 64', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'simulate-test-'));
    const config = path.join(dir, 'devices.json');
    writeFileSync(config, JSON.stringify({ 'receipt-printer': { simulated: true, baudRate: 'fast' } }));
    const r = spawnSync(process.execPath, [bin, 'simulate', '--config', config], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(64);
    const error = JSON.parse(r.stdout) as { error: string; issues: { field: string }[] };
    expect(error.error).toBe('invalid-config');
    expect(error.issues.map((i) => i.field)).toContain('receipt-printer.baudRate');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }, 120_000);

  it('sim-control reports simulators that are not running as unreachable', () => {
    const r = spawnSync(process.execPath, [bin, 'sim-control', '--socket', '/tmp/no-such-kiosk-sim.sock', '--device', 'card-reader', '--action', 'list-cards'], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ error: 'unreachable' });
  }, 120_000);
});
