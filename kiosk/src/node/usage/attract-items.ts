/**
 * The attract item ids of the releases the page may be showing (the active one and the one
 * before it), read from the content store once per release. A page can report plays only of
 * items that exist, so the item id, the one usage field that is not from a fixed list, cannot
 * carry anything else (an account number is a valid-looking id, but no item's).
 */
import { readFile } from 'node:fs/promises';
import { parseContentFile, parseContentIndex } from '@civic-kiosk/protocol/content';
import type { ActiveRelease, ContentStore } from '../content/content-store.ts';

export class AttractItems {
  readonly #byRelease = new Map<string, Promise<ReadonlySet<string>>>();

  constructor(private readonly store: Pick<ContentStore, 'active' | 'previous' | 'blobPath'>) {}

  async has(item: string): Promise<boolean> {
    for (const release of [this.store.active, this.store.previous]) {
      if (release && (await this.#idsOf(release)).has(item)) return true;
    }
    return false;
  }

  #idsOf(release: ActiveRelease): Promise<ReadonlySet<string>> {
    let ids = this.#byRelease.get(release.releaseId);
    if (!ids) {
      ids = this.#read(release);
      this.#byRelease.set(release.releaseId, ids);
    }
    return ids;
  }

  async #read(release: ActiveRelease): Promise<ReadonlySet<string>> {
    const blob = async (p: string) => {
      const file = release.manifest.files.find((f) => f.path === p);
      if (!file) throw new Error(`${p} is not in release ${release.releaseId}`);
      return new Uint8Array(await readFile(this.store.blobPath(file.sha256)));
    };
    try {
      const attract = parseContentIndex(await blob('index.json')).files.attract;
      return attract ? new Set(parseContentFile('attract', await blob(attract)).items.map((i) => i.id)) : new Set();
    } catch {
      // A release whose playlist cannot be read shows none of it: no item of it can have played.
      return new Set();
    }
  }
}
