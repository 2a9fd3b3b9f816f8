import type { Migration } from '../migrator.ts';
import { autoIdColumn } from '../columns.ts';

export const migration: Migration = {
  async up(db, dialect) {
    await db.schema
      .createTable('content_files')
      .addColumn('sha256', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('size', 'bigint', (c) => c.notNull())
      .addColumn('media_type', 'varchar(64)', (c) => c.notNull())
      .addColumn('data', dialect === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('content_drafts')
      .addColumn('content_type', 'varchar(32)', (c) => c.primaryKey())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_by', 'varchar(128)', (c) => c.notNull())
      .execute();
    await autoIdColumn(db.schema.createTable('content_releases'), dialect, 'seq')
      .addColumn('release_id', 'varchar(64)', (c) => c.notNull().unique())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('created_by', 'varchar(128)', (c) => c.notNull())
      .addColumn('targets', 'text', (c) => c.notNull())
      .addColumn('not_before', 'bigint')
      .addColumn('manifest', 'text', (c) => c.notNull())
      .addColumn('source_release_id', 'varchar(64)')
      .addColumn('note', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('content_signing_keys')
      .addColumn('key_id', 'varchar(16)', (c) => c.primaryKey())
      .addColumn('public_key', 'varchar(64)', (c) => c.notNull())
      .addColumn('private_key_pkcs8', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
  },
};
