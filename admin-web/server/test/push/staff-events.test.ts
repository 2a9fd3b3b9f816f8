import { connect } from 'node:net';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STAFF_EVENTS_PATH } from '@civic-kiosk/protocol/staff-live';
import { LISTENER_APPLICATION_NAME } from '../../src/db/database.ts';
import { DIALECTS, withApp } from '../support/app.ts';
import type { TestApp } from '../support/app.ts';
import { loginStaff } from '../support/staff.ts';
import type { StaffClient } from '../support/staff.ts';
import { seedFleet } from '../support/fleet.ts';
import { eventsOf, nextStaffEvent, openStaffEvents } from '../support/staff-events.ts';
import { listen, TestTerminal } from '../support/terminal.ts';
import type { PushStream } from '../support/terminal.ts';

const EMERGENCY = { level: 'warning', title: { 'zh-CN': '暂停服务', en: 'Service paused' }, body: { 'zh-CN': '请前往人工窗口。', en: 'Please go to a staffed counter.' } } as const;
// Down after three missed 10-second heartbeats.
const DOWN_AFTER_MS = 31_000;

async function until(done: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; !(await done()); i++) {
    if (i > 500) throw new Error(`timed out waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.each(DIALECTS)('staff event stream (%s)', (dialect) => {
  let t: TestApp;
  let base: string;
  let operator: StaffClient;
  const streams: PushStream[] = [];
  const open = async (staff: StaffClient, lastEventId?: string) => {
    const s = await openStaffEvents(base, staff, lastEventId);
    streams.push(s);
    return s;
  };
  beforeEach(async () => {
    t = await withApp(dialect, { config: { terminals: { heartbeatIntervalMs: 10_000 } } });
    base = await listen(t);
    operator = await loginStaff(t, 'operator');
  });
  afterEach(async () => {
    for (const s of streams.splice(0)) s.close();
    await t.close();
  });

  it('tells an open console of status changes: a missed heartbeat, the return, a device fault; not of a routine heartbeat', async () => {
    const stream = await open(operator);
    const kiosk = await TestTerminal.enrol(t);
    await kiosk.heartbeat();
    await t.services.monitor.tick();
    // Creation, enrolment and the first heartbeat (its devices appear) are changes too, each told
    // with the row as it is when told (so an early one may already show the heartbeat); what
    // follows is counted.
    await expect.poll(() => eventsOf(stream, 'terminal').length).toBe(3);
    const seen = 3;
    const since = () => eventsOf(stream, 'terminal').slice(seen);
    await kiosk.heartbeat();

    t.clock.advance(DOWN_AFTER_MS);
    await t.services.monitor.tick();
    await expect.poll(() => since().map((e) => [e.terminal.id, e.terminal.status])).toEqual([[kiosk.id, 'down']]);
    await kiosk.heartbeat();
    await expect.poll(() => since().map((e) => e.terminal.status)).toEqual(['down', 'online']);
    await kiosk.heartbeat({ devices: { 'card-reader': { state: 'absent', reasons: ['unplugged'] }, 'receipt-printer': { state: 'ready' } } });
    await expect.poll(() => since().length).toBe(3);
    // The routine heartbeat right after opening told nothing: three changes, three events.
    expect(since().map((e) => [e.terminal.status, e.terminal.heartbeat?.devices['card-reader']?.state])).toEqual([['down', expect.anything()], ['online', expect.anything()], ['online', 'absent']]);
    expect((await nextStaffEvent(stream, 'alert', (e) => e.alert.kind === 'down')).change).toBe('opened');
  });

  it('sends alerts to the roles that read them: opened, acknowledged by whom, resolved; a content editor gets terminal events only', async () => {
    const auditor = await open(await loginStaff(t, 'auditor'));
    const editor = await open(await loginStaff(t, 'content-editor'));
    const kiosk = await TestTerminal.enrol(t);
    await kiosk.heartbeat();
    await t.services.monitor.tick();
    t.clock.advance(DOWN_AFTER_MS);
    await t.services.monitor.tick();
    const opened = await nextStaffEvent(auditor, 'alert', (e) => e.change === 'opened');
    expect([opened.alert.kind, opened.alert.terminalName, opened.alert.group, opened.open]).toEqual(['down', 'Lobby kiosk 1', 'xuhui', 1]);

    const ack = await operator.request('POST', `/api/alerts/${opened.alert.id}/acknowledge`);
    expect(ack.statusCode).toBe(200);
    const acknowledged = await nextStaffEvent(auditor, 'alert', (e) => e.change === 'acknowledged');
    expect([acknowledged.alert.acknowledgedBy, acknowledged.alert.acknowledgedAt]).toEqual(['staff:operator-user', t.clock.now()]);

    await kiosk.heartbeat();
    await t.services.monitor.tick();
    expect((await nextStaffEvent(auditor, 'alert', (e) => e.change === 'resolved')).open).toBe(0);
    // A last change after all of the above: once the editor has it, it had everything before.
    await kiosk.heartbeat({ devices: { 'card-reader': { state: 'degraded', reasons: ['dusty'] } } });
    await nextStaffEvent(editor, 'terminal', (e) => e.terminal.heartbeat?.devices['card-reader']?.state === 'degraded');
    expect(eventsOf(editor, 'terminal').map((e) => e.terminal.status)).toContain('down');
    expect(eventsOf(editor, 'alert')).toEqual([]);
    expect(eventsOf(editor, 'broadcast')).toEqual([]);
  });

  it('counts the terminals that acknowledged a broadcast, once each, and tells command acknowledgements', async () => {
    const stream = await open(operator);
    const kiosk = await TestTerminal.enrol(t);
    await kiosk.heartbeat();
    const push = await kiosk.openPush(base);
    streams.push(push);
    const started = (await operator.request('POST', '/api/broadcasts/emergency', EMERGENCY)).json();
    expect((await nextStaffEvent(stream, 'broadcast')).broadcast).toEqual({ broadcastId: started.broadcastId, terminals: 1, acknowledged: 0, endedAt: null });
    const [on] = await push.waitFor((c) => c.some((x) => x.kind === 'emergency-on'));
    await kiosk.ack(on!.id);
    await kiosk.ack(on!.id);
    await nextStaffEvent(stream, 'broadcast', (e) => e.broadcast.acknowledged === 1);
    const listed = (await operator.request('GET', '/api/broadcasts/emergency')).json().broadcasts;
    expect(listed.map((b: { acknowledged: number; terminals: number }) => [b.acknowledged, b.terminals])).toEqual([[1, 1]]);

    await operator.request('POST', `/api/terminals/${kiosk.id}/commands`, { command: { kind: 'reload', args: {} } });
    const reload = (await push.waitFor((c) => c.some((x) => x.kind === 'reload'))).find((c) => c.kind === 'reload')!;
    await kiosk.ack(reload.id, 'failed');
    expect((await nextStaffEvent(stream, 'command')).command).toMatchObject({ id: reload.id, terminalId: kiosk.id, kind: 'reload', status: 'failed' });
    // Emergencies are counted per broadcast, not told per terminal.
    expect(eventsOf(stream, 'command').map((e) => e.command.kind)).toEqual(['reload']);
  });

  it('resumes after Last-Event-ID with what was missed; an id it cannot serve gets a resync', async () => {
    const first = await open(operator);
    const one = (await operator.request('POST', '/api/broadcasts/emergency', EMERGENCY)).json();
    await nextStaffEvent(first, 'broadcast');
    const lastId = first.events.at(-1)!.id!;
    first.close();
    const two = (await operator.request('POST', '/api/broadcasts/emergency', EMERGENCY)).json();
    await operator.request('POST', `/api/broadcasts/emergency/${one.broadcastId}/end`);

    const resumed = await open(operator, lastId);
    await resumed.waitForEvents((e) => e.length >= 2);
    expect(eventsOf(resumed, 'broadcast').map((e) => [e.broadcast.broadcastId, e.broadcast.endedAt === null])).toEqual([
      [two.broadcastId, true],
      [one.broadcastId, false],
    ]);
    expect(eventsOf(resumed, 'resync')).toEqual([]);

    for (const id of ['0badc0de-1', `${lastId.split('-')[0]}-999999`, 'nonsense']) {
      const other = await open(operator, id);
      await other.waitForEvents((e) => e.length >= 1);
      expect(other.events.map((e) => e.event)).toEqual(['resync']);
    }
  });

  it('tells hundreds of terminals going down in one sweep as one resync, not a row each', async () => {
    await seedFleet(t, 300);
    await t.services.monitor.tick();
    const stream = await open(operator);
    t.clock.advance(60_000);
    await t.services.monitor.tick();
    await nextStaffEvent(stream, 'resync');
    expect(eventsOf(stream, 'terminal')).toEqual([]);
  });

  it('drops a console that stops reading instead of buffering for it, and keeps the one that reads', async () => {
    const kiosk = await TestTerminal.enrol(t);
    await kiosk.heartbeat();
    const view = t.services.terminals.view(await t.services.terminals.get(kiosk.id));
    const reader = await open(operator);
    // A console that sends its request and never reads a byte.
    const port = Number(new URL(base).port);
    const stalled = connect(port, '127.0.0.1');
    stalled.write(`GET ${STAFF_EVENTS_PATH} HTTP/1.1\r\nhost: 127.0.0.1\r\ncookie: ${operator.cookie}\r\n\r\n`);
    stalled.pause();
    await until(() => t.services.staffEvents.openStreams === 2, 'both streams open');

    // Status flips until the server gives up on the stalled console (the kernel's socket buffers take the first megabytes).
    let changes = 0;
    t.services.staffEvents.observe([view]);
    while (t.services.staffEvents.openStreams === 2) {
      expect(changes, 'the stalled console is still open').toBeLessThan(100_000);
      for (let i = 0; i < 200; i++) t.services.staffEvents.observe([{ ...view, status: ++changes % 2 ? 'down' : 'online' }]);
      await new Promise((r) => setTimeout(r, 10));
    }
    await reader.waitForEvents((e) => e.length >= changes, 60_000);
    expect(reader.closed).toBe(false);
    stalled.destroy();
  });

  it('refuses a caller without a session, sends keep-alive comments, and closes the stream when the session ends', async () => {
    const anonymous = await fetch(base + STAFF_EVENTS_PATH);
    expect([anonymous.status, ((await anonymous.json()) as { error: { code: string } }).error.code]).toEqual([401, 'unauthenticated']);

    const res = await fetch(base + STAFF_EVENTS_PATH, { headers: { cookie: operator.cookie } });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    let text = '';
    await t.services.staffEvents.keepAlive();
    while (!text.includes(': keep-alive')) text += new TextDecoder().decode((await reader.read()).value);

    await operator.request('POST', '/api/staff/logout', {});
    await t.services.staffEvents.keepAlive();
    for (let r = await reader.read(); !r.done; r = await reader.read());
    expect(t.services.staffEvents.openStreams).toBe(0);
  });
});

describe('staff event stream across two instances on one PostgreSQL', () => {
  let a: TestApp;
  let b: TestApp;
  let stream: PushStream;
  beforeEach(async () => {
    a = await withApp('postgres', { config: { terminals: { heartbeatIntervalMs: 10_000 } } });
    b = await withApp('postgres', { shareWith: a, config: { terminals: { heartbeatIntervalMs: 10_000 } } });
    stream = await openStaffEvents(await listen(b), await loginStaff(b, 'auditor'));
  });
  afterEach(async () => {
    stream.close();
    await b.close();
    await a.close();
  });

  it('tells a console on one instance of changes made on the other, and asks it to resync when notices may have been lost', async () => {
    const operatorOnA = await loginStaff(a, 'operator');
    const kiosk = await TestTerminal.enrol(a);
    await kiosk.heartbeat();
    await a.services.monitor.tick();
    a.clock.advance(DOWN_AFTER_MS);
    await a.services.monitor.tick();
    const opened = await nextStaffEvent(stream, 'alert', (e) => e.change === 'opened');
    await operatorOnA.request('POST', `/api/alerts/${opened.alert.id}/acknowledge`);
    await nextStaffEvent(stream, 'alert', (e) => e.change === 'acknowledged');
    await kiosk.heartbeat();
    await nextStaffEvent(stream, 'terminal', (e) => e.terminal.id === kiosk.id && e.terminal.status === 'online');

    // B's listening connection is cut (a PostgreSQL restart): once it listens again its consoles reload.
    const listener = sql<{ pid: number }>`select pid from pg_stat_activity where application_name = ${`${LISTENER_APPLICATION_NAME}:${a.schema}`}`;
    const before = (await listener.execute(a.services.db)).rows.map((r) => r.pid);
    await sql`select pg_terminate_backend(pid) from pg_stat_activity where pid in (${sql.join(before)})`.execute(a.services.db);
    await nextStaffEvent(stream, 'resync');
  });
});
