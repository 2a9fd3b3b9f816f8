import type { Migration } from '../migrator.ts';
import { autoIdColumn } from '../columns.ts';

/**
 * Screenshots terminals took for staff: a terminal's latest few, each for a day (they may show a
 * resident's data). One image per screenshot command, so a terminal cannot upload unasked.
 */
export const migration: Migration = {
  async up(db, dialect) {
    await autoIdColumn(db.schema.createTable('terminal_screenshots'), dialect)
      .addColumn('terminal_id', 'varchar(64)', (c) => c.notNull().references('terminals.id').onDelete('cascade'))
      .addColumn('command_id', 'bigint', (c) => c.notNull().unique().references('terminal_commands.id').onDelete('cascade'))
      .addColumn('captured_at', 'bigint', (c) => c.notNull())
      .addColumn('received_at', 'bigint', (c) => c.notNull())
      .addColumn('content_type', 'varchar(32)', (c) => c.notNull())
      .addColumn('screen', 'varchar(100)', (c) => c.notNull())
      .addColumn('requested_by', 'varchar(128)', (c) => c.notNull())
      .addColumn('forced_reason', 'varchar(256)')
      .addColumn('data', dialect === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('terminal_screenshots_terminal').on('terminal_screenshots').columns(['terminal_id', 'id']).execute();
    await db.schema.createIndex('terminal_screenshots_received').on('terminal_screenshots').column('received_at').execute();
  },
};
