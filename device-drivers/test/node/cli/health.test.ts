import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const bin = path.resolve(import.meta.dirname, '../../../bin/kiosk-devices.mjs');
const configDir = path.resolve(import.meta.dirname, '../../../config');

function run(args: string[]) {
  const r = spawnSync(process.execPath, [bin, 'health', ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, json: JSON.parse(r.stdout.trim().split('\n').pop()!) as Record<string, unknown>, stderr: r.stderr };
}

describe('kiosk-devices health', () => {
  it('opens the simulated devices, self-tests them and exits 0', () => {
    const r = run(['--config', path.join(configDir, 'devices.simulated.json'), '--self-test']);
    expect(r.status).toBe(0);
    expect(r.json['health']).toEqual({
      'card-reader': { state: 'ready' },
      'id-reader': { state: 'ready' },
      'receipt-printer': { state: 'ready' },
      'barcode-scanner': { state: 'ready' },
    });
    expect((r.json['selfTests'] as { device: string; ok: boolean }[]).map((t) => [t.device, t.ok])).toEqual([
      ['card-reader', true],
      ['id-reader', true],
      ['receipt-printer', true],
      ['barcode-scanner', true],
    ]);
  }, 120_000);

  it('reports devices whose ports are missing as absent and exits 1', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'health-test-'));
    const config = path.join(dir, 'devices.json');
    writeFileSync(config, JSON.stringify({ 'receipt-printer': { driver: 'escpos', profile: '58mm', transport: { type: 'serial', path: path.join(dir, 'no-such-tty') } } }));
    const r = run(['--config', config]);
    expect(r.status).toBe(1);
    expect(r.json).toEqual({ health: { 'receipt-printer': { state: 'absent', reasons: ['port-missing'] } } });
    expect(r.stderr).toContain('receipt-printer: absent (port-missing)');
  }, 120_000);

  it('refuses a missing configuration file with exit 64', () => {
    const r = run(['--config', '/nonexistent/devices.json']);
    expect(r.status).toBe(64);
    expect(r.json).toMatchObject({ error: 'unreadable' });
  }, 120_000);
});
