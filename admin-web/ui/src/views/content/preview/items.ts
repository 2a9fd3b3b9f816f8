/**
 * Which item of a draft the preview shows: the draft's items by the id a kiosk screen opens
 * them with, and the one an edit just changed (the preview follows the editor's hand).
 */
import type { ContentType } from '@civic-kiosk/protocol/content';
import { PREVIEW_ITEMS } from '@civic-kiosk/protocol/kiosk-preview';

export interface PreviewItem {
  id: string;
  item: unknown;
}

const listOf = (type: ContentType, draft: unknown): unknown[] => {
  const list = draft !== null && typeof draft === 'object' ? (draft as Record<string, unknown>)[PREVIEW_ITEMS[type].list] : undefined;
  return Array.isArray(list) ? list : [];
};

const idOf = (type: ContentType, item: unknown): string | undefined => {
  const id = item !== null && typeof item === 'object' ? (item as Record<string, unknown>)[PREVIEW_ITEMS[type].key] : undefined;
  return typeof id === 'string' && id !== '' ? id : undefined;
};

/** The draft's items that have an id (an item still without one cannot be opened on a kiosk). */
export function previewItems(type: ContentType, draft: unknown): PreviewItem[] {
  return listOf(type, draft).flatMap((item) => {
    const id = idOf(type, item);
    return id ? [{ id, item }] : [];
  });
}

/** The id of the first item that differs between two versions of a draft, as it is after the edit. */
export function editedItem(type: ContentType, before: unknown, after: unknown): string | undefined {
  const [a, b] = [listOf(type, before), listOf(type, after)];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (JSON.stringify(a[i]) !== JSON.stringify(b[i])) return idOf(type, b[i]);
  }
  return undefined;
}
