import type { Kysely } from 'kysely';
import type { AppConfig } from '../config.ts';
import type { Database } from '../db/schema.ts';
import { PeriodicTask } from '../periodic-task.ts';
import type { TerminalScreenshots } from './screenshots.ts';

const DAY_MS = 24 * 60 * 60_000;

/** Tables that keep a per-terminal history: both have `id` (arrival order), `terminal_id`, `received_at`. */
type HistoryTable = 'terminal_events' | 'terminal_heartbeats';

/**
 * The per-terminal cap every terminal history shares: the id of the oldest row `terminalId` may
 * keep when it keeps its newest `perTerminal` (rows below it go), or undefined when it has no more.
 */
export async function oldestKept(db: Kysely<Database>, table: HistoryTable | 'terminal_screenshots', terminalId: string, perTerminal: number): Promise<number | undefined> {
  const keep = await db.selectFrom(table).select('id').where('terminal_id', '=', terminalId).orderBy('id', 'desc').offset(perTerminal - 1).limit(1).executeTakeFirst();
  return keep?.id;
}

export interface Pruned {
  events: number;
  heartbeats: number;
  screenshots: number;
}

/**
 * Retention of what terminals send: operational events and heartbeat history older than
 * their days, or beyond their count per terminal, are deleted, and screenshots after their
 * day. Deletes go in batches of `retentionBatchRows`, each its own statement, with a turn of
 * the event loop between them, so ingest (group commits) carries on while a large backlog is
 * trimmed.
 */
export class FleetRetention {
  private readonly task: PeriodicTask;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => number,
    private readonly config: AppConfig['terminals'],
    onError: (err: unknown) => void,
    private readonly screenshots: Pick<TerminalScreenshots, 'prune'>,
  ) {
    this.task = new PeriodicTask(() => this.prune(), onError);
  }

  start(): void {
    this.task.start(this.config.retentionIntervalMs);
  }

  stop(): Promise<void> {
    return this.task.stop();
  }

  async prune(): Promise<Pruned> {
    const c = this.config;
    return {
      events: await this.trim('terminal_events', c.eventRetentionDays, c.eventsPerTerminal),
      heartbeats: await this.trim('terminal_heartbeats', c.heartbeatRetentionDays, c.heartbeatHistoryPerTerminal),
      screenshots: await this.screenshots.prune(),
    };
  }

  private async trim(table: HistoryTable, days: number, perTerminal: number): Promise<number> {
    let deleted = await this.inBatches(table, { receivedBefore: this.now() - days * DAY_MS });
    for (const { id: terminalId } of await this.db.selectFrom('terminals').select('id').execute()) {
      const keep = await oldestKept(this.db, table, terminalId, perTerminal);
      if (keep !== undefined) deleted += await this.inBatches(table, { terminalId, idBelow: keep });
    }
    return deleted;
  }

  private async inBatches(table: HistoryTable, where: { receivedBefore?: number; terminalId?: string; idBelow?: number }): Promise<number> {
    let total = 0;
    for (;;) {
      let batch = this.db.selectFrom(table).select('id').orderBy('id').limit(this.config.retentionBatchRows);
      if (where.receivedBefore !== undefined) batch = batch.where('received_at', '<', where.receivedBefore);
      if (where.terminalId !== undefined) batch = batch.where('terminal_id', '=', where.terminalId);
      if (where.idBelow !== undefined) batch = batch.where('id', '<', where.idBelow);
      const res = await this.db.deleteFrom(table).where('id', 'in', batch).executeTakeFirst();
      const n = Number(res.numDeletedRows);
      total += n;
      if (n < this.config.retentionBatchRows) return total;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}
