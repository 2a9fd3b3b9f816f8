/**
 * Usage statistics end to end: a resident's session in Chromium on the kiosk host (the real
 * core and socket bridge), the hour closed by the core and sent through its event outbox to the
 * real district server, and the staff funnel, service and proof-of-play reports counting it.
 * Exactly once: a kiosk that crashed after queueing the hour but before saving that it had,
 * sends the hour again on restart, and the reports still count the session once.
 */
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { shanghaiDay } from '@civic-kiosk/protocol/china-time';
import { HOUR_MS, UsageApiPaths } from '@civic-kiosk/protocol/usage';
import { withApp } from '../../../admin-web/server/test/support/app.ts';
import type { TestApp } from '../../../admin-web/server/test/support/app.ts';
import { loginStaff } from '../../../admin-web/server/test/support/staff.ts';
import type { StaffClient } from '../../../admin-web/server/test/support/staff.ts';
import { absentDevices } from '../../src/node/devices.ts';
import { startKioskHost } from '../../src/node/host/kiosk-host.ts';
import type { KioskHost } from '../../src/node/host/kiosk-host.ts';
import { KioskCore } from '../../src/node/kiosk-core.ts';
import { browserShellActions } from '../../src/node/shell-actions.ts';
import { ensureBuilt, launchBrowser, UI_DIR } from '../support/browser.ts';
import type { Kiosk } from '../support/browser.ts';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 240_000 });

let t: TestApp;
let staff: StaffClient;
let dataDir: string;
let core: KioskCore;
let host: KioskHost;
let kiosk: Kiosk;

const openCore = () => KioskCore.open({ dataDir, appVersion: '0.1.0', shell: browserShellActions, devices: absentDevices(), now: t.clock.now, pushBackoff: { baseMs: 50, maxMs: 500 } });

beforeAll(async () => {
  await ensureBuilt();
  t = await withApp('sqlite');
  const base = await t.app.listen({ host: '127.0.0.1', port: 0 });
  staff = await loginStaff(t, 'admin', 'admin');
  const published = await staff.request('POST', '/api/staff/content/releases', { targets: ['all'] });
  if (published.statusCode !== 201) throw new Error(`publishing failed: ${published.body}`);
  const created = await staff.request('POST', '/api/terminals', { name: 'Pujiang lobby 2', location: 'Hall A', group: 'pujiang' });
  dataDir = await mkdtemp(path.join(tmpdir(), 'kiosk-usage-e2e-'));
  core = await openCore();
  await core.handlers['terminal.enrol']({ serverUrl: base, code: created.json().enrolment.code });
  // The page needs the published release (its guides) before it opens.
  for (const end = Date.now() + 60_000; !core.content.active; await new Promise((r) => setTimeout(r, 100))) {
    if (Date.now() > end) throw new Error('the kiosk did not get the published release');
  }
  host = await startKioskHost({ backend: core, uiDir: UI_DIR, port: 0 });
  kiosk = await launchBrowser();
}, 240_000);

afterAll(async () => {
  await kiosk?.close();
  await host?.stop();
  await core?.stop();
  await t?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function report<T>(url: string, day: string): Promise<T> {
  const res = await staff.request('GET', `${url}?from=${day}&to=${day}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as T;
}

describe('usage from a kiosk session to the staff reports', () => {
  it('counts a session (attract → home → a guide read → finish) once, even when the kiosk re-sends its hour after a crash', async () => {
    const page = await kiosk.context.newPage();
    await page.goto(host.url);
    // The welcome poster plays through its 8 seconds before anyone touches.
    await page.locator('.attract-media[alt="欢迎使用自助服务终端"]').waitFor();
    await page.locator('.attract-media:not([alt="欢迎使用自助服务终端"])').waitFor({ timeout: 30_000 });
    await page.getByTestId('attract').click();
    await page.locator('.tile[data-route="guides"]').click();
    await page.locator('.list-item').first().click();
    await page.getByTestId('nav-back').waitFor();
    await page.getByTestId('finish').click();
    await page.getByTestId('attract').waitFor();
    await page.close();

    // The hour is over: the next fact (or the minute tick) closes it and the outbox sends it.
    const hourStart = Math.floor(t.clock.now() / HOUR_MS) * HOUR_MS;
    const day = shanghaiDay(hourStart);
    const stateFile = path.join(dataDir, 'usage-hour.json');
    // The session's end is on disk before the copy the crash below goes back to.
    await expect.poll(async () => JSON.parse(await readFile(stateFile, 'utf8')).hour.funnel.attract).toBe(1);
    await copyFile(stateFile, `${stateFile}.before-close`);
    t.clock.advance(hourStart + HOUR_MS + 60_000 - t.clock.now());
    await core.handlers['usage.record']({ kind: 'session-ended' });
    await expect.poll(async () => (await report<{ steps: { sessions: number }[] }>(UsageApiPaths.funnel, day)).steps.map((s) => s.sessions)).toEqual([1, 1, 1, 1]);

    // A crash after the hour was queued (and even delivered) but before the core saved that it had:
    // on restart it sends the hour again. (The server has it once the report shows it; the outbox
    // forgets it on disk once its answer is in.)
    const outboxFile = path.join(dataDir, 'event-outbox.json');
    const queuedHours = async () =>
      (JSON.parse(await readFile(outboxFile, 'utf8').catch(() => '[]')) as { type: string; detail?: { hour?: number } }[]).filter((e) => e.type === 'usage-hour').map((e) => e.detail?.hour);
    await expect.poll(queuedHours).toEqual([]);
    await host.stop();
    await core.stop();
    await copyFile(`${stateFile}.before-close`, stateFile);
    core = await openCore();
    // The hour is queued again.
    expect(await queuedHours()).toEqual([hourStart]);
    await expect.poll(() => core.outboxSize, { timeout: 30_000 }).toBe(0);

    const funnel = await report<{ steps: { step: string; sessions: number; dropOff: number }[] }>(UsageApiPaths.funnel, day);
    expect(funnel.steps).toEqual([
      { step: 'attract', sessions: 1, dropOff: 0, dropOffRate: 0 },
      { step: 'home', sessions: 1, dropOff: 0, dropOffRate: 0 },
      { step: 'service', sessions: 1, dropOff: 0, dropOffRate: 0 },
      { step: 'done', sessions: 1, dropOff: 0, dropOffRate: 0 },
    ]);
    const services = await report<{ totals: unknown[] }>(UsageApiPaths.services, day);
    expect(services.totals).toEqual([{ service: 'guides', started: 1, completed: 1 }]);
    const plays = await report<{ rows: { item: string; plays: number; seconds: number }[] }>(UsageApiPaths.plays, day);
    expect(plays.rows.find((r) => r.item === 'welcome')).toMatchObject({ plays: 1, seconds: 8 });
    const sessions = await report<{ days: unknown[]; screens: { screen: string; shown: number }[] }>(UsageApiPaths.sessions, day);
    expect(sessions.days).toEqual([{ day, sessions: 1, elderlySessions: 0 }]);
    expect(Object.fromEntries(sessions.screens.map((s) => [s.screen, s.shown]))).toEqual({ home: 1, guides: 1, guide: 1 });
  });
});
