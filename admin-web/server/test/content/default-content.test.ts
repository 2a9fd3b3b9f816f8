import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkContentReferences, isInDayparts } from '@civic-kiosk/protocol/content';
import { isValidCitizenId } from '@civic-kiosk/protocol/gateway';
import { DEFAULT_CONTENT_DIR, readContentDir } from '../../src/content/seed.ts';

describe('the default content release in content/', () => {
  const source = readContentDir(DEFAULT_CONTENT_DIR);
  const c = source.content;

  it('validates against the schema and has every content type', () => {
    expect(Object.keys(c).sort()).toEqual(['attract', 'disclosure', 'emergency', 'guides', 'hotlines', 'notices', 'pages', 'service-points']);
  });

  it('has no dangling reference: categories, service points and images all exist', () => {
    const hashes = new Set(source.media.map((m) => createHash('sha256').update(m.bytes).digest('hex')));
    expect(checkContentReferences(c, hashes)).toEqual([]);
  });

  it('is a realistic district: enough guides, disclosure entries, hotlines, notices and service points', () => {
    expect(c.guides!.guides.length).toBeGreaterThanOrEqual(10);
    expect(c.disclosure!.entries.length).toBeGreaterThanOrEqual(15);
    expect(c.hotlines!.hotlines.map((h) => h.number)).toEqual(expect.arrayContaining(['12345', '110', '119', '120']));
    expect(c.notices!.notices.length).toBeGreaterThanOrEqual(6);
    expect(c['service-points']!.servicePoints.length).toBeGreaterThanOrEqual(8);
  });

  it('places every service point in Shanghai', () => {
    for (const p of c['service-points']!.servicePoints) {
      expect(p.location.lng).toBeGreaterThan(120.8);
      expect(p.location.lng).toBeLessThan(122.2);
      expect(p.location.lat).toBeGreaterThan(30.6);
      expect(p.location.lat).toBeLessThan(31.9);
    }
  });

  it('always has something to show in the attract loop', () => {
    for (const weekday of ['mon', 'sat'] as const) {
      for (const time of ['03:00', '08:00', '13:00', '22:00']) {
        expect(c.attract!.items.some((i) => isInDayparts(i, { weekday, time }))).toBe(true);
      }
    }
  });

  it('contains no citizen ID numbers (content is public)', () => {
    const text = JSON.stringify(c);
    const ids = text.match(/\d{17}[\dX]/g) ?? [];
    expect(ids.filter(isValidCitizenId)).toEqual([]);
  });
});
