/**
 * The content studio's forms come from the content schemas: every type can be edited, every
 * field and choice is named in both languages, a new item is what the schema asks to be
 * filled in, validation messages land on the field they concern, and edits by path leave
 * everything else alone.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CONTENT_TYPES, Notice } from '@civic-kiosk/protocol/content';
import type { ContentType } from '@civic-kiosk/protocol/content';
import { fromChinaLocal, toChinaLocal } from '../../../ui/src/views/china-local.ts';
import { describeSchema, emptyValue, getAt, setAt } from '../../../ui/src/views/content/schema-form.ts';
import type { Field } from '../../../ui/src/views/content/schema-form.ts';

/**
 * The messages module, loaded by a computed path: it reaches the console's i18n, written for the
 * DOM library, which this test tree is type-checked without.
 */
type FieldErrors = ReadonlyMap<string, string[]>;
const ISSUES = path.resolve(import.meta.dirname, '../../../ui/src/views/content/issues.ts');
const { draftIssues, serverIssues } = (await import(ISSUES)) as { draftIssues(type: ContentType, draft: unknown): FieldErrors; serverIssues(details: unknown): FieldErrors };

const STRINGS = path.resolve(import.meta.dirname, '../../../ui/src/views/content/i18n');
const strings = (lang: string) => (JSON.parse(readFileSync(path.join(STRINGS, `${lang}.json`), 'utf8')) as { content: Record<string, Record<string, string>> }).content;

/** Every field key and choice of a field tree. */
function names(field: Field, out = { keys: new Set<string>(), options: new Set<string>() }) {
  if (field.kind === 'object') {
    for (const f of field.fields) {
      out.keys.add(f.key);
      names(f.field, out);
    }
  }
  if (field.kind === 'list') names(field.item, out);
  if (field.kind === 'choice') for (const o of field.options) out.options.add(String(o));
  if (field.kind === 'variants') {
    out.keys.add(field.discriminator);
    for (const v of field.variants) {
      out.options.add(v.value);
      names(v.field, out);
    }
  }
  return out;
}

const TYPES = Object.keys(CONTENT_TYPES) as ContentType[];

