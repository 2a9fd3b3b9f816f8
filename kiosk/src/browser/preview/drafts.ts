/**
 * What a console preview shows, decided without the page: the drafts that pass their type's
 * schema (a failing type left out and named, as a terminal leaves out a bad release file), the
 * route of the screen that shows the edited item, and the content that screen is drawn from.
 */
import { CONTENT_TYPES } from '@civic-kiosk/protocol/content';
import type { ContentType } from '@civic-kiosk/protocol/content';
import type { PreviewScreen, PreviewShow } from '@civic-kiosk/protocol/kiosk-preview';
import type { LoadedContent } from '../content/index.ts';

export type Files = LoadedContent['files'];

/** Each draft that passes its type's schema; the others as `type: first issues`. */
export function validDrafts(content: PreviewShow['content']): { files: Files; problems: string[] } {
  const files: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [type, draft] of Object.entries(content) as [ContentType, unknown][]) {
    const r = CONTENT_TYPES[type].safeParse(draft);
    if (r.success) files[type] = r.data;
    else problems.push(`${type}: ${r.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return { files: files as Files, problems };
}

/** A session route, as screens/registry.ts names one (kept structural: that module loads every screen). */
export interface PreviewRoute {
  name: string;
  params?: Readonly<Record<string, string>>;
}

/** The route of a session screen, for `item` or else the first item of its type. */
export function previewRoute(screen: Exclude<PreviewScreen, 'attract' | 'emergency'>, item: string | undefined, files: Files): PreviewRoute {
  const first = {
    notice: files.notices?.notices[0]?.id,
    page: files.pages?.pages[0]?.id,
    guide: files.guides?.guides[0]?.id,
    'disclosure-entry': files.disclosure?.entries[0]?.indexNumber,
  } as Partial<Record<PreviewScreen, string>>;
  if (screen in first) return { name: screen, params: { id: item ?? first[screen] ?? '' } };
  if (screen === 'map' && item) return { name: 'map', params: { point: item } };
  return { name: screen };
}

/**
 * What the preview shows besides the screen: the edited attract item alone and at any hour (a
 * playlist would rotate it away), and standing emergencies only on the emergency screen (one in
 * force would otherwise hide the screen being edited).
 */
export function previewFiles(show: PreviewShow, files: Files): Files {
  const { emergency, ...rest } = files;
  if (show.screen === 'emergency') return { ...rest, ...(emergency ? { emergency } : {}) };
  if (show.screen === 'attract' && show.item && rest.attract) {
    const items = rest.attract.items.filter((i) => i.id === show.item).map(({ dayparts: _always, ...i }) => i);
    return { ...rest, attract: { items } };
  }
  return rest;
}
