/**
 * What publishing the drafts would change, per content type: items added, removed and changed
 * (with the fields that changed), and lists whose order changed (the attract playlist plays in
 * order). Items are matched by their id (a disclosure entry by its index number), else by place.
 */
import { canonicalJson } from '@civic-kiosk/protocol/canonical-json';

export interface ItemRef {
  /** The list in the content file (`notices`, `categories`, `guides`...). */
  collection: string;
  key: string;
  /** The item itself, for its label. */
  item: unknown;
}

export interface ContentDiff {
  added: ItemRef[];
  removed: ItemRef[];
  changed: (ItemRef & { fields: string[] })[];
  /** Lists whose common items now come in another order. */
  reordered: string[];
}

const same = (a: unknown, b: unknown): boolean => (a === undefined || b === undefined ? a === b : canonicalJson(a) === canonicalJson(b));
const record = (v: unknown): Record<string, unknown> => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/** An item's identity: its id or index number; a repeated one gets `#2`, `#3`... so keys stay unique. */
function keyed(items: unknown): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const seen = new Map<string, number>();
  (Array.isArray(items) ? items : []).forEach((item, i) => {
    const r = record(item);
    const id = typeof r.id === 'string' ? r.id : typeof r.indexNumber === 'string' ? r.indexNumber : `#${i + 1}`;
    const n = (seen.get(id) ?? 0) + 1;
    seen.set(id, n);
    out.set(n === 1 ? id : `${id}#${n}`, item);
  });
  return out;
}

/** The differences from `before` (the release in force; undefined: not in it) to `after` (the draft). */
export function diffContent(before: unknown, after: unknown): ContentDiff {
  const diff: ContentDiff = { added: [], removed: [], changed: [], reordered: [] };
  const b = record(before);
  const a = record(after);
  for (const collection of [...new Set([...Object.keys(b), ...Object.keys(a)])].sort()) {
    const was = keyed(b[collection]);
    const now = keyed(a[collection]);
    for (const [key, item] of now) {
      if (!was.has(key)) diff.added.push({ collection, key, item });
      else if (!same(was.get(key), item)) diff.changed.push({ collection, key, item, fields: changedFields(was.get(key), item) });
    }
    for (const [key, item] of was) if (!now.has(key)) diff.removed.push({ collection, key, item });
    const order = (m: Map<string, unknown>, other: Map<string, unknown>) => [...m.keys()].filter((k) => other.has(k)).join('\n');
    if (order(was, now) !== order(now, was)) diff.reordered.push(collection);
  }
  return diff;
}

function changedFields(before: unknown, after: unknown): string[] {
  const b = record(before);
  const a = record(after);
  return [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => !same(b[k], a[k])).sort();
}

export const isEmptyDiff = (d: ContentDiff): boolean => d.added.length + d.removed.length + d.changed.length + d.reordered.length === 0;