describe('content form from the schema', () => {
  it('describes every content type, and names each field, choice and type in zh-CN and en', () => {
    for (const lang of ['zh-CN', 'en']) {
      const s = strings(lang);
      for (const type of TYPES) {
        const { keys, options } = names(describeSchema(CONTENT_TYPES[type]));
        expect(keys.size).toBeGreaterThan(0);
        expect([...keys].filter((k) => !s.field![k])).toEqual([]);
        expect([...options].filter((o) => !s.option![o])).toEqual([]);
        expect(s.type![type]).toBeTruthy();
      }
    }
  });

  it('reads a notice as texts, localized labels side by side, a priority choice, dates and a body of block variants', () => {
    const notice = describeSchema(Notice);
    expect(notice.kind).toBe('object');
    const field = (key: string) => (notice as Extract<Field, { kind: 'object' }>).fields.find((f) => f.key === key)!;
    expect(field('title').field).toEqual({ kind: 'localized', long: false, max: 200 });
    expect(field('priority').field).toEqual({ kind: 'choice', options: ['normal', 'important', 'urgent'] });
    expect(field('until')).toMatchObject({ optional: true, field: { kind: 'text', format: 'date' } });
    const body = field('body').field as Extract<Field, { kind: 'list' }>;
    expect(body).toMatchObject({ kind: 'list', min: 1, max: 500, item: { kind: 'variants', discriminator: 'type' } });
    const variants = (body.item as Extract<Field, { kind: 'variants' }>).variants;
    expect(variants.map((v) => v.value)).toEqual(['heading', 'paragraph', 'list', 'table', 'image']);
    const image = variants.find((v) => v.value === 'image')!.field.fields;
    expect(image.find((f) => f.key === 'file')!.field).toEqual({ kind: 'file' });
    expect(image.find((f) => f.key === 'caption')).toMatchObject({ optional: true, field: { kind: 'localized', long: true } });
    expect(variants[0]!.field.fields.find((f) => f.key === 'level')!.field).toEqual({ kind: 'choice', options: [2, 3] });
  });

  it('reads the attract playlist: whole seconds with limits, dayparts of clock times, the video kind', () => {
    const items = (describeSchema(CONTENT_TYPES.attract) as Extract<Field, { kind: 'object' }>).fields[0]!.field as Extract<Field, { kind: 'list' }>;
    const item = items.item as Extract<Field, { kind: 'object' }>;
    const field = (key: string) => item.fields.find((f) => f.key === key)!;
    expect(field('durationSeconds').field).toEqual({ kind: 'number', int: true, min: 1, max: 600 });
    expect(field('kind').field).toEqual({ kind: 'choice', options: ['image', 'video'] });
    expect(field('dayparts')).toMatchObject({ optional: true, field: { kind: 'list', item: { kind: 'object' } } });
    const daypart = (field('dayparts').field as Extract<Field, { kind: 'list' }>).item as Extract<Field, { kind: 'object' }>;
    expect(daypart.fields.map((f) => [f.key, f.field.kind === 'text' ? f.field.format : f.field.kind])).toEqual([['from', 'time'], ['to', 'time'], ['days', 'list']]);
    const emergency = describeSchema(CONTENT_TYPES.emergency) as Extract<Field, { kind: 'object' }>;
    const message = (emergency.fields[0]!.field as Extract<Field, { kind: 'list' }>).item as Extract<Field, { kind: 'object' }>;
    expect(message.fields.find((f) => f.key === 'issuedAt')!.field).toMatchObject({ kind: 'text', format: 'datetime' });
  });

  it('starts each type as a file its schema accepts, or one whose problems are only the blanks to fill in', () => {
    for (const type of TYPES) {
      const empty = emptyValue(describeSchema(CONTENT_TYPES[type]));
      const parsed = CONTENT_TYPES[type].safeParse(empty);
      if (!parsed.success) expect(parsed.error.issues.every((i) => i.code === 'too_small' || i.code === 'invalid_format'), type).toBe(true);
    }
    expect(CONTENT_TYPES.notices.safeParse(emptyValue(describeSchema(CONTENT_TYPES.notices))).success).toBe(true);
  });

  it('puts validation messages on the field they concern, in the console language', () => {
    const blank = emptyValue(describeSchema(Notice)) as Record<string, unknown>;
    const draft = { notices: [{ ...blank, id: 'Water Outage', date: '2026-13-01', title: { 'zh-CN': '', en: 'Water' } }] };
    const issues = draftIssues('notices', draft);
    expect(issues.get('notices.0.title.zh-CN')).toEqual(['必填。']);
    expect(issues.get('notices.0.id')).toEqual(['编号只能由小写字母、数字和短横线组成，例如 water-outage。']);
    expect(issues.get('notices.0.date')).toEqual(['请按 年-月-日 填写日期。']);
    expect(issues.has('notices.0.title.en')).toBe(false);
    // The daypart check is on the daypart itself.
    const attract = { items: [{ id: 'a', kind: 'image', file: 'a'.repeat(64), durationSeconds: 10, alt: { 'zh-CN': '图', en: 'Picture' }, dayparts: [{ from: '18:00', to: '08:00' }] }] };
    expect(draftIssues('attract', attract).get('items.0.dayparts.0')).toEqual(['结束时间必须晚于开始时间。']);
    expect(draftIssues('attract', { ...attract, items: [{ ...attract.items[0], dayparts: undefined }] }).size).toBe(0);
    // The server's refusal lands the same way.
    expect(serverIssues([{ path: 'notices.0.date', message: 'date as YYYY-MM-DD' }]).get('notices.0.date')).toEqual(['请按 年-月-日 填写日期。']);
    expect(serverIssues('not a list').size).toBe(0);
  });

  const json = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: 'small' }, fc.string(), fc.integer(), fc.boolean(), tie('array'), tie('object')),
    array: fc.array(tie('value'), { maxLength: 4 }),
    object: fc.dictionary(fc.string({ minLength: 1, maxLength: 5 }).filter((k) => !['__proto__', 'constructor'].includes(k)), tie('value'), { maxKeys: 4 }),
  })).value;

  /** A path to somewhere inside `v` (possibly a new key of an object). */
  const pathInto = (v: unknown, picks: number[], newKey: string): (string | number)[] => {
    const out: (string | number)[] = [];
    let at = v;
    for (const pick of picks) {
      if (Array.isArray(at) && at.length > 0) {
        out.push(pick % at.length);
        at = at[pick % at.length];
      } else if (at && typeof at === 'object') {
        const keys = Object.keys(at);
        const key = keys.length ? keys[pick % keys.length]! : newKey;
        out.push(key);
        at = (at as Record<string, unknown>)[key];
      } else break;
    }
    return out;
  };

  it('sets a value at a path, reads it back there, and leaves the original and everything else unchanged', () => {
    fc.assert(
      fc.property(json, fc.array(fc.nat(), { maxLength: 5 }), fc.string({ minLength: 1, maxLength: 4 }), json, (root, picks, newKey, value) => {
        fc.pre(!['__proto__', 'constructor'].includes(newKey));
        const before = JSON.stringify(root);
        const at = pathInto(root, picks, newKey);
        const next = setAt(root, at, value);
        expect(getAt(next, at)).toEqual(value);
        expect(JSON.stringify(root)).toBe(before);
        // Putting the old value back restores the original (when the path existed).
        const old = getAt(root, at);
        if (old !== undefined) expect(setAt(next, at, old)).toEqual(root);
      }),
    );
  });

  it('reads and writes date-times as China time, whatever the browser zone, to the minute', () => {
    expect(toChinaLocal('2026-12-05T01:30:00Z')).toBe('2026-12-05T09:30');
    expect(fromChinaLocal('2026-12-05T09:30')).toBe('2026-12-05T09:30:00+08:00');
    expect(toChinaLocal('not a time')).toBe('');
    expect(fromChinaLocal('')).toBe('');
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2099, 11, 31) }), (ms) => {
        const back = Date.parse(fromChinaLocal(toChinaLocal(ms)));
        expect(back).toBe(ms - (ms % 60_000));
        // What the schema stores is a valid offset date-time.
        expect(CONTENT_TYPES.emergency.shape.messages.element.safeParse({ id: 'a', severity: 'info', title: { 'zh-CN': '甲', en: 'A' }, body: { 'zh-CN': '乙', en: 'B' }, issuedAt: fromChinaLocal(toChinaLocal(ms)), expiresAt: fromChinaLocal(toChinaLocal(ms + 3_600_000)) }).success).toBe(true);
      }),
    );
  });
});
