import type { Kysely } from 'kysely';
import { HOUR_MS } from '@civic-kiosk/protocol/usage';
import type { AppConfig } from '../config.ts';
import type { Database } from '../db/schema.ts';
import { PeriodicTask } from '../periodic-task.ts';

const DAY_MS = 24 * HOUR_MS;

/**
 * The start of the oldest hour whose raw record is kept at `now`: the hour `days` days ago.
 * Ingest ignores anything older, so a record re-sent after its row was deleted cannot count again.
 */
export function oldestKeptHour(now: number, days: number): number {
  return Math.floor((now - days * DAY_MS) / HOUR_MS) * HOUR_MS;
}

/**
 * Deletes hourly usage records past their days (the daily totals stay for good), in batches
 * of `retentionBatchRows` with a turn of the event loop between them so ingest carries on.
 */
export class UsageRetention {
  private readonly task: PeriodicTask;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => number,
    private readonly config: Pick<AppConfig['terminals'], 'usageHourRetentionDays' | 'retentionIntervalMs' | 'retentionBatchRows'>,
    onError: (err: unknown) => void,
  ) {
    this.task = new PeriodicTask(() => this.prune(), onError);
  }

  start(): void {
    this.task.start(this.config.retentionIntervalMs);
  }

  stop(): Promise<void> {
    return this.task.stop();
  }

  /** Returns how many hourly records went. */
  async prune(): Promise<number> {
    const before = oldestKeptHour(this.now(), this.config.usageHourRetentionDays);
    const batch = this.config.retentionBatchRows;
    let total = 0;
    for (;;) {
      const res = await this.db
        .deleteFrom('usage_hours')
        .where((eb) =>
          eb(
            eb.refTuple('terminal_id', 'hour_start'),
            'in',
            eb.selectFrom('usage_hours').select(['terminal_id', 'hour_start']).where('hour_start', '<', before).orderBy('hour_start').limit(batch).$asTuple('terminal_id', 'hour_start'),
          ),
        )
        .executeTakeFirst();
      const n = Number(res.numDeletedRows);
      total += n;
      if (n < batch) return total;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}
