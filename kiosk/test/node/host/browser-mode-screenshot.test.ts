/**
 * A staff screenshot in browser mode, end to end: the district server (real, SQLite), the
 * kiosk core enrolled with it, the real kiosk host serving the built UI, and Chromium started
 * by the host's own launch code (its DevTools pipe captures the window). An operator's
 * screenshot command comes over the push channel; the kiosk captures its window and uploads it
 * on the signed route; the server holds a PNG of the window's page. A screen in use is not
 * captured unless staff force it with a reason.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandView, ScreenshotView } from '@civic-kiosk/protocol/staff-api';
import { withApp } from '../../../../admin-web/server/test/support/app.ts';
import type { TestApp } from '../../../../admin-web/server/test/support/app.ts';
import { stopChild } from '../../../../admin-web/server/test/faults/processes.ts';
import { loginStaff } from '../../../../admin-web/server/test/support/staff.ts';
import type { StaffClient } from '../../../../admin-web/server/test/support/staff.ts';
import { absentDevices } from '../../../src/node/devices.ts';
import { findChromium, launchChromium } from '../../../src/node/host/chromium.ts';
import type { LaunchedChromium } from '../../../src/node/host/chromium.ts';
import { startKioskHost } from '../../../src/node/host/kiosk-host.ts';
import type { KioskHost } from '../../../src/node/host/kiosk-host.ts';
import type { KioskWindow } from '../../../src/node/host/navigation-guard.ts';
import { KioskCore } from '../../../src/node/kiosk-core.ts';
import { browserModeShell } from '../../../src/node/shell-actions.ts';
import { ensureBuilt, UI_DIR } from '../../support/browser.ts';

const WINDOW = { width: 540, height: 960 };

let t: TestApp;
let operator: StaffClient;
let core: KioskCore;
let host: KioskHost;
let chromium: LaunchedChromium | undefined;
let terminalId: string;
const dirs: string[] = [];

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  await ensureBuilt();
  t = await withApp('sqlite');
  const base = await t.app.listen({ host: '127.0.0.1', port: 0 });
  operator = await loginStaff(t, 'operator');
  const created = await operator.request('POST', '/api/terminals', { name: 'Xuhui lobby 3', location: 'Hall B', group: 'xuhui' });
  terminalId = created.json().terminal.id;

  // Chromium starts after the core, as in main.ts.
  const window: { current?: KioskWindow } = {};
  const dataDir = await mkdtemp(path.join(tmpdir(), 'kiosk-shot-'));
  dirs.push(dataDir);
  core = await KioskCore.open({ dataDir, appVersion: '0.1.0', shell: browserModeShell(async () => window.current?.capture()), devices: absentDevices(), pushBackoff: { baseMs: 50, maxMs: 500 } });
  await core.handlers['terminal.enrol']({ serverUrl: base, code: created.json().enrolment.code });
  // The page is up once its UI has reported a screen over the bridge.
  let pageUp = false;
  const reportScreen = core.handlers['terminal.reportScreen'];
  core.handlers['terminal.reportScreen'] = (state) => ((pageUp = true), reportScreen(state));
  host = await startKioskHost({ backend: core, uiDir: UI_DIR, port: 0 });
  const binary = findChromium();
  if (!binary) throw new Error('Chromium is not installed (scripts/install-system-deps.sh)');
  const profile = await mkdtemp(path.join(tmpdir(), 'kiosk-shot-profile-'));
  dirs.push(profile);
  chromium = launchChromium(binary, host.url, { userDataDir: profile, kiosk: false, extraArgs: ['--headless', `--window-size=${WINDOW.width},${WINDOW.height}`] });
  window.current = chromium.window;
  await until('the kiosk page', async () => (pageUp ? true : undefined));
}, 180_000);

afterAll(async () => {
  if (chromium) await stopChild(chromium.process);
  await host?.stop();
  await core?.stop();
  await t?.close();
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

/** Sends a screenshot command and waits for the terminal's acknowledgement. */
async function screenshot(args: Record<string, unknown>): Promise<CommandView> {
  const sent = await operator.request('POST', `/api/terminals/${terminalId}/commands`, { command: { kind: 'screenshot', args } });
  expect(sent.statusCode).toBe(202);
  return until('the acknowledgement', async () => {
    const [latest] = (await operator.request('GET', `/api/terminals/${terminalId}/commands?limit=1`)).json().commands as CommandView[];
    return latest && latest.ackedAt !== null ? latest : undefined;
  });
}

const screenshots = async () => (await operator.request('GET', `/api/terminals/${terminalId}/screenshots`)).json().screenshots as ScreenshotView[];

describe('a staff screenshot in browser mode', { timeout: 120_000 }, () => {
  it('captures the kiosk window through the host and uploads it: the server holds a PNG of the window', async () => {
    const ack = await screenshot({});
    expect(ack).toMatchObject({ status: 'done', ackDetail: expect.stringMatching(/^uploaded \d+ bytes \(attract\)$/) });
    const [shot] = await screenshots();
    expect(shot).toMatchObject({ commandId: ack.id, contentType: 'image/png', screen: { mode: 'attract' }, forcedReason: null });
    const image = await operator.request('GET', `/api/terminals/${terminalId}/screenshots/${shot!.id}`);
    const png = Buffer.from(image.rawPayload);
    // The IHDR chunk: width and height, big-endian, right after the signature and chunk header.
    // The page's viewport: the window's width, its height less what headless Chromium keeps for itself.
    expect([png.subarray(1, 4).toString(), png.readUInt32BE(16)]).toEqual(['PNG', WINDOW.width]);
    expect(png.readUInt32BE(20)).toBeGreaterThan(WINDOW.height * 0.8);
    expect(png.readUInt32BE(20)).toBeLessThanOrEqual(WINDOW.height);
    // Not a blank frame: the attract screen has more than a handful of distinct bytes.
    expect(new Set(png.subarray(64)).size).toBeGreaterThan(100);
  });

  it('refuses a screen in use unless staff force it, and then stores the reason', async () => {
    await core.handlers['terminal.reportScreen']({ mode: 'session', service: 'social-security' });
    const refused = await screenshot({});
    expect(refused).toMatchObject({ status: 'rejected', ackDetail: 'screen in use (session/social-security): not captured without force' });
    expect(await screenshots()).toHaveLength(1);

    const forced = await screenshot({ force: true, reason: 'Resident says the card screen hangs' });
    expect(forced.status).toBe('done');
    expect((await screenshots())[0]).toMatchObject({ commandId: forced.id, screen: { mode: 'session', service: 'social-security' }, forcedReason: 'Resident says the card screen hangs' });
    await core.handlers['terminal.reportScreen']({ mode: 'attract' });
  });
});
