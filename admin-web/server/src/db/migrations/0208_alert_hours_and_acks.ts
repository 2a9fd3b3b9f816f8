import type { Migration } from '../migrator.ts';

/**
 * Live fleet operations: who acknowledged an alert and when; operating hours per terminal
 * group (down alerts wait outside them); broadcasts end by themselves at their expiry, and
 * each terminal's acknowledgement of one is kept once (the live count reads it).
 */
export const migration: Migration = {
  async up(db) {
    await db.schema.alterTable('alerts').addColumn('acknowledged_at', 'bigint').execute();
    await db.schema.alterTable('alerts').addColumn('acknowledged_by', 'varchar(200)').execute();
    await db.schema
      .createTable('group_operating_hours')
      .addColumn('group_name', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('hours', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_by', 'varchar(200)', (c) => c.notNull())
      .execute();
    // Broadcasts made before expiry existed run for the day they always had.
    await db.schema.alterTable('emergency_broadcasts').addColumn('expires_at', 'bigint').execute();
    await db.updateTable('emergency_broadcasts').set((eb) => ({ expires_at: eb('created_at', '+', 24 * 3_600_000) })).execute();
    await db.schema.createIndex('emergency_broadcasts_live').on('emergency_broadcasts').columns(['ended_at', 'expires_at']).execute();
    await db.schema
      .createTable('broadcast_acks')
      .addColumn('broadcast_id', 'varchar(64)', (c) => c.notNull())
      .addColumn('terminal_id', 'varchar(64)', (c) => c.notNull())
      .addColumn('acked_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('broadcast_acks_pk', ['broadcast_id', 'terminal_id'])
      .execute();
  },
};
