/**
 * The usage recorder on disk: the open hour survives a restart, a closed hour goes to the
 * durable event outbox once and reaches the server's events route as a usage-hour event, and
 * the bridge refuses facts a page should not send.
 */
import { copyFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HOUR_MS, parseUsageEvent, USAGE_EVENT_TYPE, usageEventDetail } from '@civic-kiosk/protocol/usage';
import type { UsageHour } from '@civic-kiosk/protocol/usage';
import { dispatchBridgeCall } from '../../../src/common/bridge-channels.ts';
import type { UsageFact } from '../../../src/common/usage/facts.ts';
import { absentDevices } from '../../../src/node/devices.ts';
import { KioskCore } from '../../../src/node/kiosk-core.ts';
import { browserShellActions } from '../../../src/node/shell-actions.ts';
import { EventOutbox } from '../../../src/node/terminal/event-outbox.ts';
import type { QueuedEvent } from '../../../src/node/terminal/event-outbox.ts';
import { UsageRecorder } from '../../../src/node/usage/usage-recorder.ts';

/** 2026-12-05 10:00 UTC. */
const T0 = Date.UTC(2026, 11, 5, 10);

const SESSION: UsageFact[] = [
  { kind: 'session-started' },
  { kind: 'language', lang: 'zh-CN' },
  { kind: 'screen', screen: 'home' },
  { kind: 'service-started', service: 'guides' },
  { kind: 'screen', screen: 'guides' },
  { kind: 'screen', screen: 'guide' },
  { kind: 'service-completed', service: 'guides' },
  { kind: 'language', lang: 'en' },
  { kind: 'session-ended' },
];

async function terminal(dir?: string) {
  const dataDir = dir ?? (await mkdtemp(path.join(tmpdir(), 'kiosk-usage-')));
  const clock = { now: T0 };
  const outbox = new EventOutbox(dataDir, () => clock.now);
  await outbox.open();
  const recorder = new UsageRecorder({
    file: path.join(dataDir, 'usage-hour.json'),
    send: (hour) => outbox.add({ type: USAGE_EVENT_TYPE, detail: usageEventDetail(hour) }),
    knownItem: async (id) => id === 'poster-bills',
    now: () => clock.now,
    log: () => undefined,
  });
  await recorder.open();
  const record = async (facts: UsageFact[]) => {
    for (const f of facts) {
      clock.now += 1_000;
      await recorder.record(f);
    }
  };
  return { dataDir, clock, outbox, recorder, record };
}

/** The outbox's events as the server would receive them: delivered, then gone from the outbox. */
async function deliver(outbox: EventOutbox): Promise<QueuedEvent[]> {
  const sent: QueuedEvent[] = [];
  await outbox.flush(async (events) => {
    sent.push(...events);
    return true;
  });
  return sent;
}

const hoursIn = (events: QueuedEvent[]): UsageHour[] =>
  events.filter((e) => e.type === USAGE_EVENT_TYPE).map((e) => {
    const parsed = parseUsageEvent(e.detail);
    if (!parsed.success) throw new Error(parsed.error.message);
    return parsed.data;
  });

