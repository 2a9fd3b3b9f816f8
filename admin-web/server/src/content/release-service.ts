/**
 * Content releases: staff edit drafts of each content type; publishing freezes the drafts
 * and the files they reference into an immutable, signed release targeted at terminal
 * groups. Rollback re-publishes an earlier release's files as a new release, so "newest
 * due release for my group" is always the terminal's answer.
 */
import { randomBytes, webcrypto } from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  checkContentReferences,
  CONTENT_INDEX_PATH,
  CONTENT_TYPES,
  ContentType,
  type ContentIndex,
  type ContentOf,
} from '@civic-kiosk/protocol/content';
import { fromHex, toHex } from '@civic-kiosk/protocol/content-bytes';
import type {
  ManifestFile} from '@civic-kiosk/protocol/content-manifest';
import { canonicalJson } from '@civic-kiosk/protocol/canonical-json';
import type { ReleaseSummary } from '@civic-kiosk/protocol/content-studio';
import {
  ContentManifest,
  contentKeyId,
  signManifest,
  type ContentPublicKey,
  type UnsignedManifest,
} from '@civic-kiosk/protocol/content-manifest';
import type { Actor, AuditLog } from '../audit/audit-log.ts';
import type { Database } from '../db/schema.ts';
import type { ContentFileStore } from './file-store.ts';
import type { MediaType, StoredFile } from './file-store.ts';
import { badRequest, notFound } from '../errors.ts';

export const MEDIA_EXTENSIONS: Record<MediaType, string> = {
  'application/json': 'json',
  'image/svg+xml': 'svg',
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
  'video/mp4': 'mp4',
  'video/webm': 'webm',
};

export interface PublishOptions {
  targets: string[];
  notBefore?: string;
  note?: string;
}

type Drafts = { [T in ContentType]?: ContentOf<T> };

