import { createHash, randomUUID } from 'node:crypto';
import type { Hash } from 'node:crypto';
import { sql } from 'kysely';
import type { Kysely, Transaction } from 'kysely';
import type { ManifestFile } from '@civic-kiosk/protocol/content-manifest';
import { sha256Hex } from '@civic-kiosk/protocol/content-bytes';
import type { Database } from '../db/schema.ts';
import { MEDIA_SNIFF_BYTES } from './media-sniff.ts';

export type MediaType = ManifestFile['type'];

/** Bytes per stored chunk: a read holds at most one chunk in memory, whatever the file size. */
export const CONTENT_CHUNK_BYTES = 1024 * 1024;

/** An upload still unfinished after this long is from a server that died mid-upload. */
const STALE_UPLOAD_MS = 24 * 60 * 60_000;

export interface PutResult {
  sha256: string;
  size: number;
  type: MediaType;
}

interface StagedUpload {
  uploadId: string;
  /** Chunks and bytes staged so far, and their running hash. */
  chunks: number;
  size: number;
  hash: Hash;
}

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

  async put(bytes: Uint8Array, mediaType: MediaType): Promise<PutResult> {
    const sha256 = await sha256Hex(bytes);
    return this.addFile(sha256, bytes.byteLength, mediaType, async (trx, fresh) => {
      for (let seq = 0; fresh && seq * CONTENT_CHUNK_BYTES < bytes.byteLength; seq++) {
        const data = Buffer.from(bytes.buffer, bytes.byteOffset + seq * CONTENT_CHUNK_BYTES, Math.min(CONTENT_CHUNK_BYTES, bytes.byteLength - seq * CONTENT_CHUNK_BYTES));
        await trx.insertInto('content_file_chunks').values({ sha256, seq, data }).execute();
      }
    });
  }

  /**
   * Stores a file arriving piece by piece, holding at most one chunk in memory. `accept` sees
   * the first MEDIA_SNIFF_BYTES (or the whole, shorter, file) before anything is stored and
   * names the file's type or throws. A file of one chunk is stored at once; a longer one is
   * staged chunk by chunk as it arrives and becomes the file when complete. Whatever fails
   * (the source, `accept`, storage) leaves nothing behind.
   */
  async putStream(source: AsyncIterable<Uint8Array>, accept: (head: Uint8Array) => MediaType): Promise<PutResult> {
    const chunk = Buffer.allocUnsafe(CONTENT_CHUNK_BYTES);
    let filled = 0;
    let type: MediaType | undefined;
    let staged: StagedUpload | undefined;
    try {
      for await (const piece of source) {
        for (let at = 0; at < piece.byteLength; ) {
          const n = Math.min(piece.byteLength - at, CONTENT_CHUNK_BYTES - filled);
          chunk.set(piece.subarray(at, at + n), filled);
          filled += n;
          at += n;
          type ??= filled >= MEDIA_SNIFF_BYTES ? accept(chunk.subarray(0, filled)) : undefined;
          if (filled === CONTENT_CHUNK_BYTES) {
            staged ??= await this.startUpload();
            await this.stage(staged, chunk);
            filled = 0;
          }
        }
      }
      type ??= accept(chunk.subarray(0, filled));
      if (!staged) return await this.put(chunk.subarray(0, filled), type);
      if (filled > 0) await this.stage(staged, chunk.subarray(0, filled));
      return await this.finishUpload(staged, type);
    } catch (e) {
      if (staged) await this.db.deleteFrom('content_uploads').where('upload_id', '=', staged.uploadId).execute();
      throw e;
    }
  }

  private async startUpload(): Promise<StagedUpload> {
    const startedAt = this.now();
    await this.db.deleteFrom('content_uploads').where('started_at', '<', startedAt - STALE_UPLOAD_MS).execute();
    const uploadId = randomUUID();
    await this.db.insertInto('content_uploads').values({ upload_id: uploadId, started_at: startedAt }).execute();
    return { uploadId, chunks: 0, size: 0, hash: createHash('sha256') };
  }

  private async stage(upload: StagedUpload, data: Uint8Array): Promise<void> {
    upload.hash.update(data);
    await this.db.insertInto('content_upload_chunks').values({ upload_id: upload.uploadId, seq: upload.chunks, data }).execute();
    upload.chunks++;
    upload.size += data.byteLength;
  }

  /** The staged chunks become the file (unless the same bytes are stored already); the upload goes. */
  private finishUpload(upload: StagedUpload, mediaType: MediaType): Promise<PutResult> {
    const sha256 = upload.hash.digest('hex');
    return this.addFile(sha256, upload.size, mediaType, async (trx, fresh) => {
      if (fresh) {
        const copied = await trx
          .insertInto('content_file_chunks')
          .columns(['sha256', 'seq', 'data'])
          .expression(trx.selectFrom('content_upload_chunks').select([sql<string>`${sha256}`.as('sha256'), 'seq', 'data']).where('upload_id', '=', upload.uploadId))
          .executeTakeFirst();
        // Fewer rows than staged: the upload was pruned as stale while it still arrived.
        if (Number(copied.numInsertedOrUpdatedRows) !== upload.chunks) throw new Error(`upload ${upload.uploadId} lost chunks while arriving`);
      }
      await trx.deleteFrom('content_uploads').where('upload_id', '=', upload.uploadId).execute();
    });
  }

  /**
   * Adds a file's row and, in the same transaction, `write`s its chunks: `fresh` is false when
   * the file was stored already (the same hash is the same bytes).
   */
  private async addFile(sha256: string, size: number, mediaType: MediaType, write: (trx: Transaction<Database>, fresh: boolean) => Promise<void>): Promise<PutResult> {
    await this.db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('content_files')
        .values({ sha256, size, media_type: mediaType, created_at: this.now() })
        .onConflict((oc) => oc.column('sha256').doNothing())
        .returning('sha256')
        .execute();
      await write(trx, inserted.length > 0);
    });
    return { sha256, size, type: mediaType };
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
