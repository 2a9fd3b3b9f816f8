import { sql } from 'kysely';
import type { ColumnDefinitionBuilder, CreateTableBuilder } from 'kysely';
import type { DialectName } from '../database.ts';
import type { Migration } from '../migrator.ts';

/**
 * The daily tables are small rows read and upserted by their key only, so on SQLite the key is
 * the table (WITHOUT ROWID): one B-tree to update per count instead of a table and its key
 * index, and range scans read rows in key order. (Hourly rows carry a whole record: not those.)
 */
function keyed<T extends string>(table: CreateTableBuilder<T, never>, dialect: DialectName) {
  return dialect === 'sqlite' ? table.modifyEnd(sql`without rowid`) : table;
}

/** Columns every daily table starts with; its key is these plus its own. */
function dayColumns<T extends string>(table: CreateTableBuilder<T, never>) {
  return table.addColumn('day', 'varchar(10)', (c) => c.notNull()).addColumn('terminal_id', 'varchar(64)', (c) => c.notNull());
}

const count = (c: ColumnDefinitionBuilder) => c.notNull();

/**
 * Usage statistics and proof of play: hourly records per terminal (one row per terminal and
 * hour, the exactly-once key; deleted after their retention) and daily totals by day and
 * terminal, split by funnel, service, screen, language and attract item (kept for good).
 * Reports read days in ranges, and by service, so those lead the keys and indexes they use.
 */
export const migration: Migration = {
  async up(db, dialect) {
    await db.schema
      .createTable('usage_hours')
      .addColumn('terminal_id', 'varchar(64)', (c) => c.notNull())
      .addColumn('hour_start', 'bigint', (c) => c.notNull())
      .addColumn('revision', 'integer', (c) => c.notNull())
      .addColumn('received_at', 'bigint', (c) => c.notNull())
      .addColumn('record', 'text', (c) => c.notNull())
      .addColumn('replaced', 'text')
      .addPrimaryKeyConstraint('usage_hours_pk', ['terminal_id', 'hour_start'])
      .execute();
    await db.schema.createIndex('usage_hours_by_hour').on('usage_hours').column('hour_start').execute();

    await dayColumns(db.schema.createTable('usage_days'))
      .addColumn('attract', 'integer', count)
      .addColumn('home', 'integer', count)
      .addColumn('service', 'integer', count)
      .addColumn('done', 'integer', count)
      .addColumn('elderly', 'integer', count)
      .addPrimaryKeyConstraint('usage_days_pk', ['day', 'terminal_id'])
      .$call((t) => keyed(t, dialect))
      .execute();
    await dayColumns(db.schema.createTable('usage_day_services'))
      .addColumn('service', 'varchar(64)', (c) => c.notNull())
      .addColumn('started', 'integer', count)
      .addColumn('completed', 'integer', count)
      .addPrimaryKeyConstraint('usage_day_services_pk', ['day', 'terminal_id', 'service'])
      .$call((t) => keyed(t, dialect))
      .execute();
    // The funnel of one service reads only that service's rows, and finds its counts in the index.
    await db.schema.createIndex('usage_day_services_by_service').on('usage_day_services').columns(['service', 'day', 'started', 'completed']).execute();
    await dayColumns(db.schema.createTable('usage_day_screens'))
      .addColumn('screen', 'varchar(64)', (c) => c.notNull())
      .addColumn('shown', 'integer', count)
      .addPrimaryKeyConstraint('usage_day_screens_pk', ['day', 'terminal_id', 'screen'])
      .$call((t) => keyed(t, dialect))
      .execute();
    await dayColumns(db.schema.createTable('usage_day_languages'))
      .addColumn('lang', 'varchar(16)', (c) => c.notNull())
      .addColumn('sessions', 'integer', count)
      .addPrimaryKeyConstraint('usage_day_languages_pk', ['day', 'terminal_id', 'lang'])
      .$call((t) => keyed(t, dialect))
      .execute();
    await dayColumns(db.schema.createTable('usage_day_plays'))
      .addColumn('item', 'varchar(64)', (c) => c.notNull())
      .addColumn('plays', 'integer', count)
      .addColumn('seconds', 'integer', count)
      .addPrimaryKeyConstraint('usage_day_plays_pk', ['day', 'terminal_id', 'item'])
      .$call((t) => keyed(t, dialect))
      .execute();
  },
};
