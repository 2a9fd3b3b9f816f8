/**
 * The default release shipped in the repository's `content/` folder: loaded into the drafts
 * and published on a server's first start, so a fresh install shows real content.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CONTENT_INDEX_PATH, parseContentFile, parseContentIndex, type ContentOf, type ContentType } from '@civic-kiosk/protocol/content';
import { SYSTEM_ACTOR } from '../audit/audit-log.ts';
import type { MediaType } from './file-store.ts';
import { MEDIA_EXTENSIONS, type ContentReleases } from './release-service.ts';

export const DEFAULT_CONTENT_DIR = path.resolve(import.meta.dirname, '../../../../content');

export interface ContentSource {
  content: { [T in ContentType]?: ContentOf<T> };
  media: { path: string; bytes: Uint8Array; type: MediaType }[];
}

const BY_EXTENSION = new Map(Object.entries(MEDIA_EXTENSIONS).map(([type, ext]) => [ext, type as MediaType]));

/** Reads and validates a content folder: `index.json`, the files it names, and `images/`. */
export function readContentDir(dir: string): ContentSource {
  const index = parseContentIndex(readFileSync(path.join(dir, CONTENT_INDEX_PATH)));
  const content: Record<string, unknown> = {};
  for (const [type, file] of Object.entries(index.files) as [ContentType, string][]) {
    content[type] = parseContentFile(type, readFileSync(path.join(dir, file)));
  }
  const media: ContentSource['media'] = [];
  const imagesDir = path.join(dir, 'images');
  for (const name of readdirSync(imagesDir).sort()) {
    const type = BY_EXTENSION.get(name.split('.').pop() ?? '');
    if (!type || type === 'application/json') continue;
    media.push({ path: `images/${name}`, bytes: readFileSync(path.join(imagesDir, name)), type });
  }
  return { content: content as ContentSource['content'], media };
}

/** On first start (no release yet): load the folder into the drafts and publish it to all terminals. */
export async function ensureInitialRelease(releases: ContentReleases, dir: string): Promise<boolean> {
  if (await releases.hasAnyRelease()) return false;
  const source = readContentDir(dir);
  for (const m of source.media) await releases.putFile(m.bytes, m.type);
  for (const [type, value] of Object.entries(source.content) as [ContentType, unknown][]) await releases.saveDraft(SYSTEM_ACTOR, type, value);
  await releases.publish(SYSTEM_ACTOR, { targets: ['all'], note: 'Default content' });
  return true;
}
