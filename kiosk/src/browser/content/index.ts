/**
 * The active content release as the UI reads it: `/content/manifest.json` names the files by
 * logical path and sha256, `/content/files/<sha256>` serves them (immutable, so the service
 * worker caches them for good). Every content file is validated with the protocol schema;
 * a type whose file is missing or invalid is left out and reported, the rest still shows.
 * Loaded lazily: it brings the schema code, which the first screen does not need.
 */
import { activeEmergencies, attractItemsAt, parseContentFile, parseContentIndex } from '@civic-kiosk/protocol/content';
import type { AttractItem, ContentOf, ContentType, EmergencyMessage, LocalTime, Weekday } from '@civic-kiosk/protocol/content';
import type { ManifestFile } from '@civic-kiosk/protocol/content-manifest';
import { clockTime } from '../../common/clock-time.ts';
import { fileUrl, MANIFEST_URL } from './urls.ts';

export interface LoadedContent {
  releaseId: string;
  files: { [T in ContentType]?: ContentOf<T> };
  /** Content types that could not be loaded, with the reason (shown to staff). */
  problems: string[];
  emergenciesAt(nowMs: number): EmergencyMessage[];
  /** The playlist items to loop now at a terminal offering `services`. */
  attractAt(nowMs: number, services: readonly string[]): AttractItem[];
}


/** The manifest could not be fetched or read at all (offline with nothing cached). */
export class ContentUnavailableError extends Error {
  readonly code = 'content-unavailable';
  constructor(message: string) {
    super(message);
    this.name = 'ContentUnavailableError';
  }
}

async function fetchBytes(url: string): Promise<Uint8Array> {
  let res: Response;
  try {
    res = await fetch(url);
  } catch (e) {
    throw new ContentUnavailableError(`${url}: ${(e as Error).message}`);
  }
  if (!res.ok) throw new ContentUnavailableError(`${url}: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

export async function loadContent(): Promise<LoadedContent> {
  let manifest: { releaseId: string; files: ManifestFile[] };
  try {
    manifest = JSON.parse(new TextDecoder().decode(await fetchBytes(MANIFEST_URL))) as typeof manifest;
  } catch (e) {
    throw e instanceof ContentUnavailableError ? e : new ContentUnavailableError(`manifest: ${(e as Error).message}`);
  }
  const byPath = new Map((manifest.files ?? []).map((f) => [f.path, f.sha256]));
  const hashOf = (path: string) => {
    const h = byPath.get(path);
    if (!h) throw new ContentUnavailableError(`${path} is not in release ${manifest.releaseId}`);
    return h;
  };
  const index = parseContentIndex(await fetchBytes(fileUrl(hashOf('index.json'))));
  const files: LoadedContent['files'] = {};
  const problems: string[] = [];
  await Promise.all(
    (Object.entries(index.files) as [ContentType, string][]).map(async ([type, path]) => {
      try {
        const bytes = await fetchBytes(fileUrl(hashOf(path)));
        (files as Record<string, unknown>)[type] = parseContentFile(type, bytes);
      } catch (e) {
        problems.push(`${type}: ${(e as Error).message}`);
      }
    }),
  );
  return contentOf(manifest.releaseId, files, problems);
}

/** Content as the screens read it, from validated files (a release's, or the console preview's drafts). */
export function contentOf(releaseId: string, files: LoadedContent['files'], problems: string[]): LoadedContent {
  return {
    releaseId,
    files,
    problems,
    emergenciesAt: (nowMs) => (files.emergency ? activeEmergencies(files.emergency, nowMs) : []),
    attractAt: (nowMs, services) => (files.attract ? attractItemsAt(files.attract, localTime(nowMs), services) : []),
  };
}

const WEEKDAYS: Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** The terminal's local wall-clock time, as dayparts are written. */
function localTime(nowMs: number): LocalTime {
  const d = new Date(nowMs);
  return { weekday: WEEKDAYS[d.getDay()], time: clockTime(d) };
}
