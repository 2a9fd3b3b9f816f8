import type { Kysely } from 'kysely';
import type { ManifestFile } from '@civic-kiosk/protocol/content-manifest';
import { sha256Hex } from '@civic-kiosk/protocol/content-bytes';
import type { Database } from '../db/schema.ts';

export type MediaType = ManifestFile['type'];

/** Bytes per stored chunk: a read holds at most one chunk in memory, whatever the file size. */
export const CONTENT_CHUNK_BYTES = 1024 * 1024;

export interface StoredFile {
  sha256: string;
  size: number;
  mediaType: string;
  /** The bytes from `start` to `end` inclusive, chunk by chunk. */
  read(start: number, end: number): AsyncGenerator<Uint8Array>;
}

/**
 * Content files, addressed by sha256, kept in the database in 1 MiB chunks: so every
 * instance sees the same files, and serving a range of a 200 MB video reads only the chunks
 * it covers, one at a time, instead of the whole video per request.
 */
export class ContentFileStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => number,
  ) {}

  async put(bytes: Uint8Array, mediaType: MediaType): Promise<{ sha256: string; size: number; type: MediaType }> {
    const sha256 = await sha256Hex(bytes);
    await this.db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('content_files')
        .values({ sha256, size: bytes.byteLength, media_type: mediaType, created_at: this.now() })
        .onConflict((oc) => oc.column('sha256').doNothing())
        .returning('sha256')
        .execute();
      // Already stored: the same hash is the same bytes.
      if (inserted.length === 0) return;
      for (let seq = 0; seq * CONTENT_CHUNK_BYTES < bytes.byteLength; seq++) {
        const data = Buffer.from(bytes.buffer, bytes.byteOffset + seq * CONTENT_CHUNK_BYTES, Math.min(CONTENT_CHUNK_BYTES, bytes.byteLength - seq * CONTENT_CHUNK_BYTES));
        await trx.insertInto('content_file_chunks').values({ sha256, seq, data }).execute();
      }
    });
    return { sha256, size: bytes.byteLength, type: mediaType };
  }

  async get(sha256: string): Promise<StoredFile | undefined> {
    const row = await this.db.selectFrom('content_files').select(['size', 'media_type']).where('sha256', '=', sha256).executeTakeFirst();
    if (!row) return undefined;
    const db = this.db;
    return {
      sha256,
      size: Number(row.size),
      mediaType: row.media_type,
      async *read(start, end) {
        for (let seq = Math.floor(start / CONTENT_CHUNK_BYTES); seq * CONTENT_CHUNK_BYTES <= end; seq++) {
          const chunk = await db.selectFrom('content_file_chunks').select('data').where('sha256', '=', sha256).where('seq', '=', seq).executeTakeFirst();
          if (!chunk) throw new Error(`content file ${sha256} is missing chunk ${seq}`);
          const offset = seq * CONTENT_CHUNK_BYTES;
          const from = Math.max(start - offset, 0);
          const to = Math.min(end - offset + 1, chunk.data.byteLength);
          yield chunk.data.subarray(from, to);
        }
      },
    };
  }
}
