/**
 * `npm run faults -- kill`: the district server process killed with SIGKILL under signed
 * heartbeat and event load, on SQLite and on PostgreSQL, and PostgreSQL crashed under a
 * running server; longer than the suite (admin-web/server/test/faults/server-crash.test.ts),
 * several rounds each. Prints acknowledged vs stored, lost (must be 0), the failures seen
 * while the fault lasted, and the recovery time (restart to first 2xx), as ranges.
 */
import { cpus, loadavg } from 'node:os';
import { startPostgres } from '../../scripts/lib/postgres.mjs';
import { killUnderLoad, postgresRestartUnderLoad } from '../../admin-web/server/test/faults/crash-scenarios.ts';
import type { CrashFigures } from '../../admin-web/server/test/faults/crash-scenarios.ts';
import { freshDatabaseLocation } from '../../admin-web/server/test/support/database.ts';

const ROUNDS = Number(process.env.FAULT_ROUNDS ?? 3);
const SHAPE = { terminals: 20, workers: 16, beforeMs: 15_000, outageMs: 2_000, afterMs: 5_000 };

const range = (xs: number[]) => (xs.length === 0 ? '-' : Math.min(...xs) === Math.max(...xs) ? `${Math.round(xs[0]!)}` : `${Math.round(Math.min(...xs))}-${Math.round(Math.max(...xs))}`);

function print(name: string, rounds: CrashFigures[]): boolean {
  const failures = new Map<string, number>();
  for (const r of rounds) for (const [k, n] of Object.entries(r.failures)) failures.set(k, (failures.get(k) ?? 0) + n);
  const lost = rounds.reduce((n, r) => n + r.lost, 0);
  const duplicates = rounds.reduce((n, r) => n + r.duplicates, 0);
  console.log(`${name}: ${rounds.length} rounds`);
  console.log(`  acknowledged (2xx) per round: ${range(rounds.map((r) => r.acknowledged))}; stored: ${range(rounds.map((r) => r.stored))}`);
  console.log(`  acknowledged but not stored: ${lost}; stored twice: ${duplicates}`);
  console.log(`  failed requests during the fault: ${[...failures].map(([k, n]) => `${k} ×${n}`).join(', ') || 'none'}`);
  console.log(`  recovery (restart to first 2xx): ${range(rounds.flatMap((r) => (r.recoveryMs === undefined ? [] : [r.recoveryMs])))} ms; server process restarted: ${rounds.some((r) => r.serverRestarted) ? 'yes' : 'no'}`);
  return lost === 0 && duplicates === 0 && rounds.every((r) => r.recoveryMs !== undefined);
}

console.log(`machine: ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}; ${SHAPE.terminals} terminals, ${SHAPE.workers} concurrent senders, ${SHAPE.beforeMs / 1000} s of load before each fault`);
let ok = true;
const pg = await startPostgres();
process.env.TEST_DATABASE_URL = pg.url;
try {
  for (const dialect of ['sqlite', 'postgres'] as const) {
    const rounds: CrashFigures[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const location = freshDatabaseLocation(dialect);
      try {
        rounds.push(await killUnderLoad(location, SHAPE));
      } finally {
        await location.remove();
      }
    }
    ok = print(`server SIGKILL and restart (${dialect})`, rounds) && ok;
  }
} finally {
  pg.stop();
}
const pgRounds: CrashFigures[] = [];
for (let i = 0; i < ROUNDS; i++) pgRounds.push(await postgresRestartUnderLoad({ ...SHAPE, outageMs: 5_000 }));
ok = print('PostgreSQL crash and restart under a running server', pgRounds) && ok;
process.exit(ok ? 0 : 1);
