import { afterEach, describe, expect, it } from 'vitest';
import { TerminalApiPaths } from '@civic-kiosk/protocol/terminal-api';
import type { ConfigOverrides } from '../../src/config.ts';
import { DIALECTS, withApp } from '../support/app.ts';
import type { TestApp } from '../support/app.ts';
import { TestTerminal, sampleHeartbeat } from '../support/terminal.ts';

const DAY = 24 * 60 * 60_000;

describe.each(DIALECTS)('retention of terminal events and heartbeat history (%s)', (dialect) => {
  let t: TestApp;
  afterEach(async () => {
    await t.close();
  });
  const start = async (terminals: ConfigOverrides['terminals']) => {
    t = await withApp(dialect, { config: { terminals } });
  };

  let seq = 0;
  const sendEvents = (kiosk: TestTerminal, n: number) =>
    kiosk.request('POST', TerminalApiPaths.events, { events: Array.from({ length: n }, () => ({ id: `ev-${++seq}`, type: 'staff-pin-used', at: t.clock.now() })) });
  const eventIds = async (kiosk: TestTerminal) =>
    (await t.services.db.selectFrom('terminal_events').select('event_id').where('terminal_id', '=', kiosk.id).orderBy('id').execute()).map((r) => r.event_id);
  const uptimes = async (kiosk: TestTerminal) =>
    (await t.services.heartbeats.history(kiosk.id, 1_000)).map((h) => h.heartbeat.uptimeSeconds).sort((a, b) => a - b);

  it('deletes events and heartbeats older than their days, judged by when the server received them', async () => {
    await start({ eventRetentionDays: 90, heartbeatRetentionDays: 30 });
    const kiosk = await TestTerminal.enrol(t);
    expect((await sendEvents(kiosk, 3)).statusCode).toBe(200);
    await kiosk.heartbeat({ uptimeSeconds: 1 });
    t.clock.advance(31 * DAY);
    await kiosk.heartbeat({ uptimeSeconds: 2 });
    // A terminal's own clock says nothing about age: an event dated far back is young here.
    expect((await kiosk.request('POST', TerminalApiPaths.events, { events: [{ id: 'backdated', type: 'x', at: 0 }] })).statusCode).toBe(200);
    expect(await t.services.retention.prune()).toEqual({ events: 0, heartbeats: 1, screenshots: 0 });
    expect(await uptimes(kiosk)).toEqual([2]);
    t.clock.advance(60 * DAY);
    expect(await t.services.retention.prune()).toEqual({ events: 3, heartbeats: 1, screenshots: 0 });
    expect(await eventIds(kiosk)).toEqual(['backdated']);
    expect(await uptimes(kiosk)).toEqual([]);
  });

  it('keeps the newest events and heartbeats per terminal, deleting in batches', async () => {
    await start({ eventsPerTerminal: 7, heartbeatHistoryPerTerminal: 3, retentionBatchRows: 2 });
    const kiosk = await TestTerminal.enrol(t);
    const quiet = await TestTerminal.enrol(t, { name: 'Lobby kiosk 2' });
    for (let i = 0; i < 4; i++) expect((await sendEvents(kiosk, 5)).statusCode).toBe(200);
    expect((await sendEvents(quiet, 2)).statusCode).toBe(200);
    for (let i = 1; i <= 8; i++) await kiosk.heartbeat({ uptimeSeconds: i });
    const before = await eventIds(kiosk);
    expect(await t.services.retention.prune()).toEqual({ events: 13, heartbeats: 5, screenshots: 0 });
    expect(await eventIds(kiosk)).toEqual(before.slice(-7));
    expect((await eventIds(quiet)).length).toBe(2);
    expect(await uptimes(kiosk)).toEqual([6, 7, 8]);
  });

  it('lets heartbeats through while it trims a large backlog', async () => {
    await start({ heartbeatHistoryPerTerminal: 10, retentionBatchRows: 500 });
    const kiosk = await TestTerminal.enrol(t);
    const payload = JSON.stringify(sampleHeartbeat());
    for (let i = 0; i < 40; i++) {
      await t.services.db
        .insertInto('terminal_heartbeats')
        .values(Array.from({ length: 500 }, () => ({ terminal_id: kiosk.id, received_at: t.clock.now(), payload })))
        .execute();
    }
    // Signed before the trim starts, so the request costs the server its ingest only.
    const body = JSON.stringify(sampleHeartbeat({ uptimeSeconds: 42 }));
    const headers = { ...(await kiosk.sign('POST', TerminalApiPaths.heartbeat, body)), 'content-type': 'application/json' };
    let pruned = false;
    const pruning = t.services.retention.prune().then((r) => {
      pruned = true;
      return r;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect((await t.inject({ method: 'POST', url: TerminalApiPaths.heartbeat, headers, payload: body })).statusCode).toBe(200);
    // Answered between two delete batches, not after the whole trim.
    expect(pruned).toBe(false);
    expect((await pruning).heartbeats).toBeGreaterThanOrEqual(19_990);
    expect((await uptimes(kiosk)).includes(42)).toBe(true);
  });

  it('prunes on its own timer when background timers run', async () => {
    await start({ backgroundTimers: true, retentionIntervalMs: 50, heartbeatHistoryPerTerminal: 2 });
    const kiosk = await TestTerminal.enrol(t);
    for (let i = 1; i <= 5; i++) await kiosk.heartbeat({ uptimeSeconds: i });
    for (let i = 0; i < 100 && (await uptimes(kiosk)).length > 2; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await uptimes(kiosk)).toEqual([4, 5]);
  });
});
