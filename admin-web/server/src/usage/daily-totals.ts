import { shanghaiDay } from '@civic-kiosk/protocol/china-time';
import type { UsageHour } from '@civic-kiosk/protocol/usage';
import type { UsageDayLanguageRow, UsageDayPlayRow, UsageDayRow, UsageDayScreenRow, UsageDayServiceRow } from './tables.ts';

/** The daily tables and, for each, its key columns and its counts. */
export const DAILY_TABLES = {
  usage_days: { keys: ['day', 'terminal_id'], counts: ['attract', 'home', 'service', 'done', 'elderly'] },
  usage_day_services: { keys: ['day', 'terminal_id', 'service'], counts: ['started', 'completed'] },
  usage_day_screens: { keys: ['day', 'terminal_id', 'screen'], counts: ['shown'] },
  usage_day_languages: { keys: ['day', 'terminal_id', 'lang'], counts: ['sessions'] },
  usage_day_plays: { keys: ['day', 'terminal_id', 'item'], counts: ['plays', 'seconds'] },
} as const;
export type DailyTable = keyof typeof DAILY_TABLES;

interface DailyRows {
  usage_days: UsageDayRow;
  usage_day_services: UsageDayServiceRow;
  usage_day_screens: UsageDayScreenRow;
  usage_day_languages: UsageDayLanguageRow;
  usage_day_plays: UsageDayPlayRow;
}

/**
 * What hourly records add to the daily totals, summed per daily row before anything is
 * written (one upsert per row, and PostgreSQL refuses to touch a row twice in one statement).
 * A replaced revision is taken back out with `sign` -1, so a day moves by the difference.
 * An hour belongs to the China-time day of its start (UTC+8: whole hours never split).
 */
export class DailyTotals {
  private readonly rows: { [T in DailyTable]: Map<string, DailyRows[T]> } = {
    usage_days: new Map(),
    usage_day_services: new Map(),
    usage_day_screens: new Map(),
    usage_day_languages: new Map(),
    usage_day_plays: new Map(),
  };

  add(terminalId: string, hour: UsageHour, sign: 1 | -1): void {
    const day = shanghaiDay(hour.hourStart);
    // Keys are built by hand and rows made once: this runs for every count of every record.
    const at = `${day}\u0000${terminalId}`;
    const f = hour.funnel;
    const d = this.row('usage_days', at, () => ({ day, terminal_id: terminalId, attract: 0, home: 0, service: 0, done: 0, elderly: 0 }));
    d.attract += sign * f.attract;
    d.home += sign * f.home;
    d.service += sign * f.service;
    d.done += sign * f.done;
    d.elderly += sign * hour.elderlySessions;
    for (const [service, n] of Object.entries(hour.services)) {
      const r = this.row('usage_day_services', `${at}\u0000${service}`, () => ({ day, terminal_id: terminalId, service, started: 0, completed: 0 }));
      r.started += sign * n.started;
      r.completed += sign * n.completed;
    }
    for (const [screen, n] of Object.entries(hour.screens)) this.row('usage_day_screens', `${at}\u0000${screen}`, () => ({ day, terminal_id: terminalId, screen, shown: 0 })).shown += sign * n;
    for (const [lang, n] of Object.entries(hour.languages)) this.row('usage_day_languages', `${at}\u0000${lang}`, () => ({ day, terminal_id: terminalId, lang, sessions: 0 })).sessions += sign * n;
    for (const [item, n] of Object.entries(hour.attract)) {
      const r = this.row('usage_day_plays', `${at}\u0000${item}`, () => ({ day, terminal_id: terminalId, item, plays: 0, seconds: 0 }));
      r.plays += sign * n.plays;
      r.seconds += sign * n.seconds;
    }
  }

  /** The rows of `table` with anything to add (a difference of zero writes nothing). */
  changes<T extends DailyTable>(table: T): DailyRows[T][] {
    const counts: readonly string[] = DAILY_TABLES[table].counts;
    return [...this.rows[table].values()].filter((row) => counts.some((c) => (row as unknown as Record<string, number>)[c] !== 0));
  }

  private row<T extends DailyTable>(table: T, key: string, make: () => DailyRows[T]): DailyRows[T] {
    const map = this.rows[table];
    let row = map.get(key);
    if (!row) map.set(key, (row = make()));
    return row;
  }
}
