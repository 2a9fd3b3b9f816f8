import type { Generated } from 'kysely';

/** A content-addressed file: the same bytes are stored once, whatever path names them. */
export interface ContentFileRow {
  sha256: string;
  size: number;
  media_type: string;
  created_at: number;
}

/** One piece of a content file's bytes, in order of `seq` (see file-store.ts). */
export interface ContentFileChunkRow {
  sha256: string;
  seq: number;
  data: Uint8Array;
}

/** An upload in progress (see ContentFileStore.putStream); pruned when older than a day. */
export interface ContentUploadRow {
  upload_id: string;
  started_at: number;
}

/** The bytes of an upload in progress, in order of `seq`, as they arrived. */
export interface ContentUploadChunkRow {
  upload_id: string;
  seq: number;
  data: Uint8Array;
}

/** The working copy of one content type that staff edit; published by copying into a release. */
export interface ContentDraftRow {
  content_type: string;
  /** JSON, valid for the type's schema. */
  body: string;
  updated_at: number;
  updated_by: string;
}

/** An immutable published release. */
export interface ContentReleaseRow {
  seq: Generated<number>;
  release_id: string;
  created_at: number;
  created_by: string;
  /** JSON array of group names. */
  targets: string;
  not_before: number | null;
  /** The signed manifest, canonical JSON. */
  manifest: string;
  /** Set when this release re-publishes an earlier one (a rollback). */
  source_release_id: string | null;
  note: string;
}

/** The server's Ed25519 content-signing keys; the newest signs. */
export interface ContentSigningKeyRow {
  key_id: string;
  public_key: string;
  private_key_pkcs8: string;
  created_at: number;
}

export interface ContentTables {
  content_files: ContentFileRow;
  content_file_chunks: ContentFileChunkRow;
  content_uploads: ContentUploadRow;
  content_upload_chunks: ContentUploadChunkRow;
  content_drafts: ContentDraftRow;
  content_releases: ContentReleaseRow;
  content_signing_keys: ContentSigningKeyRow;
}
