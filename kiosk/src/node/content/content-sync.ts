/**
 * Content sync: fetch this terminal's signed manifest, verify it with the server's content
 * keys (protocol's verifier), download only the blobs it lacks (resuming partial downloads
 * with HTTP Range), verify size and hash, and switch atomically, but only while the screen is
 * idle so nobody's session changes under their hands. A tampered manifest or file is refused
 * with the protocol's typed error and the old release stays.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { assertWithinSize, FileMismatchError, missingFiles, releaseApplies, verifyManifest } from '@civic-kiosk/protocol/content-manifest';
import type { ContentManifest, ContentPublicKey, ManifestFile } from '@civic-kiosk/protocol/content-manifest';
import type { ActiveRelease, ContentStore } from './content-store.ts';

/** The signed manifests the server offers this terminal: the one to show now and the next scheduled one. */
export interface ManifestOffer {
  current: Uint8Array | undefined;
  upcoming?: Uint8Array | undefined;
}

export interface ContentSource {
  manifest(): Promise<ManifestOffer>;
  /** The blob's bytes from `offset` on (a Range request when offset > 0). */
  file(sha256: string, offset: number): Promise<Response>;
}

export class ContentSyncError extends Error {
  override readonly name = 'ContentSyncError';
  constructor(
    readonly code: 'download-failed' | 'server-unreachable',
    message: string,
  ) {
    super(message);
  }
}

export type SyncOutcome =
  | { status: 'no-release' | 'not-due' }
  | { status: 'up-to-date' | 'switched' | 'waiting-for-idle'; releaseId: string };

export interface ContentSyncOptions {
  store: ContentStore;
  source: ContentSource;
  trustedKeys: () => readonly ContentPublicKey[];
  groups: () => readonly string[];
  /** True while the attract screen shows; a release is switched in only then. */
  isIdle: () => boolean;
  onSwitched: (release: ActiveRelease) => void;
  now?: () => number;
}

export class ContentSync {
  #running: Promise<SyncOutcome> | undefined;
  #pending: ActiveRelease | undefined;

  constructor(private readonly options: ContentSyncOptions) {}

  /** One sync; concurrent callers share the run in progress. */
  sync(): Promise<SyncOutcome> {
    this.#running ??= this.#sync().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  /** Call when the screen becomes idle: switches in a release that was waiting for it. */
  async idle(): Promise<string | undefined> {
    const pending = this.#pending;
    if (!pending || !this.options.isIdle()) return undefined;
    this.#pending = undefined;
    await this.#switch(pending);
    return pending.releaseId;
  }

  async #sync(): Promise<SyncOutcome> {
    const { store, source } = this.options;
    let offer: ManifestOffer;
    try {
      offer = await source.manifest();
    } catch (e) {
      throw new ContentSyncError('server-unreachable', (e as Error).message);
    }
    // The next scheduled release is verified and reserved first, so switching the current one
    // (which collects unreferenced blobs) keeps what was fetched ahead for it.
    // A bad upcoming manifest must not hold back the current one; it is refused (and reported)
    // when the server offers it as current.
    const upcoming = offer.upcoming ? await verifyManifest(offer.upcoming, this.options.trustedKeys()).catch(() => undefined) : undefined;
    store.reserve(upcoming);
    const outcome = await this.#current(offer.current);
    // Fetched ahead so the scheduled switch is instant; shown only when the server offers it as
    // current. Best effort: a failure here must not report the current release as failed, and
    // the next sync (or taking it as current) fetches what is still missing.
    if (upcoming) await this.#fetchAll(upcoming).catch(() => undefined);
    return outcome;
  }

  async #current(bytes: Uint8Array | undefined): Promise<SyncOutcome> {
    const { store } = this.options;
    if (!bytes) return { status: 'no-release' };
    const manifest = await verifyManifest(bytes, this.options.trustedKeys());
    if (store.active?.releaseId === manifest.releaseId) return { status: 'up-to-date', releaseId: manifest.releaseId };
    if (!releaseApplies(manifest, [...this.options.groups(), 'all'], (this.options.now ?? Date.now)())) return { status: 'not-due' };
    await this.#fetchAll(manifest);
    const release: ActiveRelease = { releaseId: manifest.releaseId, manifest, bytes };
    if (!this.options.isIdle()) {
      this.#pending = release;
      return { status: 'waiting-for-idle', releaseId: manifest.releaseId };
    }
    this.#pending = undefined;
    await this.#switch(release);
    return { status: 'switched', releaseId: manifest.releaseId };
  }

  /** Downloads every file of `manifest` the store does not have yet. */
  async #fetchAll(manifest: Pick<ContentManifest, 'files'>): Promise<void> {
    for (const entry of missingFiles(manifest, await this.options.store.haveHashes())) await this.#download(entry);
  }

  async #switch(release: ActiveRelease): Promise<void> {
    await this.options.store.activate(release);
    this.options.onSwitched(release);
  }

  /** Downloads one blob into `<sha>.part`, resuming what is there, then verifies and renames it. */
  async #download(entry: ManifestFile): Promise<void> {
    const { store, source } = this.options;
    const part = store.partPath(entry.sha256);
    let offset = await store.partSize(entry.sha256);
    if (offset > entry.size) {
      await rm(part, { force: true });
      offset = 0;
    }
    if (offset < entry.size || entry.size === 0) {
      const response = await source.file(entry.sha256, offset);
      if (response.status === 416) {
        // The server says our part is past the end: it is damaged, start over next run.
        await rm(part, { force: true });
        throw new ContentSyncError('download-failed', `${entry.path}: range not satisfiable`);
      }
      if (response.status !== 200 && response.status !== 206) {
        throw new ContentSyncError('download-failed', `${entry.path}: server answered ${response.status}`);
      }
      // 200 means the server ignored the range: the whole file comes again.
      if (response.status === 200) offset = 0;
      await this.#appendBody(response, part, offset, entry);
    }
    await this.#verifyPart(part, entry);
    await rename(part, store.blobPath(entry.sha256));
  }

  async #appendBody(response: Response, part: string, offset: number, entry: ManifestFile): Promise<void> {
    const handle = await open(part, offset === 0 ? 'w' : 'a', 0o600);
    let received = offset;
    try {
      if (response.body) {
        for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
          received += chunk.byteLength;
          assertWithinSize(entry, received);
          await handle.write(chunk);
        }
      }
      await handle.sync();
    } catch (e) {
      if (e instanceof FileMismatchError) await rm(part, { force: true });
      throw e;
    } finally {
      await handle.close();
    }
  }

  async #verifyPart(part: string, entry: ManifestFile): Promise<void> {
    const hash = createHash('sha256');
    let size = 0;
    for await (const chunk of createReadStream(part) as AsyncIterable<Buffer>) {
      size += chunk.byteLength;
      hash.update(chunk);
    }
    const problem =
      size !== entry.size
        ? new FileMismatchError('content-size-mismatch', entry.path, `${entry.path}: ${size} bytes, manifest says ${entry.size}`)
        : hash.digest('hex') !== entry.sha256
          ? new FileMismatchError('content-hash-mismatch', entry.path, `${entry.path}: sha256 does not match the manifest`)
          : undefined;
    if (problem) {
      await rm(part, { force: true });
      throw problem;
    }
  }
}

