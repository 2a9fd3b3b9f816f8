import type { Transaction } from 'kysely';
import type { TerminalEventRecord } from '@civic-kiosk/protocol/terminal-api';
import { HOUR_MS, parseUsageEvent, type UsageHour } from '@civic-kiosk/protocol/usage';
import type { AppConfig } from '../config.ts';
import type { GroupCommit } from '../db/group-commit.ts';
import type { Database } from '../db/schema.ts';
import { statementSlices } from '../db/statement-slices.ts';
import type { EventSinkResult } from '../fleet/terminal-events.ts';
import { DAILY_TABLES, DailyTotals, type DailyTable } from './daily-totals.ts';
import { oldestKeptHour } from './retention.ts';

interface Delivery {
  terminalId: string;
  hours: readonly UsageHour[];
}

interface Candidate {
  delivery: number;
  terminalId: string;
  hour: UsageHour;
}

/**
 * Stores terminals' hourly usage records exactly once and rolls them into the daily totals.
 * One row per terminal and hour: a higher revision replaces it and the days move by the
 * difference; the same or a lower revision changes nothing, so a re-delivered event counts
 * once. The row's `replaced` column is written by the same upsert that decides, so two
 * instances racing on one hour still take out exactly what they replaced. Deliveries of
 * concurrent requests share a group commit: a whole hour of a large fleet is a few statements.
 */
export class UsageIngest {
  private readonly submit: (delivery: Delivery) => Promise<number>;

  constructor(
    commits: GroupCommit,
    private readonly now: () => number,
    private readonly config: Pick<AppConfig['terminals'], 'usageHourRetentionDays'>,
  ) {
    this.submit = commits.writer((trx, deliveries: readonly Delivery[]) => this.write(trx, deliveries));
  }

  /**
   * The terminal-events sink for `usage-hour` events: the records it can read are stored, the
   * others are handed back to be kept as ordinary events (refusing them would block the
   * terminal's outbox for good). `stored` counts hours that changed.
   */
  async take(terminalId: string, events: readonly TerminalEventRecord[]): Promise<EventSinkResult> {
    const hours: UsageHour[] = [];
    const unread: TerminalEventRecord[] = [];
    for (const event of events) {
      const parsed = parseUsageEvent(event.detail);
      if (parsed.success) hours.push(parsed.data);
      else unread.push(event);
    }
    return { stored: hours.length > 0 ? await this.submit({ terminalId, hours }) : 0, unread };
  }

  /** Stores one terminal's records (the sink without the event wrapping); returns how many hours changed. */
  ingest(terminalId: string, hours: readonly UsageHour[]): Promise<number> {
    return this.submit({ terminalId, hours });
  }

  private async write(trx: Transaction<Database>, deliveries: readonly Delivery[]): Promise<number[]> {
    const t = this.now();
    // Hours older than the kept raw rows are ignored: their row, the exactly-once key, is gone.
    // Hours ahead of the clock are a terminal's mistake.
    const oldest = oldestKeptHour(t, this.config.usageHourRetentionDays);
    const newest = t + HOUR_MS;
    const best = new Map<string, Candidate>();
    deliveries.forEach((d, delivery) => {
      for (const hour of d.hours) {
        if (hour.hourStart < oldest || hour.hourStart > newest) continue;
        const key = `${d.terminalId}\u0000${hour.hourStart}`;
        const seen = best.get(key);
        if (!seen || seen.hour.revision < hour.revision) best.set(key, { delivery, terminalId: d.terminalId, hour });
      }
    });
    const totals = new DailyTotals();
    const changed = deliveries.map(() => 0);
    for (const slice of statementSlices([...best.values()])) {
      const written = await trx
        .insertInto('usage_hours')
        .values(slice.map((c) => ({ terminal_id: c.terminalId, hour_start: c.hour.hourStart, revision: c.hour.revision, received_at: t, record: JSON.stringify(c.hour), replaced: null })))
        .onConflict((oc) =>
          oc
            .columns(['terminal_id', 'hour_start'])
            .doUpdateSet((eb) => ({
              revision: eb.ref('excluded.revision'),
              received_at: eb.ref('excluded.received_at'),
              record: eb.ref('excluded.record'),
              replaced: eb.ref('usage_hours.record'),
            }))
            .where('usage_hours.revision', '<', (eb) => eb.ref('excluded.revision')),
        )
        .returning(['terminal_id', 'hour_start', 'replaced'])
        .execute();
      for (const row of written) {
        const c = best.get(`${row.terminal_id}\u0000${Number(row.hour_start)}`)!;
        totals.add(c.terminalId, c.hour, 1);
        // Written by this class from a checked record: read back as it was, whatever the schema says now.
        if (row.replaced !== null) totals.add(c.terminalId, JSON.parse(row.replaced) as UsageHour, -1);
        changed[c.delivery]! += 1;
      }
    }
    for (const table of Object.keys(DAILY_TABLES) as DailyTable[]) await addToDays(trx, table, totals.changes(table));
    return changed;
  }
}

/** Adds the rows' counts to the daily table, creating rows that are not there yet. */
async function addToDays(trx: Transaction<Database>, table: DailyTable, rows: readonly object[]): Promise<void> {
  const { keys, counts } = DAILY_TABLES[table];
  for (const slice of statementSlices(rows)) {
    // The table is one of five with differing columns; the shapes come from DAILY_TABLES.
    await trx
      .insertInto(table)
      .values(slice as never)
      .onConflict((oc) =>
        oc.columns(keys as never).doUpdateSet((eb) => Object.fromEntries(counts.map((c) => [c, eb(eb.ref(`${table}.${c}` as never), '+', eb.ref(`excluded.${c}` as never))])) as never),
      )
      .execute();
  }
}
