/**
 * The kiosk core against the real district server (buildApp on SQLite, listening on loopback):
 * enrolment with a one-time code, signed requests, heartbeats, commands over the push channel
 * with acks, emergency broadcasts, and content sync of a published release.
 */
import { mkdtemp, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withApp } from '../../../../admin-web/server/test/support/app.ts';
import type { TestApp } from '../../../../admin-web/server/test/support/app.ts';
import { loginStaff } from '../../../../admin-web/server/test/support/staff.ts';
import type { StaffClient } from '../../../../admin-web/server/test/support/staff.ts';
import type { BridgeEventName } from '../../../src/common/bridge-channels.ts';
import { absentDevices } from '../../../src/node/devices.ts';
import { KioskCore } from '../../../src/node/kiosk-core.ts';
import { browserShellActions } from '../../../src/node/shell-actions.ts';

let t: TestApp;
let base: string;
let operator: StaffClient;
const cores: KioskCore[] = [];

beforeEach(async () => {
  t = await withApp('sqlite');
  base = await t.app.listen({ host: '127.0.0.1', port: 0 });
  operator = await loginStaff(t, 'operator');
});
afterEach(async () => {
  for (const c of cores.splice(0)) await c.stop();
  await t.close();
});

async function newCode(group = 'xuhui'): Promise<{ id: string; code: string }> {
  const created = await operator.request('POST', '/api/terminals', { name: 'Lobby kiosk 1', location: 'Hall A', group });
  expect(created.statusCode).toBe(201);
  return { id: created.json().terminal.id, code: created.json().enrolment.code };
}

