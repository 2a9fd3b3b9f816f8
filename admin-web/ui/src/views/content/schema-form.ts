/**
 * The content editors' forms come from the content schemas themselves (protocol/content): this
 * walker turns a zod schema into a tree of fields the form renders, so a field added to a
 * schema appears in the console without a second description of it here.
 */
import type { z } from 'zod';
import { ClockTime, FileHash, IsoDate } from '@civic-kiosk/protocol/content';

export type TextFormat = 'plain' | 'long' | 'date' | 'time' | 'datetime';

export type Field =
  | { kind: 'text'; format: TextFormat; min: number; max: number | undefined }
  /** zh-CN and English of one text, edited side by side. */
  | { kind: 'localized'; long: boolean; max: number | undefined }
  | { kind: 'number'; int: boolean; min: number | undefined; max: number | undefined }
  | { kind: 'boolean' }
  | { kind: 'choice'; options: readonly (string | number)[] }
  /** A discriminator's value: shown by its variant, never typed. */
  | { kind: 'fixed'; value: string | number | boolean }
  /** An uploaded picture or video, by its sha256. */
  | { kind: 'file' }
  | ObjectField
  | { kind: 'list'; item: Field; min: number; max: number | undefined }
  /** One of several object shapes, told apart by `discriminator` (a content block's `type`). */
  | { kind: 'variants'; discriminator: string; variants: { value: string; field: ObjectField }[] };

export type ObjectField = { kind: 'object'; fields: { key: string; optional: boolean; field: Field }[] };

export class UnsupportedSchemaError extends Error {}

type Def = { type: string; checks?: { _zod: { def: Record<string, unknown> } }[] } & Record<string, unknown>;
const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;
const checksOf = (def: Def): Record<string, unknown>[] => (def.checks ?? []).map((c) => c._zod.def);
const check = (def: Def, name: string, prop: string): number | undefined => {
  const c = checksOf(def).find((x) => x.check === name);
  return c ? (c[prop] as number) : undefined;
};

/** Texts longer than this get a multi-line box. */
const LONG_TEXT = 200;
const LANG_KEYS = ['en', 'zh-CN'];

/** The form field tree of `schema`; throws UnsupportedSchemaError for a shape it cannot edit. */
export function describeSchema(schema: z.ZodType): Field {
  if (schema === FileHash) return { kind: 'file' };
  if (schema === IsoDate) return { kind: 'text', format: 'date', min: 1, max: 10 };
  if (schema === ClockTime) return { kind: 'text', format: 'time', min: 1, max: 5 };
  const def = defOf(schema);
  switch (def.type) {
    case 'string': {
      if (def.format === 'datetime') return { kind: 'text', format: 'datetime', min: 1, max: undefined };
      const max = check(def, 'max_length', 'maximum');
      return { kind: 'text', format: max !== undefined && max > LONG_TEXT ? 'long' : 'plain', min: check(def, 'min_length', 'minimum') ?? 0, max };
    }
    case 'number': {
      const int = checksOf(def).some((c) => c.check === 'number_format' && (c.format === 'safeint' || c.format === 'int32'));
      return { kind: 'number', int, min: check(def, 'greater_than', 'value'), max: check(def, 'less_than', 'value') };
    }
    case 'boolean':
      return { kind: 'boolean' };
    case 'enum':
      return { kind: 'choice', options: Object.values(def.entries as Record<string, string | number>) };
    case 'literal': {
      const values = def.values as (string | number | boolean)[];
      if (values.length !== 1) return { kind: 'choice', options: values as (string | number)[] };
      return { kind: 'fixed', value: values[0]! };
    }
    case 'optional':
      return describeSchema(def.innerType as z.ZodType);
    case 'array':
      return { kind: 'list', item: describeSchema(def.element as z.ZodType), min: check(def, 'min_length', 'minimum') ?? 0, max: check(def, 'max_length', 'maximum') };
    case 'object':
      return describeObject(def.shape as Record<string, z.ZodType>);
    case 'union':
      return describeUnion(def);
    default:
      throw new UnsupportedSchemaError(`cannot edit a ${def.type}`);
  }
}

function describeObject(shape: Record<string, z.ZodType>): Field {
  const fields = Object.entries(shape).map(([key, s]) => ({ key, optional: defOf(s).type === 'optional', field: describeSchema(s) }));
  const keys = fields.map((f) => f.key).sort();
  const texts = fields.filter((f) => f.field.kind === 'text' && !f.optional);
  if (keys.join() === LANG_KEYS.join() && texts.length === 2) {
    const max = (texts[0]!.field as { max: number | undefined }).max;
    return { kind: 'localized', long: max === undefined || max > LONG_TEXT, max };
  }
  return { kind: 'object', fields };
}

function describeUnion(def: Def): Field {
  const options = (def.options as z.ZodType[]).map(describeSchema);
  const discriminator = def.discriminator as string | undefined;
  if (discriminator === undefined) {
    // A union of single values (a heading's level 2 | 3) is a choice among them.
    if (options.every((o) => o.kind === 'fixed')) return { kind: 'choice', options: options.map((o) => (o as { value: string | number }).value) };
    throw new UnsupportedSchemaError('cannot edit a union without a discriminator');
  }
  return {
    kind: 'variants',
    discriminator,
    variants: options.map((o) => {
      if (o.kind !== 'object') throw new UnsupportedSchemaError('a discriminated union of non-objects');
      const d = o.fields.find((f) => f.key === discriminator)?.field;
      if (d?.kind !== 'fixed') throw new UnsupportedSchemaError(`variant without a fixed ${discriminator}`);
      return { value: String(d.value), field: o };
    }),
  };
}

/** A new value for `field`: what "add" puts in a list (empty texts the editor then fills). */
export function emptyValue(field: Field): unknown {
  switch (field.kind) {
    case 'text':
    case 'file':
      return '';
    case 'localized':
      return { 'zh-CN': '', en: '' };
    case 'number':
      return field.min ?? 0;
    case 'boolean':
      return false;
    case 'choice':
      return field.options[0];
    case 'fixed':
      return field.value;
    case 'object':
      return Object.fromEntries(field.fields.filter((f) => !f.optional).map((f) => [f.key, emptyValue(f.field)]));
    case 'list':
      return Array.from({ length: field.min }, () => emptyValue(field.item));
    case 'variants':
      return emptyValue(field.variants[0]!.field);
  }
}

export type Path = readonly (string | number)[];
export const pathKey = (path: Path): string => path.join('.');

/** `root` with the value at `path` replaced (undefined removes an object's key); `root` is not changed. */
export function setAt(root: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  if (Array.isArray(root)) {
    const copy = [...(root as unknown[])];
    copy[head as number] = setAt(copy[head as number], rest, value);
    return copy;
  }
  const copy: Record<string, unknown> = { ...(root as Record<string, unknown> | undefined) };
  const next = setAt(copy[head as string], rest, value);
  if (next === undefined) delete copy[head as string];
  else copy[head as string] = next;
  return copy;
}

export function getAt(root: unknown, path: Path): unknown {
  let v = root;
  for (const p of path) v = v === null || typeof v !== 'object' ? undefined : (v as Record<string | number, unknown>)[p];
  return v;
}
