import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LISTENER_APPLICATION_NAME } from '../../src/db/database.ts';
import { DIALECTS, withApp } from '../support/app.ts';
import type { TestApp } from '../support/app.ts';
import { loginStaff } from '../support/staff.ts';
import type { StaffClient } from '../support/staff.ts';
import { TestTerminal, listen } from '../support/terminal.ts';
import type { PushStream } from '../support/terminal.ts';

const EMERGENCY = {
  level: 'evacuate',
  title: { 'zh-CN': '紧急疏散', en: 'Evacuate' },
  body: { 'zh-CN': '请沿绿色指示牌有序离开大厅。', en: 'Leave the hall following the green signs.' },
};

describe.each(DIALECTS)('push channel (%s)', (dialect) => {
  let t: TestApp;
  let base: string;
  let operator: StaffClient;
  const streams: PushStream[] = [];
  beforeEach(async () => {
    t = await withApp(dialect);
    base = await listen(t);
    operator = await loginStaff(t, 'operator');
  });
  afterEach(async () => {
    for (const s of streams.splice(0)) s.close();
    await t.close();
  });
  const open = async (terminal: TestTerminal, lastEventId?: string) => {
    const s = await terminal.openPush(base, lastEventId);
    streams.push(s);
    return s;
  };

  it('scripted terminal: enrols, heartbeats, receives a command and an emergency broadcast, acknowledges', async () => {
    const kiosk = await TestTerminal.enrol(t, { group: 'xuhui' });
    expect((await kiosk.heartbeat()).statusCode).toBe(200);
    const push = await open(kiosk);

    const sent = await operator.request('POST', `/api/terminals/${kiosk.id}/commands`, { command: { kind: 'screenshot', args: {} } });
    expect(sent.statusCode).toBe(202);
    const [shot] = await push.waitFor((c) => c.length === 1);
    expect(shot).toMatchObject({ kind: 'screenshot' });

    const broadcast = await operator.request('POST', '/api/broadcasts/emergency', EMERGENCY);
    expect(broadcast.statusCode).toBe(201);
    const commands = await push.waitFor((c) => c.some((x) => x.kind === 'emergency-on'));
    const emergency = commands.find((c) => c.kind === 'emergency-on')!;
    expect(emergency.args).toMatchObject({ level: 'evacuate', title: EMERGENCY.title, broadcastId: broadcast.json().broadcastId });

    expect((await kiosk.ack(shot!.id)).json()).toEqual({ id: shot!.id, status: 'done' });
    const list = (await operator.request('GET', `/api/terminals/${kiosk.id}/commands`)).json().commands;
    expect(list.find((c: { id: number }) => c.id === shot!.id).status).toBe('done');
    expect(list.find((c: { id: number }) => c.id === emergency.id).status).toBe('delivered');
  });

  it('sends a broadcast only to the chosen groups, and ends it', async () => {
    const inGroup = await TestTerminal.enrol(t, { name: 'A', group: 'minhang' });
    const other = await TestTerminal.enrol(t, { name: 'B', group: 'pudong' });
    const a = await open(inGroup);
    const b = await open(other);
    const started = (await operator.request('POST', '/api/broadcasts/emergency', { ...EMERGENCY, groups: ['minhang'] })).json();
    expect(started.terminals).toBe(1);
    await a.waitFor((c) => c.some((x) => x.kind === 'emergency-on'));
    expect((await operator.request('POST', `/api/broadcasts/emergency/${started.broadcastId}/end`)).statusCode).toBe(200);
    await a.waitFor((c) => c.some((x) => x.kind === 'emergency-off'));
    expect(b.commands()).toEqual([]);
  });

  it('gives a terminal enrolled during an emergency the emergency of its group', async () => {
    await TestTerminal.enrol(t, { name: 'existing', group: 'minhang' });
    const started = (await operator.request('POST', '/api/broadcasts/emergency', { ...EMERGENCY, groups: ['minhang'] })).json();
    const late = await TestTerminal.enrol(t, { name: 'late', group: 'minhang' });
    const elsewhere = await TestTerminal.enrol(t, { name: 'elsewhere', group: 'pudong' });
    const push = await open(late);
    const [on] = await push.waitFor((c) => c.length === 1);
    expect(on).toMatchObject({ kind: 'emergency-on', args: { broadcastId: started.broadcastId } });
    const list = (await operator.request('GET', `/api/terminals/${elsewhere.id}/commands`)).json().commands;
    expect(list).toEqual([]);
  });

  it('holds reload, restart-app and reboot until the terminal is idle', async () => {
    const kiosk = await TestTerminal.enrol(t);
    await kiosk.heartbeat({ screen: { mode: 'session', service: 'bills' } });
    const push = await open(kiosk);
    await operator.request('POST', `/api/terminals/${kiosk.id}/commands`, { command: { kind: 'reboot', args: {} } });
    await operator.request('POST', `/api/terminals/${kiosk.id}/commands`, { command: { kind: 'maintenance-on', args: { reason: 'printer service' } } });
    const first = await push.waitFor((c) => c.length >= 1);
    expect(first.map((c) => c.kind)).toEqual(['maintenance-on']);
    await kiosk.heartbeat({ screen: { mode: 'attract' } });
    const all = await push.waitFor((c) => c.length >= 2);
    expect(all.map((c) => c.kind)).toEqual(['maintenance-on', 'reboot']);
  });

  it('gives a reconnecting terminal every unacknowledged command, and drops expired ones', async () => {
    const kiosk = await TestTerminal.enrol(t);
    await operator.request('POST', `/api/terminals/${kiosk.id}/commands`, { command: { kind: 'collect-content', args: {} } });
    await operator.request('POST', `/api/terminals/${kiosk.id}/commands`, { command: { kind: 'screenshot', args: {} }, ttlSeconds: 60 });
    const first = await open(kiosk);
    const got = await first.waitFor((c) => c.length === 2);
    first.close();
    await kiosk.ack(got[0]!.id);
    t.clock.advance(61_000);
    const second = await open(kiosk, String(got[1]!.id));
    // The acked one is done and the screenshot has expired: nothing is replayed.
    await kiosk.heartbeat();
    await operator.request('POST', `/api/terminals/${kiosk.id}/commands`, { command: { kind: 'maintenance-off', args: {} } });
    const after = await second.waitFor((c) => c.length >= 1);
    expect(after.map((c) => c.kind)).toEqual(['maintenance-off']);
    const statuses = (await operator.request('GET', `/api/terminals/${kiosk.id}/commands`)).json().commands.map((c: { kind: string; status: string }) => `${c.kind}:${c.status}`);
    expect(statuses).toEqual(['maintenance-off:delivered', 'screenshot:expired', 'collect-content:done']);
  });

  it('closes the push channel of a revoked terminal and refuses it afterwards', async () => {
    const kiosk = await TestTerminal.enrol(t);
    const push = await open(kiosk);
    expect((await operator.request('POST', `/api/terminals/${kiosk.id}/revoke`)).json().status).toBe('revoked');
    await push.waitClosed();
    await expect(kiosk.openPush(base)).rejects.toThrow(/403.*terminal-revoked/);
  });
});