async function kiosk(dataDir?: string) {
  const dir = dataDir ?? (await mkdtemp(path.join(tmpdir(), 'kiosk-core-')));
  const events: { event: BridgeEventName; payload: unknown }[] = [];
  const core = await KioskCore.open({
    dataDir: dir,
    appVersion: '0.1.0',
    shell: browserShellActions,
    devices: absentDevices(),
    pushBackoff: { baseMs: 50, maxMs: 500 },
  });
  core.events.subscribe((event, payload) => events.push({ event, payload }));
  cores.push(core);
  return { core, events, dir };
}

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 45_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('kiosk core with the district server', { timeout: 90_000 }, () => {
  it('enrols, keeps its key private, heartbeats and signs API calls', async () => {
    const { core, events, dir } = await kiosk();
    const { code } = await newCode();
    const info = await core.handlers['terminal.enrol']({ serverUrl: base, code });
    expect(info).toMatchObject({ enrolled: true, terminalName: 'Lobby kiosk 1', shell: 'browser' });
    expect((await stat(path.join(dir, 'terminal-key.pk8'))).mode & 0o777).toBe(0o600);
    await until('online', () => events.find((e) => e.event === 'online' && (e.payload as { online: boolean }).online));
    const terminal = await until('a heartbeat on the server', async () => {
      const list = (await operator.request('GET', '/api/terminals')).json().terminals as { id: string; heartbeat: unknown }[];
      return list.find((x) => x.id === info.terminalId && x.heartbeat);
    });
    expect(terminal.heartbeat).toMatchObject({ appVersion: '0.1.0', screen: { mode: 'attract' } });
    // A service call is signed by the core and its answer checked against the protocol schema.
    const bills = await core.handlers['payments.lookup']({ biller: 'water', account: '20481234' });
    expect(bills.ok && bills.value.bills.length).toBeGreaterThan(0);
    // Staff PIN use reaches the server's event log, without the PIN.
    await core.handlers['terminal.verifyStaffPin']({ pin: '13579' });
    const logged = await until('the staff-pin event on the server', async () => {
      const list = (await operator.request('GET', `/api/terminals/${info.terminalId}/events`)).json().events as { type: string; detail?: unknown }[];
      return list.find((e) => e.type === 'staff-pin');
    });
    expect(logged.detail).toMatchObject({ result: 'wrong' });
    expect(JSON.stringify(logged)).not.toContain('13579');
    // Once enrolled, the UI cannot move the terminal to another server.
    const other = await newCode();
    await expect(core.handlers['terminal.enrol']({ serverUrl: base, code: other.code })).rejects.toMatchObject({ reason: 'already-enrolled' });
  });

  it('goes offline when the server is gone and answers service calls with offline', async () => {
    const { core, events } = await kiosk();
    const { code } = await newCode();
    await core.handlers['terminal.enrol']({ serverUrl: base, code });
    await until('online', () => core.online);
    await t.app.close();
    expect(await core.heartbeat()).toBe(false);
    expect(core.online).toBe(false);
    expect(events.filter((e) => e.event === 'online').at(-1)?.payload).toEqual({ online: false });
    expect(await core.handlers['payments.status']({ idempotencyKey: '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b' })).toEqual({ ok: false, failure: { status: 0, code: 'offline' } });
    // An event reported while offline waits in the durable outbox.
    await core.handlers['terminal.reportEvent']({ type: 'receipt-reprint' });
    expect(core.outboxSize).toBe(1);
  });

  it('refuses a used code with a typed enrolment error', async () => {
    const { core } = await kiosk();
    const { code } = await newCode();
    await core.handlers['terminal.enrol']({ serverUrl: base, code });
    const second = await kiosk();
    await expect(second.core.handlers['terminal.enrol']({ serverUrl: base, code })).rejects.toMatchObject({ code: 'enrolment-failed' });
    await expect(second.core.handlers['terminal.enrol']({ serverUrl: 'http://127.0.0.1:9', code })).rejects.toMatchObject({ reason: 'server-unreachable' });
  });

  it('lets only one of two concurrent enrolments through', async () => {
    const { core } = await kiosk();
    const [a, b] = [await newCode(), await newCode()];
    const outcomes = await Promise.allSettled([
      core.handlers['terminal.enrol']({ serverUrl: base, code: a.code }),
      core.handlers['terminal.enrol']({ serverUrl: base, code: b.code }),
    ]);
    const enrolled = outcomes.filter((o) => o.status === 'fulfilled');
    const refused = outcomes.filter((o) => o.status === 'rejected');
    expect(enrolled).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(refused[0]?.reason).toMatchObject({ code: 'enrolment-failed', reason: 'already-enrolled' });
    expect(core.info()).toMatchObject({ enrolled: true, terminalId: a.id });
  });

  it('applies maintenance and emergency commands from the push channel and acknowledges them', async () => {
    const { core, events } = await kiosk();
    const { code } = await newCode();
    const info = await core.handlers['terminal.enrol']({ serverUrl: base, code });
    await until('online', () => core.online);
    const sent = await operator.request('POST', `/api/terminals/${info.terminalId}/commands`, { command: { kind: 'maintenance-on', args: {} } });
    expect(sent.statusCode).toBe(202);
    await until('maintenance event', () => events.find((e) => e.event === 'maintenance'));
    expect((await core.handlers['terminal.info'](undefined)).maintenance).toBe(true);
    await until('the ack on the server', async () => {
      const list = (await operator.request('GET', `/api/terminals/${info.terminalId}/commands`)).json().commands as { kind: string; status: string }[];
      return list.find((c) => c.kind === 'maintenance-on' && c.status === 'done');
    });
    const broadcast = await operator.request('POST', '/api/broadcasts/emergency', {
      level: 'evacuate',
      title: { 'zh-CN': '紧急疏散', en: 'Evacuate' },
      body: { 'zh-CN': '请有序离开大厅。', en: 'Please leave the hall.' },
    });
    expect(broadcast.statusCode).toBe(201);
    const shown = await until('emergency event', () => events.find((e) => e.event === 'emergency'));
    expect(shown.payload).toMatchObject({ active: true, title: { en: 'Evacuate' } });
  });

  it('syncs the published release and serves it; a restart keeps the enrolment', async () => {
    const admin = await loginStaff(t, 'admin', 'admin');
    const published = await admin.request('POST', '/api/staff/content/releases', { targets: ['all'] });
    expect(published.statusCode).toBe(201);
    const first = await kiosk();
    const { code } = await newCode();
    await first.core.handlers['terminal.enrol']({ serverUrl: base, code });
    const switched = await until('content event', () => first.events.find((e) => e.event === 'content'));
    const releaseId = (switched.payload as { releaseId: string }).releaseId;
    expect(first.core.content.active?.releaseId).toBe(releaseId);
    const files = first.core.content.active!.manifest.files;
    expect(files.every((f) => first.core.content.servable(f.sha256))).toBe(true);
    await first.core.stop();
    cores.splice(cores.indexOf(first.core), 1);
    const again = await kiosk(first.dir);
    expect(await again.core.handlers['terminal.info'](undefined)).toMatchObject({ enrolled: true, contentReleaseId: releaseId });
  });
});
