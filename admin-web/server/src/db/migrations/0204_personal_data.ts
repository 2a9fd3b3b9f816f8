import { randomBytes } from 'node:crypto';
import type { Migration } from '../migrator.ts';
import { autoIdColumn } from '../columns.ts';

/** Holder challenges and sessions, the personal-data access log, contribution statements. */
export const migration: Migration = {
  async up(db, dialect) {
    await db.schema
      .createTable('holder_challenges')
      .addColumn('id_hash', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('terminal_id', 'varchar(64)', (c) => c.notNull())
      .addColumn('kind', 'varchar(32)', (c) => c.notNull())
      .addColumn('challenge', 'varchar(64)', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('used_at', 'bigint')
      .execute();
    await db.schema.createIndex('holder_challenges_terminal').on('holder_challenges').columns(['terminal_id', 'created_at']).execute();
    await db.schema
      .createTable('holder_sessions')
      .addColumn('token_hash', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('terminal_id', 'varchar(64)', (c) => c.notNull())
      .addColumn('citizen_id', 'varchar(18)', (c) => c.notNull())
      .addColumn('holder_hash', 'varchar(64)', (c) => c.notNull())
      .addColumn('assurance', 'varchar(32)', (c) => c.notNull())
      .addColumn('card_number', 'varchar(16)')
      .addColumn('name_masked', 'varchar(64)', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('last_used_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('ended_at', 'bigint')
      .execute();
    // The distinct-holders-per-hour count reads this index.
    await db.schema.createIndex('holder_sessions_terminal').on('holder_sessions').columns(['terminal_id', 'created_at']).execute();
    await autoIdColumn(db.schema.createTable('personal_data_access'), dialect)
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('terminal_id', 'varchar(64)', (c) => c.notNull())
      .addColumn('service', 'varchar(32)', (c) => c.notNull())
      .addColumn('holder_hash', 'varchar(64)')
      .addColumn('assurance', 'varchar(32)')
      .addColumn('result', 'varchar(64)', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('personal_data_access_at').on('personal_data_access').column('at').execute();
    await db.schema.createIndex('personal_data_access_holder').on('personal_data_access').columns(['holder_hash', 'at']).execute();
    await db.schema.createIndex('personal_data_access_terminal').on('personal_data_access').columns(['terminal_id', 'at']).execute();
    await db.schema
      .createTable('contribution_statements')
      .addColumn('code', 'varchar(19)', (c) => c.primaryKey())
      .addColumn('terminal_id', 'varchar(64)', (c) => c.notNull())
      .addColumn('idempotency_key', 'varchar(64)', (c) => c.notNull().unique())
      .addColumn('holder_hash', 'varchar(64)', (c) => c.notNull())
      .addColumn('holder_name_masked', 'varchar(64)', (c) => c.notNull())
      .addColumn('holder_id_masked', 'varchar(32)', (c) => c.notNull())
      .addColumn('period_from', 'varchar(7)', (c) => c.notNull())
      .addColumn('period_to', 'varchar(7)', (c) => c.notNull())
      .addColumn('totals', 'text', (c) => c.notNull())
      .addColumn('issued_at', 'bigint', (c) => c.notNull())
      .execute();
    // A per-installation key for the access log's holder hashes, made once, shared by every
    // instance; PERSONAL_DATA_HASH_KEY overrides it.
    await db.schema
      .createTable('server_secrets')
      .addColumn('name', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('value', 'varchar(256)', (c) => c.notNull())
      .execute();
    await db.insertInto('server_secrets').values({ name: 'holder-hash-key', value: randomBytes(32).toString('hex') }).execute();
  },
};