describe('two server instances on one PostgreSQL', () => {
  let a: TestApp;
  let b: TestApp;
  let baseB: string;
  let operatorOnA: StaffClient;
  const streams: PushStream[] = [];
  beforeEach(async () => {
    a = await withApp('postgres');
    b = await withApp('postgres', { shareWith: a });
    baseB = await listen(b);
    operatorOnA = await loginStaff(a, 'operator');
  });
  afterEach(async () => {
    for (const s of streams.splice(0)) s.close();
    await b.close();
    await a.close();
  });
  /** A terminal enrolled through A whose push channel is held by B. */
  const terminalOnB = async () => {
    const kiosk = await TestTerminal.enrol(a);
    const push = await kiosk.openPush(baseB);
    streams.push(push);
    return { kiosk, push };
  };

  it('delivers a command and a broadcast whichever instance holds the channel', async () => {
    const { kiosk, push } = await terminalOnB();
    expect((await operatorOnA.request('POST', `/api/terminals/${kiosk.id}/commands`, { command: { kind: 'screenshot', args: {} } })).statusCode).toBe(202);
    await push.waitFor((c) => c.some((x) => x.kind === 'screenshot'));
    await operatorOnA.request('POST', '/api/broadcasts/emergency', EMERGENCY);
    await push.waitFor((c) => c.some((x) => x.kind === 'emergency-on'));
    // A disruptive command held on B is released by a heartbeat that lands on A.
    await kiosk.heartbeat({ screen: { mode: 'session', service: 'mailbox' } });
    await operatorOnA.request('POST', `/api/terminals/${kiosk.id}/commands`, { command: { kind: 'restart-app', args: {} } });
    await new Promise((r) => setTimeout(r, 300));
    expect(push.commands().some((c) => c.kind === 'restart-app')).toBe(false);
    await kiosk.heartbeat({ screen: { mode: 'attract' } });
    await push.waitFor((c) => c.some((x) => x.kind === 'restart-app'));
  });

  it('catches up when its LISTEN connection was cut: missed commands arrive and a terminal revoked meanwhile is cut off', async () => {
    const { kiosk, push } = await terminalOnB();
    const { kiosk: other, push: otherPush } = await terminalOnB();
    // Cut both instances' listening connections (as a PostgreSQL restart would) and wait
    // until PostgreSQL has really dropped them, so what follows is published to nobody.
    const listeners = sql<{ pid: number }>`select pid from pg_stat_activity where application_name = ${`${LISTENER_APPLICATION_NAME}:${a.schema}`}`;
    const pids = async () => (await listeners.execute(a.services.db)).rows.map((r) => r.pid);
    const until = async (done: (pids: number[]) => boolean) => {
      for (let i = 0; !done(await pids()); i++) {
        expect(i, 'PostgreSQL listeners did not change').toBeLessThan(250);
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    const cut = await pids();
    expect(cut.length).toBe(2);
    await sql`select pg_terminate_backend(pid) from pg_stat_activity where pid in (${sql.join(cut)})`.execute(a.services.db);
    await until((now) => !now.some((pid) => cut.includes(pid)));
    expect((await operatorOnA.request('POST', `/api/terminals/${kiosk.id}/commands`, { command: { kind: 'screenshot', args: {} } })).statusCode).toBe(202);
    expect((await operatorOnA.request('POST', `/api/terminals/${other.id}/revoke`)).json().status).toBe('revoked');
    await push.waitFor((c) => c.some((x) => x.kind === 'screenshot'));
    await otherPush.waitClosed();
    // Both instances listen again, on new connections; the next command arrives the ordinary way.
    await until((now) => now.length === 2 && !now.some((pid) => cut.includes(pid)));
    await operatorOnA.request('POST', `/api/terminals/${kiosk.id}/commands`, { command: { kind: 'collect-content', args: {} } });
    await push.waitFor((c) => c.some((x) => x.kind === 'collect-content'));
  });
});
