import type { Migration } from '../migrator.ts';

/**
 * A reversal keeps who reversed the payment and why with the payment itself (finance staff read
 * it in the list and the export); the ledger's pages walk (created_at, id) newest first.
 */
export const migration: Migration = {
  async up(db) {
    await db.schema.alterTable('payments').addColumn('reversed_by', 'varchar(128)').execute();
    await db.schema.alterTable('payments').addColumn('reversal_reason', 'varchar(500)').execute();
    await db.schema.createIndex('payments_created').on('payments').columns(['created_at', 'id']).execute();
  },
};
