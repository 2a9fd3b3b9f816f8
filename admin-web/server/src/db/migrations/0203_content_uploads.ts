import type { Migration } from '../migrator.ts';

/**
 * Uploads in progress: their bytes are stored chunk by chunk as they arrive and become a
 * content file only once complete (its hash is known only then). A failed upload's rows are
 * deleted; those of a server that died mid-upload are pruned by age.
 */
export const migration: Migration = {
  async up(db, dialect) {
    await db.schema
      .createTable('content_uploads')
      .addColumn('upload_id', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('started_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('content_uploads_started_at').on('content_uploads').column('started_at').execute();
    await db.schema
      .createTable('content_upload_chunks')
      .addColumn('upload_id', 'varchar(64)', (c) => c.notNull().references('content_uploads.upload_id').onDelete('cascade'))
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('data', dialect === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
      .addPrimaryKeyConstraint('content_upload_chunks_pk', ['upload_id', 'seq'])
      .execute();
  },
};
