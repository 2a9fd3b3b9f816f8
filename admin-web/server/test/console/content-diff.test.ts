/**
 * The drafts' changes against the release in force: items matched by id (or index number) are
 * added, removed or changed with exactly the fields that differ; a new order is reported.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffContent, isEmptyDiff } from '../../../ui/src/views/content/diff.ts';

const item = fc.record({
  id: fc.stringMatching(/^[a-z][a-z0-9-]{0,5}$/),
  title: fc.record({ 'zh-CN': fc.string({ maxLength: 4 }), en: fc.string({ maxLength: 4 }) }),
  priority: fc.constantFrom('normal', 'urgent'),
  until: fc.option(fc.constant('2026-01-01'), { nil: undefined }),
});
/** A content file's list with unique ids. */
const list = fc.uniqueArray(item, { selector: (i) => i.id, maxLength: 8 });
const ids = (items: { id: string }[]) => new Set(items.map((i) => i.id));
const keysOf = (refs: { key: string }[]) => refs.map((r) => r.key).sort();

describe('content diff', () => {
  it('finds nothing between a file and itself, even with repeated ids', () => {
    fc.assert(
      fc.property(fc.array(item, { maxLength: 8 }), (items) => {
        expect(isEmptyDiff(diffContent({ notices: items }, { notices: structuredClone(items) }))).toBe(true);
      }),
    );
  });

  it('reports added, removed and changed items by id, with exactly the fields that differ', () => {
    fc.assert(
      fc.property(list, list, (before, after) => {
        const d = diffContent({ notices: before }, { notices: after });
        const was = ids(before);
        const now = ids(after);
        expect(keysOf(d.added)).toEqual([...now].filter((i) => !was.has(i)).sort());
        expect(keysOf(d.removed)).toEqual([...was].filter((i) => !now.has(i)).sort());
        const old = new Map(before.map((i) => [i.id, i]));
        const expected = after.filter((i) => old.has(i.id) && JSON.stringify(old.get(i.id)) !== JSON.stringify(i));
        // Key order inside an item never matters; here both sides are built alike.
        expect(keysOf(d.changed)).toEqual(expected.map((i) => i.id).sort());
        for (const c of d.changed) {
          const b = old.get(c.key)!;
          const a = c.item as typeof b;
          const differing = (['id', 'title', 'priority', 'until'] as const).filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]));
          expect(c.fields).toEqual(differing.sort());
        }
        expect(d.added.every((r) => r.collection === 'notices')).toBe(true);
      }),
    );
  });

  it('reports a list whose items come in another order, and only then', () => {
    fc.assert(
      fc.property(list, fc.nat(), (items, seed) => {
        const shuffled = [...items].sort((a, b) => ((a.id.charCodeAt(0) * 31 + seed) % 7) - ((b.id.charCodeAt(0) * 31 + seed) % 7) || a.id.localeCompare(b.id));
        const d = diffContent({ items }, { items: shuffled });
        const moved = items.some((x, i) => x.id !== shuffled[i]!.id);
        expect(d.reordered).toEqual(moved ? ['items'] : []);
        expect(d.added.length + d.removed.length + d.changed.length).toBe(0);
      }),
    );
  });

  it('treats a type missing from the release as all new, and a type gone from the drafts as all removed', () => {
    const file = { categories: [{ id: 'tax', name: { 'zh-CN': '税务', en: 'Tax' } }], entries: [{ indexNumber: 'SHJX-2025-00123' }] };
    const added = diffContent(undefined, file);
    expect(added.added.map((a) => `${a.collection}/${a.key}`)).toEqual(['categories/tax', 'entries/SHJX-2025-00123']);
    expect(diffContent(file, undefined).removed).toHaveLength(2);
  });
});
