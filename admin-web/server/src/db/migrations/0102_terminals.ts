import { sql } from 'kysely';
import type { Migration } from '../migrator.ts';
import { autoIdColumn } from '../columns.ts';

export const migration: Migration = {
  async up(db, dialect) {
    await db.schema
      .createTable('terminals')
      .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('name', 'varchar(128)', (c) => c.notNull())
      .addColumn('location', 'varchar(256)', (c) => c.notNull())
      .addColumn('group_name', 'varchar(64)', (c) => c.notNull())
      .addColumn('status', 'varchar(16)', (c) => c.notNull())
      .addColumn('public_key', 'varchar(64)')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('enrolled_at', 'bigint')
      .addColumn('revoked_at', 'bigint')
      .addColumn('last_heartbeat_at', 'bigint')
      .addColumn('last_heartbeat', 'text')
      .addColumn('screen_key', 'varchar(100)')
      .addColumn('screen_since', 'bigint')
      .execute();
    await db.schema.createIndex('terminals_group').on('terminals').column('group_name').execute();
    await db.schema
      .createTable('enrolment_codes')
      .addColumn('code_hash', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('terminal_id', 'varchar(64)', (c) => c.notNull().references('terminals.id').onDelete('cascade'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('used_at', 'bigint')
      .execute();
    await db.schema
      .createTable('terminal_nonces')
      .addColumn('terminal_id', 'varchar(64)', (c) => c.notNull())
      .addColumn('nonce', 'varchar(64)', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('terminal_nonces_pk', ['terminal_id', 'nonce'])
      .execute();
    await db.schema.createIndex('terminal_nonces_expiry').on('terminal_nonces').column('expires_at').execute();
    await autoIdColumn(db.schema.createTable('terminal_heartbeats'), dialect)
      .addColumn('terminal_id', 'varchar(64)', (c) => c.notNull().references('terminals.id').onDelete('cascade'))
      .addColumn('received_at', 'bigint', (c) => c.notNull())
      .addColumn('payload', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('terminal_heartbeats_terminal').on('terminal_heartbeats').columns(['terminal_id', 'id']).execute();
    await autoIdColumn(db.schema.createTable('terminal_commands'), dialect)
      .addColumn('batch_id', 'varchar(64)', (c) => c.notNull())
      .addColumn('terminal_id', 'varchar(64)', (c) => c.notNull().references('terminals.id').onDelete('cascade'))
      .addColumn('kind', 'varchar(32)', (c) => c.notNull())
      .addColumn('args', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('created_by', 'varchar(128)', (c) => c.notNull())
      .addColumn('status', 'varchar(16)', (c) => c.notNull())
      .addColumn('delivered_at', 'bigint')
      .addColumn('acked_at', 'bigint')
      .addColumn('ack_detail', 'text')
      .execute();
    await db.schema.createIndex('terminal_commands_terminal').on('terminal_commands').columns(['terminal_id', 'status']).execute();
    await db.schema.createIndex('terminal_commands_batch').on('terminal_commands').column('batch_id').execute();
    await db.schema
      .createTable('emergency_broadcasts')
      .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('level', 'varchar(16)', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('groups', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('created_by', 'varchar(128)', (c) => c.notNull())
      .addColumn('ended_at', 'bigint')
      .addColumn('ended_by', 'varchar(128)')
      .execute();
    await autoIdColumn(db.schema.createTable('alerts'), dialect)
      .addColumn('terminal_id', 'varchar(64)', (c) => c.notNull().references('terminals.id').onDelete('cascade'))
      .addColumn('kind', 'varchar(32)', (c) => c.notNull())
      .addColumn('key', 'varchar(128)', (c) => c.notNull())
      .addColumn('opened_at', 'bigint', (c) => c.notNull())
      .addColumn('resolved_at', 'bigint')
      .addColumn('details', 'text', (c) => c.notNull())
      .execute();
    // At most one open alert per terminal and key, whichever instance raises it.
    await db.schema
      .createIndex('alerts_open_unique')
      .on('alerts')
      .columns(['terminal_id', 'key'])
      .unique()
      .where(sql.ref('resolved_at'), 'is', null)
      .execute();
    await autoIdColumn(db.schema.createTable('webhook_outbox'), dialect)
      .addColumn('url', 'text', (c) => c.notNull())
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull())
      .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
      .addColumn('delivered_at', 'bigint')
      .addColumn('last_error', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('webhook_outbox_due').on('webhook_outbox').columns(['delivered_at', 'next_attempt_at']).execute();
  },
};
