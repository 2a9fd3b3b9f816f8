import type { Migration } from '../migrator.ts';
import { autoIdColumn } from '../columns.ts';

export const migration: Migration = {
  async up(db, dialect) {
    await db.schema
      .createTable('payments')
      .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
      .addColumn('idempotency_key', 'varchar(64)', (c) => c.notNull().unique())
      .addColumn('request_hash', 'varchar(64)', (c) => c.notNull())
      .addColumn('terminal_id', 'varchar(64)', (c) => c.notNull())
      .addColumn('biller', 'varchar(16)', (c) => c.notNull())
      .addColumn('account', 'varchar(16)', (c) => c.notNull())
      .addColumn('period', 'varchar(7)', (c) => c.notNull())
      .addColumn('amount_fen', 'bigint', (c) => c.notNull())
      .addColumn('state', 'varchar(16)', (c) => c.notNull())
      .addColumn('order_id', 'varchar(64)')
      .addColumn('qr_payload', 'text')
      .addColumn('order_expires_at', 'bigint')
      .addColumn('biller_ref', 'varchar(64)')
      .addColumn('failure_code', 'varchar(64)')
      .addColumn('failure_message', 'text')
      .addColumn('refunded_at', 'bigint')
      .addColumn('business_day', 'varchar(10)', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('payments_day_biller').on('payments').columns(['business_day', 'biller']).execute();
    await db.schema.createIndex('payments_terminal').on('payments').columns(['terminal_id', 'created_at']).execute();
    await db.schema.createIndex('payments_state').on('payments').column('state').execute();
    await autoIdColumn(db.schema.createTable('reconciliation_runs'), dialect)
      .addColumn('business_day', 'varchar(10)', (c) => c.notNull())
      .addColumn('run_at', 'bigint', (c) => c.notNull())
      .addColumn('run_by', 'varchar(128)', (c) => c.notNull())
      .addColumn('report', 'text', (c) => c.notNull())
      .execute();
  },
};
