/**
 * What the terminal detail view derives from a terminal's heartbeat history: the gaps between
 * heartbeats (the chart), each device's state over time (the timeline), and whether a resident
 * is using the terminal (the command confirmation's warning). Pure: records in, values out.
 */
import type { HeartbeatHistory, TerminalView } from '@civic-kiosk/protocol/staff-api';
import type { DeviceHealth, DeviceKind } from '@civic-kiosk/protocol/device-health';

export type HeartbeatRecord = HeartbeatHistory['heartbeats'][number];

export interface HeartbeatPoint {
  at: number;
  /** Seconds since the heartbeat before it; null for the first one shown. */
  gapSeconds: number | null;
  record: HeartbeatRecord;
}

/** Oldest first, each with the gap since the one before (a long gap: the terminal was away). */
export function heartbeatPoints(newestFirst: readonly HeartbeatRecord[]): HeartbeatPoint[] {
  const records = [...newestFirst].sort((a, b) => a.receivedAt - b.receivedAt);
  return records.map((record, i) => ({ at: record.receivedAt, gapSeconds: i === 0 ? null : Math.round((record.receivedAt - records[i - 1]!.receivedAt) / 1000), record }));
}

export interface DeviceSegment {
  state: DeviceHealth['state'] | 'unreported';
  reasons: readonly string[];
  from: number;
  /** Until the next different report; the last segment runs to the last heartbeat. */
  to: number;
}

/**
 * Per device, the runs of one state (and the same reasons) across the history, oldest first.
 * A device missing from a heartbeat is `unreported` for that stretch.
 */
export function deviceTimeline(newestFirst: readonly HeartbeatRecord[]): Map<DeviceKind, DeviceSegment[]> {
  const points = heartbeatPoints(newestFirst);
  const kinds = new Set<DeviceKind>();
  for (const p of points) for (const kind of Object.keys(p.record.heartbeat.devices) as DeviceKind[]) kinds.add(kind);
  const timeline = new Map<DeviceKind, DeviceSegment[]>();
  for (const kind of [...kinds].sort()) {
    const segments: DeviceSegment[] = [];
    for (const p of points) {
      const health = p.record.heartbeat.devices[kind];
      const state = health?.state ?? 'unreported';
      const reasons = health && 'reasons' in health ? health.reasons : [];
      const last = segments.at(-1);
      if (last) last.to = p.at;
      if (last && last.state === state && last.reasons.join() === reasons.join()) continue;
      segments.push({ state, reasons, from: p.at, to: p.at });
    }
    timeline.set(kind, segments);
  }
  return timeline;
}

export interface ResidentInSession {
  /** The service in use (`bills`, `home`...), if the terminal said. */
  service: string | undefined;
  /** Since when the screen has shown it. */
  since: number | null;
  /** The heartbeat this is known from. */
  asOf: number | null;
}

/** A resident is using the terminal, as of its latest heartbeat; undefined when not. */
export function residentInSession(view: TerminalView): ResidentInSession | undefined {
  const screen = view.heartbeat?.screen;
  if (screen?.mode !== 'session') return undefined;
  return { service: screen.service, since: view.screenSince, asOf: view.lastHeartbeatAt };
}
