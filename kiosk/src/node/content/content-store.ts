/**
 * The terminal's content on disk. Files are content-addressed blobs (`files/<sha256>`), each
 * release keeps its signed manifest (`releases/<id>.json`), and `current.json` names the
 * active and the previous release. A blob is written as `<sha256>.part`, verified, then
 * renamed; the pointer file is replaced atomically. So a half-downloaded update never shows:
 * until the pointer flips, the UI is served the old release, complete.
 */
import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { verifyManifest } from '@civic-kiosk/protocol/content-manifest';
import type { ContentManifest, ContentPublicKey } from '@civic-kiosk/protocol/content-manifest';
import { readJsonFile, writeFileAtomic } from '../files.ts';

const Pointer = z.object({ active: z.string().nullable(), previous: z.string().nullable() });
type Pointer = z.infer<typeof Pointer>;

const SHA256 = /^[0-9a-f]{64}$/;

export interface ActiveRelease {
  releaseId: string;
  manifest: ContentManifest;
  /** The manifest exactly as signed (what `/content/manifest.json` serves). */
  bytes: Uint8Array;
}

export class ContentStore {
  readonly filesDir: string;
  readonly #releasesDir: string;
  readonly #pointerFile: string;
  #active: ActiveRelease | undefined;
  #previous: ActiveRelease | undefined;
  /** A scheduled release being fetched ahead: its blobs survive garbage collection. */
  #reserved: Pick<ContentManifest, 'files'> | undefined;

  constructor(
    readonly root: string,
    private readonly trustedKeys: () => readonly ContentPublicKey[],
  ) {
    this.filesDir = path.join(root, 'files');
    this.#releasesDir = path.join(root, 'releases');
    this.#pointerFile = path.join(root, 'current.json');
  }

  /** Loads the active and previous releases, re-verifying their manifests. */
  async open(): Promise<void> {
    await mkdir(this.filesDir, { recursive: true, mode: 0o700 });
    await mkdir(this.#releasesDir, { recursive: true, mode: 0o700 });
    const pointer = Pointer.safeParse(await readJsonFile(this.#pointerFile));
    if (!pointer.success) return;
    this.#active = await this.#loadRelease(pointer.data.active);
    this.#previous = await this.#loadRelease(pointer.data.previous);
  }

  async #loadRelease(id: string | null): Promise<ActiveRelease | undefined> {
    if (!id) return undefined;
    try {
      const bytes = new Uint8Array(await readFile(this.#releaseFile(id)));
      const manifest = await verifyManifest(bytes, this.trustedKeys());
      return { releaseId: manifest.releaseId, manifest, bytes };
    } catch {
      // A release whose manifest no longer verifies (key rotated away, disk damage) is not shown.
      return undefined;
    }
  }

  #releaseFile(id: string): string {
    return path.join(this.#releasesDir, `${id}.json`);
  }

  get active(): ActiveRelease | undefined {
    return this.#active;
  }

  get previous(): ActiveRelease | undefined {
    return this.#previous;
  }

  /** Hashes of complete blobs on disk. */
  async haveHashes(): Promise<Set<string>> {
    const names = await readdir(this.filesDir).catch(() => [] as string[]);
    return new Set(names.filter((n) => SHA256.test(n)));
  }

  blobPath(sha256: string): string {
    if (!SHA256.test(sha256)) throw new Error('not a sha256');
    return path.join(this.filesDir, sha256);
  }

  partPath(sha256: string): string {
    return `${this.blobPath(sha256)}.part`;
  }

  /** A blob the UI may load: only files of the active or previous release are served. */
  servable(sha256: string): { path: string; type: string } | undefined {
    if (!SHA256.test(sha256)) return undefined;
    for (const r of [this.#active, this.#previous]) {
      const f = r?.manifest.files.find((x) => x.sha256 === sha256);
      if (f) return { path: this.blobPath(sha256), type: f.type };
    }
    return undefined;
  }

  /** Makes a verified release active (all its blobs must be present); the old one becomes previous. */
  async activate(release: ActiveRelease): Promise<void> {
    const have = await this.haveHashes();
    const missing = release.manifest.files.filter((f) => !have.has(f.sha256));
    if (missing.length > 0) throw new Error(`release ${release.releaseId} is missing ${missing.length} file(s)`);
    await writeFileAtomic(this.#releaseFile(release.releaseId), release.bytes, 0o644);
    const previous = this.#active && this.#active.releaseId !== release.releaseId ? this.#active : this.#previous;
    await this.#writePointer({ active: release.releaseId, previous: previous?.releaseId ?? null });
    this.#previous = previous;
    this.#active = release;
    await this.#collectGarbage();
  }

  reserve(manifest: Pick<ContentManifest, 'files'> | undefined): void {
    this.#reserved = manifest;
  }

  /** Switches back to the previous release; false when there is none. */
  async rollback(): Promise<boolean> {
    if (!this.#previous) return false;
    const [active, previous] = [this.#previous, this.#active];
    await this.#writePointer({ active: active.releaseId, previous: previous?.releaseId ?? null });
    this.#active = active;
    this.#previous = previous;
    return true;
  }

  async #writePointer(p: Pointer): Promise<void> {
    await writeFileAtomic(this.#pointerFile, JSON.stringify(p), 0o644);
  }

  /** Removes blobs and manifests no longer needed by the active or previous release. */
  async #collectGarbage(): Promise<void> {
    const keep = new Set([this.#active?.manifest, this.#previous?.manifest, this.#reserved].flatMap((m) => m?.files.map((f) => f.sha256) ?? []));
    for (const name of await readdir(this.filesDir)) {
      if (SHA256.test(name) && !keep.has(name)) await rm(path.join(this.filesDir, name), { force: true });
    }
    const keepReleases = new Set([this.#active?.releaseId, this.#previous?.releaseId].map((id) => `${id}.json`));
    for (const name of await readdir(this.#releasesDir)) {
      if (!keepReleases.has(name)) await rm(path.join(this.#releasesDir, name), { force: true });
    }
  }

  async partSize(sha256: string): Promise<number> {
    try {
      return (await stat(this.partPath(sha256))).size;
    } catch {
      return 0;
    }
  }
}
