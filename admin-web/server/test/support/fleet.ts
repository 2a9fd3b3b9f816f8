import type { TerminalRow } from '../../src/terminals/tables.ts';
import type { TestApp } from './app.ts';
import { sampleHeartbeat } from './terminal.ts';

/**
 * `size` terminals straight into the database, named `Kiosk 00000`...: every 100th down (no
 * heartbeat for a day), the rest online and idle, each with a heartbeat whose printer is low on paper.
 * With `servicePoints`, terminal i stands at point i mod their number.
 */
export async function seedFleet(t: TestApp, size: number, opts: { servicePoints?: readonly string[] } = {}): Promise<void> {
  const points = opts.servicePoints ?? [];
  const now = t.clock.now();
  const rows: TerminalRow[] = Array.from({ length: size }, (_, i) => {
    const down = i % 100 === 99;
    const beatAt = down ? now - 24 * 3_600_000 : now - 5_000;
    return {
      id: `t-${String(i).padStart(5, '0')}`,
      name: `Kiosk ${String(i).padStart(5, '0')}`,
      location: `Hall ${i % 10}`,
      group_name: i % 2 ? 'minhang' : 'xuhui',
      status: 'active',
      public_key: null,
      created_at: now - 48 * 3_600_000,
      enrolled_at: now - 48 * 3_600_000,
      revoked_at: null,
      last_heartbeat_at: beatAt,
      last_heartbeat: JSON.stringify(sampleHeartbeat({ devices: { 'card-reader': { state: 'ready' }, 'receipt-printer': { state: 'degraded', reasons: ['paper-near-end'] } } })),
      screen_key: 'attract/',
      screen_since: beatAt,
      service_point_id: points.length ? points[i % points.length]! : null,
    };
  });
  for (let i = 0; i < rows.length; i += 500) await t.services.db.insertInto('terminals').values(rows.slice(i, i + 500)).execute();
}
