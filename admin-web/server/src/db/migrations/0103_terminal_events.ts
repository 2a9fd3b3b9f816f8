import type { Migration } from '../migrator.ts';
import { autoIdColumn } from '../columns.ts';

export const migration: Migration = {
  async up(db, dialect) {
    await autoIdColumn(db.schema.createTable('terminal_events'), dialect)
      .addColumn('terminal_id', 'varchar(64)', (c) => c.notNull().references('terminals.id').onDelete('cascade'))
      .addColumn('event_id', 'varchar(64)', (c) => c.notNull())
      .addColumn('type', 'varchar(64)', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('received_at', 'bigint', (c) => c.notNull())
      .addColumn('detail', 'text', (c) => c.notNull())
      .addUniqueConstraint('terminal_events_once', ['terminal_id', 'event_id'])
      .execute();
    await db.schema.createIndex('terminal_events_terminal').on('terminal_events').columns(['terminal_id', 'at']).execute();
  },
};