export class ContentReleases {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly files: ContentFileStore,
    private readonly audit: AuditLog,
    private readonly now: () => number,
  ) {}

  // ---- keys ----------------------------------------------------------------------------

  /** The signing key, generated and stored on first use. */
  async signingKey(): Promise<{ pub: ContentPublicKey; pkcs8: Uint8Array }> {
    const row = await this.db.selectFrom('content_signing_keys').selectAll().orderBy('created_at', 'desc').orderBy('key_id').executeTakeFirst();
    if (row) return { pub: { keyId: row.key_id, alg: 'Ed25519', publicKey: row.public_key }, pkcs8: fromHex(row.private_key_pkcs8)! };
    const pair = (await webcrypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
    const raw = new Uint8Array(await webcrypto.subtle.exportKey('raw', pair.publicKey));
    const pkcs8 = new Uint8Array(await webcrypto.subtle.exportKey('pkcs8', pair.privateKey));
    const keyId = await contentKeyId(raw);
    await this.db
      .insertInto('content_signing_keys')
      .values({ key_id: keyId, public_key: toHex(raw), private_key_pkcs8: toHex(pkcs8), created_at: this.now() })
      .onConflict((oc) => oc.column('key_id').doNothing())
      .execute();
    // Two instances starting together: both read back whichever key sorts first.
    const again = await this.db.selectFrom('content_signing_keys').selectAll().orderBy('created_at', 'desc').orderBy('key_id').executeTakeFirstOrThrow();
    return { pub: { keyId: again.key_id, alg: 'Ed25519', publicKey: again.public_key }, pkcs8: fromHex(again.private_key_pkcs8)! };
  }

  /** Every key a terminal should trust (old releases stay verifiable after a key change). */
  async publicKeys(): Promise<ContentPublicKey[]> {
    await this.signingKey();
    const rows = await this.db.selectFrom('content_signing_keys').select(['key_id', 'public_key']).orderBy('created_at').execute();
    return rows.map((r) => ({ keyId: r.key_id, alg: 'Ed25519' as const, publicKey: r.public_key }));
  }

  // ---- files ---------------------------------------------------------------------------

  putFile(bytes: Uint8Array, mediaType: MediaType): Promise<{ sha256: string; size: number; type: MediaType }> {
    return this.files.put(bytes, mediaType);
  }

  getFile(sha256: string): Promise<StoredFile | undefined> {
    return this.files.get(sha256);
  }

  // ---- drafts --------------------------------------------------------------------------

  async drafts(): Promise<Drafts> {
    const rows = await this.db.selectFrom('content_drafts').select(['content_type', 'body']).execute();
    const out: Record<string, unknown> = {};
    for (const r of rows) if (ContentType.safeParse(r.content_type).success) out[r.content_type] = JSON.parse(r.body);
    return out as Drafts;
  }

  /** Validates and saves one content type's draft. */
  async saveDraft(actor: Actor, type: ContentType, content: unknown): Promise<void> {
    const parsed = CONTENT_TYPES[type].safeParse(content);
    if (!parsed.success) {
      throw badRequest('content-invalid', `The ${type} content is not valid`, parsed.error.issues.slice(0, 20).map((i) => ({ path: i.path.join('.'), message: i.message })));
    }
    const body = JSON.stringify(parsed.data);
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('content_drafts')
        .values({ content_type: type, body, updated_at: this.now(), updated_by: actor.name })
        .onConflict((oc) => oc.column('content_type').doUpdateSet({ body, updated_at: this.now(), updated_by: actor.name }))
        .execute();
      await this.audit.record(actor, 'content.draft.save', { type: 'content-draft', id: type }, { bytes: body.length }, trx);
    });
  }

  // ---- releases ------------------------------------------------------------------------

  /** Freeze the drafts into a new signed release. */
  async publish(actor: Actor, opts: PublishOptions): Promise<ReleaseSummary> {
    const drafts = await this.drafts();
    if (Object.keys(drafts).length === 0) throw badRequest('content-empty', 'There are no drafts to publish');
    const media = referencedHashes(drafts);
    const mediaRows = media.size
      ? await this.db.selectFrom('content_files').select(['sha256', 'size', 'media_type']).where('sha256', 'in', [...media]).execute()
      : [];
    const problems = checkContentReferences(drafts, new Set(mediaRows.map((r) => r.sha256)));
    if (problems.length) throw badRequest('content-inconsistent', 'The drafts refer to things that do not exist', problems.slice(0, 50));

    const files: ManifestFile[] = [];
    const index: ContentIndex = { schemaVersion: 1, files: {} };
    for (const type of Object.keys(drafts).sort() as ContentType[]) {
      const path = `${type}.json`;
      const stored = await this.putFile(new TextEncoder().encode(canonicalJson(drafts[type])), 'application/json');
      files.push({ path, sha256: stored.sha256, size: stored.size, type: 'application/json' });
      index.files[type] = path;
    }
    const idx = await this.putFile(new TextEncoder().encode(canonicalJson(index)), 'application/json');
    files.push({ path: CONTENT_INDEX_PATH, sha256: idx.sha256, size: idx.size, type: 'application/json' });
    for (const r of mediaRows) {
      const type = r.media_type as MediaType;
      files.push({ path: `media/${r.sha256}.${MEDIA_EXTENSIONS[type]}`, sha256: r.sha256, size: Number(r.size), type });
    }
    return this.signAndStore(actor, files, opts, null);
  }

  /** Rollback: publish an earlier release's files again, as a new release. */
  async republish(actor: Actor, releaseId: string, opts: Partial<PublishOptions>): Promise<ReleaseSummary> {
    const row = await this.db.selectFrom('content_releases').selectAll().where('release_id', '=', releaseId).executeTakeFirst();
    if (!row) throw notFound(`release ${releaseId}`);
    const old = ContentManifest.parse(JSON.parse(row.manifest));
    return this.signAndStore(actor, old.files, { targets: opts.targets ?? old.targets, notBefore: opts.notBefore, note: opts.note ?? `re-publish of ${releaseId}` }, releaseId);
  }

  private async signAndStore(actor: Actor, files: ManifestFile[], opts: PublishOptions, sourceReleaseId: string | null): Promise<ReleaseSummary> {
    const key = await this.signingKey();
    const createdAt = this.now();
    const releaseId = newReleaseId(createdAt);
    const unsigned: UnsignedManifest = {
      schemaVersion: 1,
      releaseId,
      createdAt: new Date(createdAt).toISOString(),
      ...(opts.notBefore ? { schedule: { notBefore: new Date(opts.notBefore).toISOString() } } : {}),
      targets: [...new Set(opts.targets)].sort(),
      files: [...files].sort((a, b) => (a.path < b.path ? -1 : 1)),
    };
    let manifest: ContentManifest;
    try {
      manifest = await signManifest(unsigned, key.pkcs8, key.pub.keyId);
    } catch (e) {
      throw badRequest('release-invalid', `The release is not valid: ${(e as Error).message}`);
    }
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('content_releases')
        .values({
          release_id: releaseId,
          created_at: createdAt,
          created_by: actor.name,
          targets: JSON.stringify(manifest.targets),
          not_before: manifest.schedule?.notBefore ? Date.parse(manifest.schedule.notBefore) : null,
          manifest: canonicalJson(manifest),
          source_release_id: sourceReleaseId,
          note: opts.note ?? '',
        })
        .execute();
      await this.audit.record(
        actor,
        sourceReleaseId ? 'content.release.republish' : 'content.release.publish',
        { type: 'content-release', id: releaseId },
        { targets: manifest.targets, notBefore: manifest.schedule?.notBefore ?? null, sourceReleaseId, files: files.length },
        trx,
      );
    });
    return summary(manifest, actor.name, sourceReleaseId, opts.note ?? '');
  }

  async list(limit = 100): Promise<ReleaseSummary[]> {
    const rows = await this.db.selectFrom('content_releases').selectAll().orderBy('seq', 'desc').limit(limit).execute();
    return rows.map((r) => summary(JSON.parse(r.manifest) as ContentManifest, r.created_by, r.source_release_id, r.note));
  }

  async manifest(releaseId: string): Promise<ContentManifest> {
    const row = await this.db.selectFrom('content_releases').select('manifest').where('release_id', '=', releaseId).executeTakeFirst();
    if (!row) throw notFound(`release ${releaseId}`);
    return JSON.parse(row.manifest) as ContentManifest;
  }

  /**
   * What a terminal of `group` should show now (`current`) and the newer release it should
   * download ahead of its schedule (`upcoming`).
   */
  async forGroup(group: string): Promise<{ current: ContentManifest | null; upcoming: ContentManifest | null }> {
    const { current, upcoming } = releasesForGroup(await this.recentRows(), group, this.now());
    return { current: current ? parseManifest(current) : null, upcoming: upcoming ? parseManifest(upcoming) : null };
  }

  /** The release in force and the next scheduled one of each group named, from one read. */
  async forGroups(groups: readonly string[]): Promise<Map<string, { current: ContentManifest | null; upcoming: ContentManifest | null }>> {
    const rows = await this.recentRows();
    const now = this.now();
    return new Map(
      groups.map((g) => {
        const { current, upcoming } = releasesForGroup(rows, g, now);
        return [g, { current: current ? parseManifest(current) : null, upcoming: upcoming ? parseManifest(upcoming) : null }];
      }),
    );
  }

  private recentRows(): Promise<ReleaseRow[]> {
    return this.db.selectFrom('content_releases').select(['release_id', 'targets', 'not_before', 'manifest']).orderBy('seq', 'desc').limit(500).execute();
  }

  /**
   * Every content type of the newest due release (any target group), read back from its
   * signed files: what the console compares drafts with. Empty when nothing is due yet.
   */
  async contentInForce(): Promise<{ releaseId: string | null; content: Drafts }> {
    const now = this.now();
    const row = (await this.recentRows()).find((r) => r.not_before === null || Number(r.not_before) <= now);
    if (!row) return { releaseId: null, content: {} };
    const content: Record<string, unknown> = {};
    for (const file of parseManifest(row).files) {
      const type = ContentType.safeParse(file.path.replace(/\.json$/, ''));
      if (!type.success) continue;
      const parsed = CONTENT_TYPES[type.data].safeParse(await this.readJson(file.sha256));
      if (parsed.success) content[type.data] = parsed.data;
    }
    return { releaseId: row.release_id, content: content as Drafts };
  }

  private async readJson(sha256: string): Promise<unknown> {
    const stored = await this.files.get(sha256);
    if (!stored) return undefined;
    const chunks: Uint8Array[] = [];
    for await (const chunk of stored.read(0, stored.size - 1)) chunks.push(chunk);
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  }

  /**
   * One content type as the newest due release (any target group) carries it, with that
   * release's id; null when no due release has it. Read back from the signed files.
   */
  async publishedContent<T extends ContentType>(type: T): Promise<{ releaseId: string; content: ContentOf<T> } | null> {
    const rows = await this.db.selectFrom('content_releases').select(['release_id', 'not_before', 'manifest']).orderBy('seq', 'desc').limit(500).execute();
    const now = this.now();
    const path = `${type}.json`;
    for (const r of rows) {
      if (r.not_before !== null && Number(r.not_before) > now) continue;
      const file = (JSON.parse(r.manifest) as ContentManifest).files.find((f) => f.path === path);
      if (!file) continue;
      const json = await this.readJson(file.sha256);
      if (json === undefined) return null;
      const parsed = CONTENT_TYPES[type].safeParse(json);
      return parsed.success ? { releaseId: r.release_id, content: parsed.data as ContentOf<T> } : null;
    }
    return null;
  }

  async hasAnyRelease(): Promise<boolean> {
    return (await this.db.selectFrom('content_releases').select('seq').limit(1).executeTakeFirst()) !== undefined;
  }
}

