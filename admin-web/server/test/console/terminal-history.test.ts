/**
 * What the terminal detail view derives from heartbeat history: gaps between heartbeats, each
 * device's runs of one state (property: the runs tile the history and say, for every
 * heartbeat, exactly what it reported), and whether a resident is mid-session.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TerminalView } from '@civic-kiosk/protocol/staff-api';
import { deviceTimeline, heartbeatPoints, residentInSession } from '../../../ui/src/state/terminal-history.ts';
import type { HeartbeatRecord } from '../../../ui/src/state/terminal-history.ts';
import { sampleHeartbeat } from '../support/terminal.ts';

const health = fc.oneof(
  fc.constant(undefined),
  fc.constant({ state: 'ready' as const }),
  fc.record({ state: fc.constant('degraded' as const), reasons: fc.subarray(['paper-near-end', 'cover-open'], { minLength: 1 }) }),
  fc.record({ state: fc.constant('absent' as const), reasons: fc.subarray(['offline', 'port-missing']) }),
);

/** Newest first, as the API answers; distinct arrival times. */
const history = fc.array(fc.record({ gap: fc.integer({ min: 1, max: 600_000 }), reader: health, printer: health }), { minLength: 1, maxLength: 40 }).map((beats) => {
  let at = 1_800_000_000_000;
  return beats
    .map((b): HeartbeatRecord => {
      at += b.gap;
      const devices = { ...(b.reader ? { 'card-reader': b.reader } : {}), ...(b.printer ? { 'receipt-printer': b.printer } : {}) };
      return { receivedAt: at, heartbeat: sampleHeartbeat({ devices }) };
    })
    .reverse();
});

describe('terminal history for the detail view', () => {
  it('gives each heartbeat, oldest first, the seconds since the one before', () => {
    const records = [2_000, 32_000, 332_000].map((receivedAt) => ({ receivedAt, heartbeat: sampleHeartbeat() })).reverse();
    expect(heartbeatPoints(records).map((p) => [p.at, p.gapSeconds])).toEqual([
      [2_000, null],
      [32_000, 30],
      [332_000, 300],
    ]);
  });

  it('runs of one device state tile the history and match every heartbeat', () => {
    fc.assert(
      fc.property(history, (records) => {
        const oldestFirst = [...records].reverse();
        for (const [kind, segments] of deviceTimeline(records)) {
          expect(segments[0]!.from).toBe(oldestFirst[0]!.receivedAt);
          expect(segments.at(-1)!.to).toBe(oldestFirst.at(-1)!.receivedAt);
          segments.forEach((s, i) => {
            if (i > 0) {
              expect(s.from).toBe(segments[i - 1]!.to);
              expect(`${s.state} ${s.reasons.join()}`).not.toBe(`${segments[i - 1]!.state} ${segments[i - 1]!.reasons.join()}`);
            }
          });
          for (const r of oldestFirst) {
            const reported = r.heartbeat.devices[kind];
            // The run starting at or before this heartbeat, latest such: what was in force then.
            const run = segments.filter((s) => s.from <= r.receivedAt).at(-1)!;
            expect([run.state, run.reasons]).toEqual([reported?.state ?? 'unreported', reported && 'reasons' in reported ? reported.reasons : []]);
          }
        }
      }),
    );
  });

  it('knows a resident is mid-session from the latest heartbeat, and says as of when', () => {
    const view = (screen: { mode: 'attract' | 'session'; service?: string } | null) =>
      ({ screenSince: 1_000, lastHeartbeatAt: 5_000, heartbeat: screen ? sampleHeartbeat({ screen }) : null }) as unknown as TerminalView;
    expect(residentInSession(view({ mode: 'session', service: 'bills' }))).toEqual({ service: 'bills', since: 1_000, asOf: 5_000 });
    expect(residentInSession(view({ mode: 'attract' }))).toBeUndefined();
    expect(residentInSession(view(null))).toBeUndefined();
  });
});
