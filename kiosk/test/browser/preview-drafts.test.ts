/**
 * The console preview's side of the kiosk, decided without the page: drafts are checked with
 * each type's schema as a terminal checks a release (a failing type left out and named, never
 * a throw); the route opens the item asked for, else the first; an emergency shows only on its
 * own screen, an attract item at any hour. (The page itself: content-preview-chromium.test.ts.)
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CONTENT_TYPES } from '@civic-kiosk/protocol/content';
import type { AttractFile, ContentType, EmergencyFile, NoticesFile } from '@civic-kiosk/protocol/content';
import type { PreviewShow } from '@civic-kiosk/protocol/kiosk-preview';
import { previewFiles, previewRoute, validDrafts } from '../../src/browser/preview/drafts.ts';
import type { Files } from '../../src/browser/preview/drafts.ts';

const CONTENT_DIR = path.resolve(import.meta.dirname, '../../../content');
const TYPES = Object.keys(CONTENT_TYPES) as ContentType[];
const seed = async (): Promise<Record<ContentType, unknown>> => {
  const index = JSON.parse(await readFile(path.join(CONTENT_DIR, 'index.json'), 'utf8')) as { files: Record<ContentType, string> };
  const entries = await Promise.all(TYPES.map(async (type) => [type, JSON.parse(await readFile(path.join(CONTENT_DIR, index.files[type]), 'utf8'))] as const));
  return Object.fromEntries(entries) as Record<ContentType, unknown>;
};
const show = (over: Partial<PreviewShow>): PreviewShow => ({ kind: 'kiosk-preview.show', content: {}, screen: 'home', lang: 'zh-CN', elderly: false, ...over });

describe('kiosk preview: drafts and screens', () => {
  it('takes every valid draft as it is and names each invalid one, never throwing', async () => {
    const { files, problems } = validDrafts(await seed());
    expect(problems).toEqual([]);
    expect(Object.keys(files).sort()).toEqual([...TYPES].sort());
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...TYPES), fc.jsonValue()), (drafts) => {
        const r = validDrafts(drafts);
        const named = r.problems.map((p) => p.slice(0, p.indexOf(':')));
        // Each type lands in exactly one place, and only a draft its schema refuses is left out.
        expect([...Object.keys(r.files), ...named].sort()).toEqual(Object.keys(drafts).sort());
        for (const type of named) expect(CONTENT_TYPES[type as ContentType].safeParse(drafts[type as ContentType]).success).toBe(false);
      }),
    );
  });

  it('opens the item asked for, else the first; a list screen opens no item', async () => {
    const { files } = validDrafts(await seed());
    const notices = (files.notices as NoticesFile).notices;
    expect(previewRoute('notice', notices[1]!.id, files)).toEqual({ name: 'notice', params: { id: notices[1]!.id } });
    expect(previewRoute('notice', undefined, files)).toEqual({ name: 'notice', params: { id: notices[0]!.id } });
    expect(previewRoute('disclosure-entry', undefined, files)).toEqual({ name: 'disclosure-entry', params: { id: files.disclosure!.entries[0]!.indexNumber } });
    expect(previewRoute('map', 'pt-1', files)).toEqual({ name: 'map', params: { point: 'pt-1' } });
    expect(previewRoute('notices', notices[1]!.id, files)).toEqual({ name: 'notices' });
    expect(previewRoute('notice', undefined, {})).toEqual({ name: 'notice', params: { id: '' } });
  });

  it('shows an emergency message only on the emergency screen, and the edited attract item alone at any hour', () => {
    const always = { issuedAt: '2000-01-01T00:00:00Z', expiresAt: '2999-01-01T00:00:00Z' };
    const emergency: EmergencyFile = { messages: [{ id: 'storm', severity: 'critical', title: { 'zh-CN': '台风', en: 'Typhoon' }, body: { 'zh-CN': '请留在室内', en: 'Stay indoors' }, ...always }] };
    const item = (id: string) => ({ id, kind: 'image' as const, file: 'a'.repeat(64), durationSeconds: 10, alt: { 'zh-CN': id, en: id }, dayparts: [{ from: '00:00', to: '00:01' }] });
    const attract: AttractFile = { items: [item('day'), item('night')] };
    const files: Files = { emergency, attract };
    expect(previewFiles(show({ screen: 'notice' }), files).emergency).toBeUndefined();
    expect(previewFiles(show({ screen: 'emergency', item: 'storm' }), files).emergency).toEqual(emergency);
    const { dayparts: _, ...night } = item('night');
    expect(previewFiles(show({ screen: 'attract', item: 'night' }), files).attract).toEqual({ items: [night] });
    expect(previewFiles(show({ screen: 'attract' }), files).attract).toEqual(attract);
  });
});
