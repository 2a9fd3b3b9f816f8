import { sql } from 'kysely';
import type { Migration } from '../migrator.ts';

/**
 * Nonces keyed by expiry first. A replay repeats the signed timestamp, so the time belongs in
 * the key; leading with it makes each insert land on the newest leaf instead of a random one,
 * which is most of a heartbeat's write cost, and pruning becomes a range delete on the key.
 * SQLite keeps the key as the table itself (without rowid); rows in flight are copied over.
 */
export const migration: Migration = {
  async up(db, dialect) {
    await db.schema
      .createTable('terminal_nonces_by_time')
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('terminal_id', 'varchar(64)', (c) => c.notNull())
      .addColumn('nonce', 'varchar(64)', (c) => c.notNull())
      .addPrimaryKeyConstraint('terminal_nonces_by_time_pk', ['expires_at', 'terminal_id', 'nonce'])
      .$call((t) => (dialect === 'sqlite' ? t.modifyEnd(sql`without rowid`) : t))
      .execute();
    await sql`insert into terminal_nonces_by_time (expires_at, terminal_id, nonce) select expires_at, terminal_id, nonce from terminal_nonces`.execute(db);
    await db.schema.dropTable('terminal_nonces').execute();
    await db.schema.alterTable('terminal_nonces_by_time').renameTo('terminal_nonces').execute();
  },
};