type ReleaseRow = { release_id: string; targets: string; not_before: number | null; manifest: string };

const parseManifest = (row: ReleaseRow): ContentManifest => JSON.parse(row.manifest) as ContentManifest;

/**
 * Of releases newest first: the newest due one for `group` (`all` targets every group), and the
 * soonest-due scheduled release published after it.
 */
function releasesForGroup(rows: readonly ReleaseRow[], group: string, now: number): { current: ReleaseRow | undefined; upcoming: ReleaseRow | undefined } {
  const mine = rows.filter((r) => {
    const targets = JSON.parse(r.targets) as string[];
    return targets.includes('all') || targets.includes(group);
  });
  const currentIdx = mine.findIndex((r) => r.not_before === null || Number(r.not_before) <= now);
  const pending = mine.slice(0, currentIdx >= 0 ? currentIdx : mine.length).filter((r) => r.not_before !== null && Number(r.not_before) > now);
  pending.sort((a, b) => Number(a.not_before) - Number(b.not_before));
  return { current: currentIdx >= 0 ? mine[currentIdx] : undefined, upcoming: pending[0] };
}

function summary(m: ContentManifest, createdBy: string, sourceReleaseId: string | null, note: string): ReleaseSummary {
  return {
    releaseId: m.releaseId,
    createdAt: m.createdAt,
    createdBy,
    targets: m.targets,
    notBefore: m.schedule?.notBefore ?? null,
    sourceReleaseId,
    note,
    files: m.files.length,
    bytes: m.files.reduce((n, f) => n + f.size, 0),
  };
}

/** Sortable and unique: `20251126-031500-3fa2c1`. */
function newReleaseId(epochMs: number): string {
  const d = new Date(epochMs).toISOString();
  return `${d.slice(0, 10).replaceAll('-', '')}-${d.slice(11, 19).replaceAll(':', '')}-${randomBytes(3).toString('hex')}`;
}

/** Hashes of every file the content refers to (image blocks, attract items). */
export function referencedHashes(content: unknown): Set<string> {
  const out = new Set<string>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'file' && typeof x === 'string' && /^[0-9a-f]{64}$/.test(x)) out.add(x);
        else walk(x);
      }
    }
  };
  walk(content);
  return out;
}
