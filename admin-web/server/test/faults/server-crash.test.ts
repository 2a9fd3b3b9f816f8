/**
 * The district server (its own process) under signed heartbeat and event load: killed with
 * SIGKILL and started again, every request it had answered 2xx is in the database, on SQLite
 * and PostgreSQL; and when PostgreSQL crashes and comes back, the same server process answers
 * typed 503s meanwhile and 2xx again after, losing nothing it acknowledged.
 */
import { describe, expect, it } from 'vitest';
import { DIALECTS, freshDatabaseLocation } from '../support/database.ts';
import { killUnderLoad, postgresRestartUnderLoad } from './crash-scenarios.ts';

// Seconds of load: enough for thousands of acknowledged requests on two cores.
const SHAPE = { terminals: 10, workers: 8, beforeMs: 2_500, outageMs: 700, afterMs: 1_000 };

describe.each(DIALECTS)('district server killed with SIGKILL under load (%s)', (dialect) => {
  it('keeps every request it acknowledged, and serves again after a restart', { timeout: 180_000 }, async () => {
    const location = freshDatabaseLocation(dialect);
    try {
      const f = await killUnderLoad(location, SHAPE);
      expect(f.acknowledged).toBeGreaterThan(50);
      expect(f.lost).toBe(0);
      expect(f.duplicates).toBe(0);
      expect(f.stored).toBeGreaterThanOrEqual(f.acknowledged);
      // The load did meet the dead server, and met a live one again afterwards.
      expect(Object.keys(f.failures).some((k) => k.startsWith('network'))).toBe(true);
      expect(f.recoveryMs).toBeDefined();
    } finally {
      await location.remove();
    }
  });
});

describe('PostgreSQL crashed and restarted under load', () => {
  it('answers 503 database-unavailable meanwhile, recovers without a server restart, and loses nothing acknowledged', { timeout: 180_000 }, async () => {
    const f = await postgresRestartUnderLoad({ ...SHAPE, outageMs: 1_500 });
    expect(f.serverRestarted).toBe(false);
    expect(f.lost).toBe(0);
    expect(f.duplicates).toBe(0);
    expect(f.failures['503 database-unavailable']).toBeGreaterThan(0);
    // Every failure was the typed one: no 500s, no dropped connections.
    expect(Object.keys(f.failures)).toEqual(['503 database-unavailable']);
    expect(f.recoveryMs).toBeDefined();
    expect(f.acknowledged).toBeGreaterThan(50);
  });
});
