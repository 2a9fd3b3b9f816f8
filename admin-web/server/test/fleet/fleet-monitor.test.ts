import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildMetricsServer } from '../../src/metrics/metrics-server.ts';
import { DIALECTS, withApp } from '../support/app.ts';
import type { TestApp } from '../support/app.ts';
import { loginStaff } from '../support/staff.ts';
import type { StaffClient } from '../support/staff.ts';
import { TestTerminal } from '../support/terminal.ts';

interface Hook {
  event: string;
  alert: { kind: string; key: string; terminalId: string };
}

/** A loopback webhook receiver that fails the first `failFirst` posts. */
async function receiver(failFirst: number): Promise<{ server: Server; url: string; received: Hook[] }> {
  const received: Hook[] = [];
  let failures = failFirst;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      if (failures-- > 0) {
        res.writeHead(500).end();
        return;
      }
      received.push(JSON.parse(body) as Hook);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received };
}

describe.each(DIALECTS)('fleet monitor, alerts and webhooks (%s)', (dialect) => {
  let t: TestApp;
  let hooks: Awaited<ReturnType<typeof receiver>>;
  let operator: StaffClient;
  beforeEach(async () => {
    hooks = await receiver(1);
    t = await withApp(dialect, { config: { terminals: { alertWebhooks: [hooks.url], heartbeatIntervalMs: 10_000, stuckAfterMs: 60_000, heartbeatHistoryPerTerminal: 3 } } });
    operator = await loginStaff(t, 'operator');
  });
  afterEach(async () => {
    await t.close();
    await new Promise((r) => hooks.server.close(r));
  });

  const alerts = async (query = '') => (await operator.request('GET', `/api/alerts${query}`)).json().alerts as { kind: string; key: string; resolvedAt: number | null }[];
  const status = async (id: string) => (await operator.request('GET', `/api/terminals/${id}`)).json().status as string;

  it('marks a terminal down after three missed heartbeats, alerts once, and reports recovery', async () => {
    const kiosk = await TestTerminal.enrol(t);
    await kiosk.heartbeat();
    expect(await status(kiosk.id)).toBe('online');
    t.clock.advance(29_000);
    await t.services.monitor.tick();
    expect(await alerts()).toEqual([]);
    t.clock.advance(2_000);
    expect(await status(kiosk.id)).toBe('down');
    await t.services.monitor.tick();
    await t.services.monitor.tick();
    expect((await alerts('?open=true')).map((a) => a.kind)).toEqual(['down']);
    // The receiver refused the first post; the outbox retries after its back-off.
    expect(hooks.received).toEqual([]);
    t.clock.advance(5_000);
    await t.services.monitor.tick();
    expect(hooks.received.map((h) => `${h.event}:${h.alert.kind}`)).toEqual(['alert.opened:down']);

    await kiosk.heartbeat();
    await t.services.monitor.tick();
    expect(await alerts('?open=true')).toEqual([]);
    expect(hooks.received.map((h) => `${h.event}:${h.alert.kind}`)).toEqual(['alert.opened:down', 'alert.resolved:down']);
  });

  it('raises stuck when the same non-idle screen lasts too long, not for attract or maintenance', async () => {
    const kiosk = await TestTerminal.enrol(t);
    const beat = async (count: number, mode: 'session' | 'attract' | 'maintenance', service?: string) => {
      for (let i = 0; i < count; i++) {
        await kiosk.heartbeat({ screen: { mode, ...(service ? { service } : {}) } });
        t.clock.advance(9_000);
      }
    };
    await beat(10, 'maintenance');
    expect(await status(kiosk.id)).toBe('online');
    await beat(6, 'session', 'bills');
    expect(await status(kiosk.id)).toBe('online');
    await beat(2, 'session', 'bills');
    expect(await status(kiosk.id)).toBe('stuck');
    await t.services.monitor.tick();
    expect((await alerts('?open=true')).map((a) => a.kind)).toEqual(['stuck']);
    await kiosk.heartbeat({ screen: { mode: 'attract' } });
    await t.services.monitor.tick();
    expect(await alerts('?open=true')).toEqual([]);
  });

  it('alerts per faulty device and resolves when it is back', async () => {
    const kiosk = await TestTerminal.enrol(t);
    await kiosk.heartbeat({ devices: { 'receipt-printer': { state: 'absent', reasons: ['paper-out'] }, 'card-reader': { state: 'absent', reasons: ['no-response'] } } });
    await t.services.monitor.tick();
    expect((await alerts('?open=true')).map((a) => a.key).sort()).toEqual(['device-fault:card-reader', 'device-fault:receipt-printer']);
    await kiosk.heartbeat({ devices: { 'receipt-printer': { state: 'absent', reasons: ['paper-out'] }, 'card-reader': { state: 'ready' } } });
    await t.services.monitor.tick();
    expect((await alerts('?open=true')).map((a) => a.key)).toEqual(['device-fault:receipt-printer']);
    expect((await alerts('?open=false')).map((a) => a.key)).toEqual(['device-fault:card-reader']);
  });

  it('keeps the latest heartbeat and a bounded history', async () => {
    const kiosk = await TestTerminal.enrol(t);
    for (let i = 1; i <= 5; i++) {
      await kiosk.heartbeat({ uptimeSeconds: i });
      t.clock.advance(1_000);
    }
    await t.services.retention.prune();
    const history = (await operator.request('GET', `/api/terminals/${kiosk.id}/heartbeats`)).json().heartbeats;
    expect(history.map((h: { heartbeat: { uptimeSeconds: number } }) => h.heartbeat.uptimeSeconds)).toEqual([5, 4, 3]);
    const view = (await operator.request('GET', `/api/terminals/${kiosk.id}`)).json();
    expect(view.heartbeat).toMatchObject({ uptimeSeconds: 5, appVersion: '1.4.0', contentVersion: 'release-2026-11-01' });
  });

  it('counts heartbeats and online terminals in the metrics', async () => {
    const kiosk = await TestTerminal.enrol(t);
    await kiosk.heartbeat();
    const metrics = buildMetricsServer(t.services.metrics);
    const text = (await metrics.inject({ method: 'GET', url: '/metrics' })).body;
    await metrics.close();
    expect(text).toMatch(/civic_heartbeats_ingested_total 1\b/);
    expect(text).toMatch(/civic_terminals_online 1\b/);
  });
});
