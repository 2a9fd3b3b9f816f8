/**
 * Which draft item the studio's preview shows: the items a kiosk screen can open (by id, or a
 * disclosure entry's index number) and, after an edit, the item it changed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { editedItem, previewItems } from '../../../ui/src/views/content/preview/items.ts';

const notice = fc.record({ id: fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/), title: fc.record({ 'zh-CN': fc.string({ maxLength: 6 }), en: fc.string({ maxLength: 6 }) }) });
const notices = fc.uniqueArray(notice, { selector: (n) => n.id, minLength: 1, maxLength: 8 });

describe('preview items', () => {
  it('lists the items by the field their screen opens them with, skipping items without one and any malformed draft', () => {
    expect(previewItems('disclosure', { entries: [{ indexNumber: 'SHJX-2025-00123' }, { title: 'no number yet' }] }).map((i) => i.id)).toEqual(['SHJX-2025-00123']);
    expect(previewItems('service-points', { servicePoints: [{ id: 'a' }, { id: '' }, { id: 7 }] }).map((i) => i.id)).toEqual(['a']);
    for (const draft of [null, 'x', { notices: 'x' }, { pages: [{ id: 'p' }] }]) expect(previewItems('notices', draft)).toEqual([]);
  });

  it('follows the item an edit changed, under its new id when the id was the edit', () => {
    fc.assert(
      fc.property(notices, fc.nat(), fc.string({ minLength: 1, maxLength: 6 }), (list, pick, text) => {
        const at = pick % list.length;
        const edited = list.map((n, i) => (i === at ? { ...n, title: { ...n.title, en: `${n.title.en}${text}` } } : n));
        expect(editedItem('notices', { notices: list }, { notices: edited })).toBe(list[at]!.id);
        const renamed = list.map((n, i) => (i === at ? { ...n, id: `${n.id}-x` } : n));
        expect(editedItem('notices', { notices: list }, { notices: renamed })).toBe(`${list[at]!.id}-x`);
        expect(editedItem('notices', { notices: list }, { notices: structuredClone(list) })).toBeUndefined();
      }),
    );
  });
});
