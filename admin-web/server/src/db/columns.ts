import type { CreateTableBuilder } from 'kysely';
import type { DialectName } from './database.ts';

/**
 * Column shapes that mean the same on SQLite and PostgreSQL. Timestamps are epoch
 * milliseconds in `bigint`, booleans are 0/1 integers, JSON is text.
 */
export function autoIdColumn<T extends string>(table: CreateTableBuilder<T, never>, dialect: DialectName, name = 'id') {
  return dialect === 'postgres'
    ? table.addColumn(name, 'bigserial', (c) => c.primaryKey())
    : table.addColumn(name, 'integer', (c) => c.primaryKey().autoIncrement());
}
