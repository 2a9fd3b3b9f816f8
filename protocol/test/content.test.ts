import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  activeEmergencies,
  attractItemsAt,
  ContentFileError,
  parseContentFile,
  parseContentIndex,
  type AttractFile,
  type EmergencyFile,
} from '../src/common/content.ts';

const enc = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));
const t = (zh: string, en: string) => ({ 'zh-CN': zh, en });
const hash = 'a'.repeat(64);

describe('content files', () => {
  it('accepts a valid hotlines file and rejects one with a bad number', () => {
    const ok = { hotlines: [{ id: 'citizen', name: t('市民热线', 'Citizen hotline'), number: '12345', hours: t('全天', '24 hours'), category: 'government' }] };
    expect(parseContentFile('hotlines', enc(ok)).hotlines[0]?.number).toBe('12345');
    const bad = { hotlines: [{ ...ok.hotlines[0], number: 'call us' }] };
    expect(() => parseContentFile('hotlines', enc(bad))).toThrow(ContentFileError);
  });

  it('refuses raw HTML blocks: only the known block types pass', () => {
    const page = { pages: [{ id: 'p', title: t('页', 'Page'), blocks: [{ type: 'html', html: '<script>x</script>' }] }] };
    expect(() => parseContentFile('pages', enc(page))).toThrow(ContentFileError);
  });

  it('requires both languages', () => {
    const n = { notices: [{ id: 'n', title: { 'zh-CN': '通知' }, date: '2025-01-02', priority: 'normal', body: [{ type: 'paragraph', text: t('正文', 'Body') }] }] };
    expect(() => parseContentFile('notices', enc(n))).toThrow(/en/);
  });

  it('index maps content types to paths and refuses unknown types', () => {
    expect(parseContentIndex(enc({ schemaVersion: 1, files: { notices: 'notices.json' } })).files.notices).toBe('notices.json');
    expect(() => parseContentIndex(enc({ schemaVersion: 1, files: { casino: 'x.json' } }))).toThrow(ContentFileError);
    expect(() => parseContentIndex(enc({ schemaVersion: 1, files: { notices: '../etc/passwd' } }))).toThrow(ContentFileError);
  });

  it('arbitrary bytes give only ContentFileError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.constantFrom('notices', 'guides', 'attract', 'emergency') , (bytes, type) => {
        try {
          parseContentFile(type, bytes);
        } catch (e) {
          expect(e).toBeInstanceOf(ContentFileError);
        }
      }),
    );
  });
});

describe('attract dayparts', () => {
  const playlist: AttractFile = {
    items: [
      { id: 'always', kind: 'image', file: hash, durationSeconds: 8, alt: t('a', 'a') },
      { id: 'morning', kind: 'image', file: hash, durationSeconds: 8, alt: t('m', 'm'), dayparts: [{ from: '07:00', to: '10:00' }] },
      { id: 'weekend', kind: 'video', file: hash, durationSeconds: 20, alt: t('w', 'w'), dayparts: [{ from: '09:00', to: '17:00', days: ['sat', 'sun'] }] },
      { id: 'bills', kind: 'image', file: hash, durationSeconds: 8, alt: t('b', 'b'), services: ['bills'] },
    ],
  };
  const all = ['bills', 'guides'];
  it('plays morning items only in the morning and weekend items only at weekends', () => {
    expect(attractItemsAt(playlist, { weekday: 'mon', time: '07:30' }, all).map((i) => i.id)).toEqual(['always', 'morning', 'bills']);
    expect(attractItemsAt(playlist, { weekday: 'mon', time: '10:00' }, all).map((i) => i.id)).toEqual(['always', 'bills']);
    expect(attractItemsAt(playlist, { weekday: 'sat', time: '09:30' }, all).map((i) => i.id)).toEqual(['always', 'morning', 'weekend', 'bills']);
  });
  it('plays an item advertising a service only where the service is switched on', () => {
    expect(attractItemsAt(playlist, { weekday: 'mon', time: '10:00' }, ['guides']).map((i) => i.id)).toEqual(['always']);
  });
  it('refuses a playlist naming a service that is not a service name', () => {
    const bad = { items: [{ ...playlist.items[0], services: ['Bills!'] }] };
    expect(() => parseContentFile('attract', new TextEncoder().encode(JSON.stringify(bad)))).toThrow(ContentFileError);
  });
});

describe('emergency messages', () => {
  const file: EmergencyFile = {
    messages: [
      { id: 'rain', severity: 'warning', title: t('暴雨', 'Rainstorm'), body: t('注意', 'Take care'), issuedAt: '2025-07-01T00:00:00+08:00', expiresAt: '2025-07-02T00:00:00+08:00' },
      { id: 'typhoon', severity: 'critical', title: t('台风', 'Typhoon'), body: t('避险', 'Shelter'), issuedAt: '2025-07-01T06:00:00+08:00', expiresAt: '2025-07-01T20:00:00+08:00' },
    ],
  };
  it('shows messages in force, most severe first, and none after expiry', () => {
    expect(activeEmergencies(file, Date.parse('2025-07-01T12:00:00+08:00')).map((m) => m.id)).toEqual(['typhoon', 'rain']);
    expect(activeEmergencies(file, Date.parse('2025-07-02T00:00:00+08:00'))).toEqual([]);
  });
});
