/**
 * Card services end to end: the browser-mode host's socket bridge, the kiosk core, simulated
 * card readers on ptys (the device manager), and the real district server on SQLite. A client
 * on the socket is what a compromised page could be: it gets typed calls only.
 */
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startSimulatedDevices } from '@civic-kiosk/device-drivers/node/device-manager';
import type { SimulatedDevices } from '@civic-kiosk/device-drivers/node/device-manager';
import { sendSimulatorCommand } from '@civic-kiosk/device-drivers/node/sim/control-client';
import { withApp } from '../../../../admin-web/server/test/support/app.ts';
import type { TestApp } from '../../../../admin-web/server/test/support/app.ts';
import { loginStaff } from '../../../../admin-web/server/test/support/staff.ts';
import { connectSocketBridge } from '../../../src/browser/bridge/index.ts';
import type { SocketLike } from '../../../src/browser/bridge/index.ts';
import type { KioskBridge } from '../../../src/common/bridge.ts';
import { startKioskHost } from '../../../src/node/host/kiosk-host.ts';
import type { KioskHost } from '../../../src/node/host/kiosk-host.ts';
import { KioskCore } from '../../../src/node/kiosk-core.ts';
import { browserShellActions } from '../../../src/node/shell-actions.ts';

let t: TestApp;
let sim: SimulatedDevices;
let core: KioskCore;
let host: KioskHost;
let bridge: KioskBridge & { close(): void };

beforeAll(async () => {
  t = await withApp('sqlite');
  const base = await t.app.listen({ host: '127.0.0.1', port: 0 });
  const operator = await loginStaff(t, 'operator');
  const created = await operator.request('POST', '/api/terminals', { name: 'Lobby kiosk 3', location: 'Hall C', group: 'xuhui' });
  sim = await startSimulatedDevices();
  core = await KioskCore.open({ dataDir: await mkdtemp(path.join(tmpdir(), 'kiosk-holder-e2e-')), appVersion: '0.1.0', shell: browserShellActions, devices: sim.manager, pushBackoff: { baseMs: 200, maxMs: 2_000 } });
  await core.handlers['terminal.enrol']({ serverUrl: base, code: created.json().enrolment.code });
  const ui = path.join(await mkdtemp(path.join(tmpdir(), 'kiosk-ui-')), 'ui');
  await mkdir(ui, { recursive: true });
  await writeFile(path.join(ui, 'index.html'), '<!doctype html><title>kiosk</title>');
  host = await startKioskHost({ backend: core, uiDir: ui, port: 0 });
  bridge = connectSocketBridge(host.bridgeUrl, (url) => new WebSocket(url, { origin: host.origin }) as unknown as SocketLike);
}, 120_000);

afterAll(async () => {
  bridge?.close();
  await host?.stop();
  await core?.stop();
  await sim?.stop();
  await t?.close();
});

const card = (command: { action: string; [k: string]: unknown }) => sendSimulatorCommand(sim.control, 'card-reader', command);

function nextEvent<E extends 'card' | 'holder-ended'>(event: E, match: (p: Parameters<Parameters<KioskBridge['on']>[1]>[0]) => boolean = () => true) {
  return new Promise<{ at: number }>((resolve) => {
    const off = bridge.on(event, (p) => {
      if (!match(p)) return;
      off();
      resolve({ at: performance.now() });
    });
  });
}

describe('card services through the host, the simulated readers and the district server', { timeout: 120_000 }, () => {
  it('opens a 3.00 card with its cryptogram, serves the holder, and ends the session within a second of the card leaving', async () => {
    expect((await card({ action: 'insert-card', card: 'ssc-v3-zhang' })).ok).toBe(true);
    const opened = await bridge.socialSecurity.open({ pin: '123456' });
    expect(opened).toMatchObject({ outcome: 'opened', cardVersion: '3.00', assurance: 'card-cryptogram' });
    expect(JSON.stringify(opened)).not.toMatch(/\d{17}[\dX]/);
    const contributions = await bridge.socialSecurity.contributions({ from: '2026-01', to: '2026-06' });
    expect(contributions).toMatchObject({ ok: true, value: { from: '2026-01', to: '2026-06' } });
    expect(await bridge.socialSecurity.medicalAccount()).toMatchObject({ ok: true });
    expect(await bridge.mailbox.list()).toMatchObject({ ok: true });

    const ended = nextEvent('holder-ended');
    const removed = nextEvent('card', (p) => !(p as { present: boolean }).present);
    const pulledAt = performance.now();
    expect((await card({ action: 'remove-card' })).ok).toBe(true);
    const [e, r] = await Promise.all([ended, removed]);
    expect(e.at - pulledAt).toBeLessThan(1_000);
    expect(r.at - pulledAt).toBeLessThan(1_000);
    expect(await bridge.socialSecurity.cardStatus()).toEqual({ ok: false, failure: { status: 0, code: 'no-holder-session' } });
  });

  it('reports a wrong PIN with the tries left, opens a 2.00 card on the PIN alone, and wipes on endSession', async () => {
    const inserted = nextEvent('card', (p) => (p as { present: boolean }).present);
    expect((await card({ action: 'insert-card', card: 'ssc-v2' })).ok).toBe(true);
    await inserted;
    expect(await bridge.socialSecurity.open({ pin: '000000' })).toEqual({ outcome: 'wrong-pin', triesLeft: 2 });
    expect(await bridge.socialSecurity.open({ pin: '123456' })).toMatchObject({ outcome: 'opened', cardVersion: '2.00', assurance: 'pin-only' });
    expect(await bridge.socialSecurity.cardStatus()).toMatchObject({ ok: true, value: { state: expect.any(String) } });
    await bridge.endSession();
    expect(await bridge.socialSecurity.cardStatus()).toEqual({ ok: false, failure: { status: 0, code: 'no-holder-session' } });
  });

  it('gives a page that bypasses the typed proxy no signing channel', async () => {
    const reply = await new Promise<unknown>((resolve) => {
      const ws = new WebSocket(host.bridgeUrl, { origin: host.origin });
      ws.on('open', () => ws.send(JSON.stringify({ type: 'call', id: 1, channel: 'terminal.api', arg: { method: 'POST', path: '/api/terminal/social-security/contributions', body: {} } })));
      ws.on('message', (data: Buffer) => {
        const frame = JSON.parse(data.toString()) as { type: string; reply?: unknown };
        if (frame.type === 'reply') {
          resolve(frame.reply);
          ws.close();
        }
      });
    });
    expect(reply).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
  });
});
