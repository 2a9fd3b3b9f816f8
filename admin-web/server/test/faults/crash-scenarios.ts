/**
 * The two crash scenarios of the district server under signed terminal load, shared by the
 * suite (seconds of load, in CI) and `npm run faults -- kill` (a longer run whose figures go
 * in the README): the server process killed with SIGKILL and started again, and PostgreSQL
 * crashed and started again under a server that keeps running.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startPostgres } from '../../../../scripts/lib/postgres.mjs';
import type { DatabaseLocation } from '../support/database.ts';
import { ServerUnderLoad } from './server-under-load.ts';

export interface CrashFigures {
  acknowledged: number;
  stored: number;
  /** Acknowledged (2xx) but not in the database: must be 0. */
  lost: number;
  duplicates: number;
  /** Failed requests by kind while the fault lasted (e.g. `503 database-unavailable`, `network ECONNREFUSED`). */
  failures: Record<string, number>;
  /** From the restart (server or database) to the first 2xx. */
  recoveryMs: number | undefined;
  /** The server process was the same one before and after the fault. */
  serverRestarted: boolean;
}

export interface LoadShape {
  terminals: number;
  workers: number;
  /** Load before the fault, and after recovery. */
  beforeMs: number;
  afterMs: number;
  /** How long the fault lasts. */
  outageMs: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitForRecovery(server: ServerUnderLoad, timeoutMs = 60_000): Promise<void> {
  const end = performance.now() + timeoutMs;
  while (server.tally.firstSuccessAfterMark === undefined && performance.now() < end) await sleep(20);
}

async function figures(server: ServerUnderLoad, serverRestarted: boolean): Promise<CrashFigures> {
  const audit = await server.audit();
  return { ...audit, failures: Object.fromEntries(server.tally.failures), recoveryMs: server.tally.firstSuccessAfterMark, serverRestarted };
}

/** SIGKILL under load, then the same server started again on the same data. */
export async function killUnderLoad(location: Pick<DatabaseLocation, 'dataDir' | 'databaseUrl' | 'schema'>, shape: LoadShape): Promise<CrashFigures> {
  const server = await ServerUnderLoad.start(location, shape.terminals);
  try {
    server.startLoad(shape.workers);
    await sleep(shape.beforeMs);
    await server.kill();
    await sleep(shape.outageMs);
    server.markRecoveryStart();
    await server.spawn();
    await waitForRecovery(server);
    await sleep(shape.afterMs);
    await server.stop();
    return await figures(server, true);
  } finally {
    await server.stop();
  }
}

/** PostgreSQL crashed (pg_ctl -m immediate) under load and started again; the server stays up. */
export async function postgresRestartUnderLoad(shape: LoadShape): Promise<CrashFigures> {
  const pg = await startPostgres();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'civic-fault-pg-'));
  try {
    const server = await ServerUnderLoad.start({ dataDir, databaseUrl: pg.url, schema: 'faults' }, shape.terminals);
    try {
      server.startLoad(shape.workers);
      await sleep(shape.beforeMs);
      pg.halt();
      await sleep(shape.outageMs);
      pg.resume();
      server.markRecoveryStart();
      await waitForRecovery(server);
      await sleep(shape.afterMs);
      const restarted = !server.alive;
      await server.stop();
      return await figures(server, restarted);
    } finally {
      await server.stop();
    }
  } finally {
    pg.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
