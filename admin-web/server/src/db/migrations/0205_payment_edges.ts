import type { Migration } from '../migrator.ts';
import { newShortReference } from '../../transactions/short-reference.ts';

/**
 * Payments get the short reference residents read and staff reprint by (unique), and the
 * simulated billers keep their books in the database so a restart never makes a paid bill
 * payable again.
 */
export const migration: Migration = {
  async up(db) {
    await db.schema.alterTable('payments').addColumn('reference', 'varchar(16)').execute();
    // Payments made before references existed get one, so every payment can be reprinted by it.
    for (const { id } of await db.selectFrom('payments').select('id').execute()) {
      await db.updateTable('payments').set({ reference: newShortReference() }).where('id', '=', id).execute();
    }
    await db.schema.createIndex('payments_reference').unique().on('payments').column('reference').execute();
    await db.schema.createIndex('payments_bill').on('payments').columns(['biller', 'account', 'period']).execute();
    await db.schema
      .createTable('sim_biller_payments')
      .addColumn('key', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('biller', 'varchar(16)', (c) => c.notNull())
      .addColumn('account', 'varchar(16)', (c) => c.notNull())
      .addColumn('period', 'varchar(7)', (c) => c.notNull())
      .addColumn('amount_fen', 'bigint', (c) => c.notNull())
      .addColumn('biller_ref', 'varchar(64)', (c) => c.notNull())
      .addColumn('state', 'varchar(16)', (c) => c.notNull())
      .addColumn('paid_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('sim_biller_payments_bill').on('sim_biller_payments').columns(['biller', 'account', 'period']).execute();
    await db.schema.createIndex('sim_biller_payments_day').on('sim_biller_payments').columns(['biller', 'paid_at']).execute();
  },
};
