import type { Migration } from '../migrator.ts';

// The chunk size of content/file-store.ts when this migration was written; files stored later
// use the store's own constant, and reads work with whatever chunks a file has.
const CHUNK_BYTES = 1024 * 1024;

/**
 * Content files move from one blob per file to 1 MiB chunks, so serving a range never loads
 * a whole video. Existing files are split one at a time.
 */
export const migration: Migration = {
  async up(db, dialect) {
    await db.schema
      .createTable('content_file_chunks')
      .addColumn('sha256', 'varchar(64)', (c) => c.notNull().references('content_files.sha256').onDelete('cascade'))
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('data', dialect === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
      .addPrimaryKeyConstraint('content_file_chunks_pk', ['sha256', 'seq'])
      .execute();
    const files: { sha256: string }[] = await db.selectFrom('content_files').select('sha256').execute();
    for (const { sha256 } of files) {
      const { data } = (await db.selectFrom('content_files').select('data').where('sha256', '=', sha256).executeTakeFirstOrThrow()) as { data: Uint8Array };
      for (let seq = 0; seq * CHUNK_BYTES < data.byteLength; seq++) {
        const chunk = data.subarray(seq * CHUNK_BYTES, (seq + 1) * CHUNK_BYTES);
        await db.insertInto('content_file_chunks').values({ sha256, seq, data: chunk }).execute();
      }
    }
    await db.schema.alterTable('content_files').dropColumn('data').execute();
  },
};