describe('usage recorder on disk', () => {
  it('keeps the open hour across a restart and sends it once, with what came before and after', async () => {
    const first = await terminal();
    await first.record(SESSION.slice(0, 5));
    // Pulled plug: no stop, a new process on the same data dir.
    const second = await terminal(first.dataDir);
    second.clock.now = first.clock.now;
    expect(second.recorder.openHour).toEqual(first.recorder.openHour);
    await second.record(SESSION.slice(5));
    await second.record([{ kind: 'attract-played', item: 'poster-bills', seconds: 15 }]);
    expect(second.outbox.size).toBe(0);

    second.clock.now = T0 + HOUR_MS + 30_000;
    await second.recorder.tick();
    const [hour] = hoursIn(await deliver(second.outbox));
    expect(hour).toEqual({
      hourStart: T0,
      revision: 0,
      funnel: { attract: 1, home: 1, service: 1, done: 1 },
      screens: { home: 1, guides: 1, guide: 1 },
      services: { guides: { started: 1, completed: 1 } },
      languages: { 'zh-CN': 1, en: 1 },
      elderlySessions: 0,
      attract: { 'poster-bills': { plays: 1, seconds: 15 } },
    });

    // A sent hour is never counted or sent again, whatever restarts follow.
    const third = await terminal(first.dataDir);
    third.clock.now = T0 + 3 * HOUR_MS;
    await third.recorder.tick();
    expect(third.outbox.size).toBe(0);
    expect(third.recorder.openHour.funnel.attract).toBe(0);
  });

  it('queues a closed hour before forgetting it: a crash in between re-sends the same revision, which the server ignores', async () => {
    const t = await terminal();
    await t.record(SESSION);
    const stateFile = path.join(t.dataDir, 'usage-hour.json');
    await copyFile(stateFile, `${stateFile}.before-close`);
    t.clock.now = T0 + HOUR_MS + 1;
    await t.recorder.tick();
    // The process dies after the outbox write and before the state file was replaced.
    await copyFile(`${stateFile}.before-close`, stateFile);
    const restarted = await terminal(t.dataDir);
    restarted.clock.now = T0 + HOUR_MS + 2;
    await restarted.recorder.tick();
    const hours = hoursIn(await deliver(restarted.outbox));
    expect(hours).toHaveLength(2);
    expect(hours[1]).toEqual(hours[0]);
    expect(hours[0]).toMatchObject({ hourStart: T0, revision: 0, funnel: { attract: 1 } });
  });

  it('keeps a closed hour on disk while the outbox cannot take it, and hands it over on the next tick or after a restart', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'kiosk-usage-'));
    const file = path.join(dataDir, 'usage-hour.json');
    const clock = { now: T0 };
    const handed: UsageHour[] = [];
    let outboxFull = true;
    const recorder = (): UsageRecorder =>
      new UsageRecorder({
        file,
        send: async (hour) => {
          if (outboxFull) throw new Error('ENOSPC: no space left on device');
          handed.push(hour);
        },
        knownItem: async () => true,
        now: () => clock.now,
        log: () => undefined,
      });
    const first = recorder();
    await first.open();
    for (const fact of SESSION) await first.record(fact);
    clock.now = T0 + HOUR_MS + 1;
    await first.tick();
    // The next write of the open hour must not forget the one the outbox refused.
    await first.tick();
    expect(handed).toEqual([]);
    // Not lost with the process: the next one finds it on disk.
    outboxFull = false;
    const second = recorder();
    await second.open();
    expect(handed).toEqual([expect.objectContaining({ hourStart: T0, funnel: { attract: 1, home: 1, service: 1, done: 1 } })]);
    await second.tick();
    await recorder().open();
    expect(handed).toHaveLength(1);
  });

  it('starts a new hour from a damaged file instead of refusing to boot', async () => {
    const t = await terminal();
    await t.record(SESSION.slice(0, 3));
    await writeFile(path.join(t.dataDir, 'usage-hour.json'), '{"hour": {"hourStart": 12');
    const again = await terminal(t.dataDir);
    expect(again.recorder.openHour).toMatchObject({ hourStart: T0, funnel: { attract: 0 }, screens: {} });
  });
});

describe('usage through the kiosk core', () => {
  const cores: KioskCore[] = [];
  afterEach(async () => {
    for (const c of cores.splice(0)) await c.stop();
  });

  it('counts valid facts from the page, refuses others, and queues the hour in the event outbox', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'kiosk-usage-core-'));
    const clock = { now: T0 + 5_000 };
    const core = await KioskCore.open({ dataDir, appVersion: '0.1.0', shell: browserShellActions, devices: absentDevices(), now: () => clock.now });
    cores.push(core);
    for (const fact of SESSION) expect(await dispatchBridgeCall(core.handlers, 'usage.record', fact)).toEqual({ ok: true, value: undefined });
    // Also an id-shaped number as an attract item: this terminal has no content, so no item at all.
    for (const bad of [{ kind: 'screen', screen: '../etc' }, { kind: 'service-started', service: 'bills', account: '20481234' }, { kind: 'search', text: '社保' }, { kind: 'attract-played', item: '20481234', seconds: 8 }]) {
      expect(await dispatchBridgeCall(core.handlers, 'usage.record', bad)).toMatchObject({ ok: false, error: { code: 'bad-argument' } });
    }
    expect(core.outboxSize).toBe(0);
    clock.now = T0 + HOUR_MS + 5_000;
    await dispatchBridgeCall(core.handlers, 'usage.record', { kind: 'session-ended' });
    await core.stop();
    expect(core.outboxSize).toBe(1);
    const queued = JSON.parse(await readFile(path.join(dataDir, 'event-outbox.json'), 'utf8')) as QueuedEvent[];
    expect(hoursIn(queued)).toEqual([expect.objectContaining({ hourStart: T0, funnel: { attract: 1, home: 1, service: 1, done: 1 }, screens: { home: 1, guides: 1, guide: 1 } })]);
  });
});
