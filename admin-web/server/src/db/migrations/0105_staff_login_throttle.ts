import type { Migration } from '../migrator.ts';

/**
 * Login throttling moves from the user row to a table keyed by the submitted username (unknown
 * names are throttled too), plus known devices. Counters in flight are not carried over.
 */
export const migration: Migration = {
  async up(db) {
    await db.schema
      .createTable('staff_login_failures')
      .addColumn('username', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('failures', 'integer', (c) => c.notNull())
      .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
      .addColumn('locked', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('staff_login_failures_updated').on('staff_login_failures').column('updated_at').execute();
    await db.schema
      .createTable('staff_devices')
      .addColumn('id_hash', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('user_id', 'varchar(64)', (c) => c.notNull().references('staff_users.id').onDelete('cascade'))
      .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('last_login_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('staff_devices_user').on('staff_devices').column('user_id').execute();
    // SQLite drops one column per statement.
    await db.schema.alterTable('staff_users').dropColumn('failed_logins').execute();
    await db.schema.alterTable('staff_users').dropColumn('locked_until').execute();
  },
};
