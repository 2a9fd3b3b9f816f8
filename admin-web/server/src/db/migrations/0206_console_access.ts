import type { Migration } from '../migrator.ts';

/**
 * The admin console's access and fleet needs: a staff password set by someone else (the
 * first start's printed password, an account or a reset made by an admin) must be changed at
 * the next login; a terminal may stand at one of the content's service points (the fleet map);
 * the fleet list sorts by name and last heartbeat without scanning every terminal.
 */
export const migration: Migration = {
  async up(db) {
    await db.schema.alterTable('staff_users').addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    await db.schema.alterTable('terminals').addColumn('service_point_id', 'varchar(64)').execute();
    await db.schema.createIndex('terminals_service_point').on('terminals').column('service_point_id').execute();
    await db.schema.createIndex('terminals_name').on('terminals').columns(['name', 'id']).execute();
    await db.schema.createIndex('terminals_last_heartbeat').on('terminals').columns(['last_heartbeat_at', 'id']).execute();
  },
};
