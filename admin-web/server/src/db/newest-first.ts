/**
 * The one query shape both append-only logs (audit, personal-data access) are read with:
 * newest first by id, exact-match filters, a time window on `at`, and a `before` id cursor
 * for paging backwards.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Database } from './schema.ts';

/** The logs: tables with an increasing id and an `at` timestamp (ms). */
type LogTable = 'audit_log' | 'personal_data_access';

interface LogRow {
  id: number;
  at: number;
  [column: string]: string | number | null;
}

/** Text columns of a log table a reader may filter on by equality. */
type TextColumn<T extends LogTable> = { [C in keyof Database[T]]: Database[T][C] extends string | null ? C : never }[keyof Database[T]] & string;

export interface LogWindow {
  /** `at` from (inclusive) and to (exclusive), ms. */
  from?: number;
  to?: number;
  /** Entries with id below this (paging backwards). */
  before?: number;
  limit: number;
}

/** Rows of `table` newest first; an empty or absent filter value filters nothing. */
export async function newestFirst<T extends LogTable>(
  db: Kysely<Database>,
  table: T,
  equals: Partial<Record<TextColumn<T>, string>>,
  window: LogWindow,
): Promise<Selectable<Database[T]>[]> {
  // Kysely cannot build over a union of tables, so the query is built over the columns every
  // log has; `equals` is typed against the real table, and the rows are that table's.
  const logs = db as unknown as Kysely<Record<string, LogRow>>;
  let query = logs.selectFrom(table).selectAll().orderBy('id', 'desc').limit(window.limit);
  for (const [column, value] of Object.entries<string | undefined>(equals)) if (value) query = query.where(column, '=', value);
  if (window.from !== undefined) query = query.where('at', '>=', window.from);
  if (window.to !== undefined) query = query.where('at', '<', window.to);
  if (window.before !== undefined) query = query.where('id', '<', window.before);
  return (await query.execute()) as Selectable<Database[T]>[];
}
