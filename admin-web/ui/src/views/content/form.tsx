/**
 * A content form drawn from its field tree (schema-form.ts): texts, zh-CN and English side by
 * side, choices as selects, lists with add / remove / move, uploads for pictures and videos,
 * and each field's validation messages beneath it.
 */
import type { ComponentChildren, JSX } from 'preact';
import { useRef, useState } from 'preact/hooks';
import { lang, t } from '../../i18n/index.ts';
import type { FieldErrors } from './issues.ts';
import { emptyValue, pathKey } from './schema-form.ts';
import type { Field, ObjectField, Path } from './schema-form.ts';
import { fromChinaLocal, toChinaLocal } from '../china-local.ts';
import { FileField } from './file-field.tsx';
import type { Upload } from './file-field.tsx';

/** A value another list of the content defines (a guide's category, a service point's id), with its name. */
export type Reference = { value: string; label: string };

export interface FormContext {
  readOnly: boolean;
  errors: FieldErrors;
  /** Choices for id fields that name something elsewhere, by the field's (or its list's) key. */
  references: Readonly<Record<string, readonly Reference[]>>;
  change(path: Path, value: unknown): void;
  upload: Upload;
}

type Props = { field: Field; value: unknown; path: Path; label: string; ctx: FormContext; optional?: boolean; parent?: unknown; depth: number; refKey?: string };

const idOf = (path: Path): string => `cf-${path.join('-') || 'root'}`;
export const fieldLabel = (key: string): string => t(`content.field.${key}`);
/** Names in a sentence, separated as the language does (、 or a comma). */
export const listText = (items: readonly string[]): string => items.join(t('content.listSeparator'));
const record = (v: unknown): Record<string, unknown> => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>) : {});

/** What a list item is called: its title or name in the console's language, else its id, else its place. */
export function itemLabel(item: unknown, index: number): string {
  if (typeof item === 'string' && item) return item.slice(0, 60);
  const r = record(item);
  for (const k of ['title', 'name', 'matter', 'alt', 'text']) {
    const text = record(r[k])[lang.value] ?? record(r[k])['zh-CN'];
    if (typeof text === 'string' && text) return text.slice(0, 60);
  }
  if (typeof r['zh-CN'] === 'string' && r['zh-CN']) return r['zh-CN'].slice(0, 60);
  for (const k of ['id', 'indexNumber', 'from']) if (typeof r[k] === 'string' && r[k]) return r[k];
  return t('content.itemNumber', { n: index + 1 });
}

function Messages({ path, ctx }: { path: Path; ctx: FormContext }): JSX.Element | null {
  const messages = ctx.errors.get(pathKey(path));
  if (!messages) return null;
  return (
    <p class="field-error" id={`${idOf(path)}-error`}>
      {messages.join(' ')}
    </p>
  );
}

const invalid = (path: Path, ctx: FormContext) => (ctx.errors.has(pathKey(path)) ? { 'aria-invalid': true, 'aria-describedby': `${idOf(path)}-error` } : {});

export function FieldView(props: Props): JSX.Element | null {
  const { field } = props;
  switch (field.kind) {
    case 'fixed':
      return null;
    case 'text':
      return <TextField {...props} field={field} />;
    case 'localized':
      return <LocalizedField {...props} field={field} />;
    case 'number':
    case 'boolean':
    case 'choice':
      return <ScalarField {...props} />;
    case 'file':
      return <FileField {...props} />;
    case 'object':
      return <ObjectView {...props} field={field} />;
    case 'list':
      return <ListView {...props} field={field} />;
    case 'variants':
      return <VariantsView {...props} field={field} />;
  }
}

function TextInput({ field, value, path, ctx, optional, label }: { field: Extract<Field, { kind: 'text' }>; value: unknown; path: Path; ctx: FormContext; optional?: boolean; label?: string }): JSX.Element {
  const text = typeof value === 'string' ? value : '';
  const set = (v: string) => ctx.change(path, v === '' && optional ? undefined : v);
  const common = { id: idOf(path), readOnly: ctx.readOnly, 'aria-label': label, ...invalid(path, ctx) };
  if (field.format === 'long') return <textarea {...common} rows={3} maxLength={field.max} value={text} onInput={(e) => set(e.currentTarget.value)} />;
  if (field.format === 'datetime') {
    return <input {...common} type="datetime-local" value={toChinaLocal(text)} onInput={(e) => set(fromChinaLocal(e.currentTarget.value))} />;
  }
  const type = field.format === 'date' ? 'date' : field.format === 'time' ? 'time' : 'text';
  return <input {...common} type={type} maxLength={field.max} value={text} onInput={(e) => set(e.currentTarget.value)} />;
}

function TextField({ field, value, path, label, ctx, optional, refKey }: Props & { field: Extract<Field, { kind: 'text' }> }): JSX.Element {
  const references = refKey ? ctx.references[refKey] : undefined;
  if (references) return <ReferenceField references={references} value={value} path={path} label={label} ctx={ctx} />;
  return (
    <div class={`field field-${field.format}`}>
      <label for={idOf(path)}>
        {label}
        {optional && <span class="optional">{t('content.optional')}</span>}
      </label>
      <TextInput field={field} value={value} path={path} ctx={ctx} optional={optional} />
      <Messages path={path} ctx={ctx} />
    </div>
  );
}

/** An id naming something the content defines elsewhere, chosen by its name (an unknown id stays, marked). */
function ReferenceField({ references, value, path, label, ctx }: { references: readonly Reference[]; value: unknown; path: Path; label: string; ctx: FormContext }): JSX.Element {
  const current = typeof value === 'string' ? value : '';
  const known = references.some((r) => r.value === current);
  return (
    <div class="field field-reference">
      <label for={idOf(path)}>{label}</label>
      <select id={idOf(path)} disabled={ctx.readOnly} value={current} onChange={(e) => ctx.change(path, e.currentTarget.value)} {...invalid(path, ctx)}>
        {!known && <option value={current}>{current ? t('content.unknownReference', { id: current }) : t('content.choose')}</option>}
        {references.map((r) => (
          <option key={r.value} value={r.value}>
            {r.label}
          </option>
        ))}
      </select>
      <Messages path={path} ctx={ctx} />
    </div>
  );
}

const LANGS = ['zh-CN', 'en'] as const;

function LocalizedField({ field, value, path, label, ctx }: Props & { field: Extract<Field, { kind: 'localized' }> }): JSX.Element {
  const text: Extract<Field, { kind: 'text' }> = { kind: 'text', format: field.long ? 'long' : 'plain', min: 1, max: field.max };
  return (
    <fieldset class="field localized">
      <legend>{label}</legend>
      {LANGS.map((l) => (
        <div class="lang" key={l} lang={l}>
          <label for={idOf([...path, l])}>{t(`content.lang.${l}`)}</label>
          <TextInput field={text} value={record(value)[l]} path={[...path, l]} ctx={ctx} />
          <Messages path={[...path, l]} ctx={ctx} />
        </div>
      ))}
      <Messages path={path} ctx={ctx} />
    </fieldset>
  );
}

function ScalarField({ field, value, path, label, ctx, optional }: Props): JSX.Element {
  const id = idOf(path);
  let control: JSX.Element;
  if (field.kind === 'boolean') {
    control = <input id={id} type="checkbox" disabled={ctx.readOnly} checked={value === true} onChange={(e) => ctx.change(path, e.currentTarget.checked)} />;
  } else if (field.kind === 'choice') {
    control = (
      <select id={id} disabled={ctx.readOnly} value={String(value)} onChange={(e) => ctx.change(path, field.options.find((o) => String(o) === e.currentTarget.value))} {...invalid(path, ctx)}>
        {field.options.map((o) => (
          <option key={o} value={String(o)}>
            {t(`content.option.${o}`)}
          </option>
        ))}
      </select>
    );
  } else {
    const number = field as Extract<Field, { kind: 'number' }>;
    control = (
      <input
        id={id}
        type="number"
        readOnly={ctx.readOnly}
        min={number.min}
        max={number.max}
        step={number.int ? 1 : 'any'}
        value={typeof value === 'number' ? value : ''}
        onInput={(e) => {
          const raw = e.currentTarget.value;
          ctx.change(path, raw === '' ? (optional ? undefined : '') : Number(raw));
        }}
        {...invalid(path, ctx)}
      />
    );
  }
  return (
    <div class={`field field-${field.kind}`}>
      <label for={id}>
        {label}
        {optional && <span class="optional">{t('content.optional')}</span>}
      </label>
      {control}
      <Messages path={path} ctx={ctx} />
    </div>
  );
}

/** Fields that are there or not as a whole (a summary, a list of dayparts): added and removed by a button. */
const COMPOSITE = new Set<Field['kind']>(['object', 'list', 'localized', 'variants']);

export function ObjectFields({ field, value, path, ctx, depth, skip }: { field: ObjectField; value: unknown; path: Path; ctx: FormContext; depth: number; skip?: string }): JSX.Element {
  const r = record(value);
  return (
    <>
      {field.fields
        .filter((f) => f.key !== skip)
        .map(({ key, optional, field: sub }) => {
          const label = fieldLabel(key);
          if (optional && COMPOSITE.has(sub.kind)) {
            if (r[key] === undefined) {
              return ctx.readOnly ? null : (
                <button key={key} type="button" class="add-optional" onClick={() => ctx.change([...path, key], emptyValue(sub))}>
                  {t('content.addOptional', { field: label })}
                </button>
              );
            }
            return (
              <div key={key} class="optional-part">
                <FieldView field={sub} value={r[key]} path={[...path, key]} label={label} ctx={ctx} depth={depth} parent={value} />
                {!ctx.readOnly && (
                  <button type="button" class="link" onClick={() => ctx.change([...path, key], undefined)}>
                    {t('content.removeOptional', { field: label })}
                  </button>
                )}
              </div>
            );
          }
          return <FieldView key={key} field={sub} value={r[key]} path={[...path, key]} label={label} ctx={ctx} optional={optional} depth={depth} parent={value} refKey={key} />;
        })}
      <Messages path={path} ctx={ctx} />
    </>
  );
}

function ObjectView({ field, value, path, label, ctx, depth }: Props & { field: ObjectField }): JSX.Element {
  if (path.length === 0) return <ObjectFields field={field} value={value} path={path} ctx={ctx} depth={depth} />;
  return (
    <fieldset class="field object">
      <legend>{label}</legend>
      <ObjectFields field={field} value={value} path={path} ctx={ctx} depth={depth} />
    </fieldset>
  );
}

function VariantsView({ field, value, path, label, ctx, depth }: Props & { field: Extract<Field, { kind: 'variants' }> }): JSX.Element {
  const current = String(record(value)[field.discriminator]);
  const variant = field.variants.find((v) => v.value === current) ?? field.variants[0]!;
  const id = idOf([...path, field.discriminator]);
  return (
    <fieldset class="field variants">
      <legend>{label}</legend>
      <div class="field">
        <label for={id}>{fieldLabel(field.discriminator)}</label>
        <select id={id} disabled={ctx.readOnly} value={variant.value} onChange={(e) => ctx.change(path, emptyValue(field.variants.find((v) => v.value === e.currentTarget.value)!.field))}>
          {field.variants.map((v) => (
            <option key={v.value} value={v.value}>
              {t(`content.option.${v.value}`)}
            </option>
          ))}
        </select>
      </div>
      <ObjectFields field={variant.field} value={value} path={path} ctx={ctx} depth={depth} skip={field.discriminator} />
    </fieldset>
  );
}

function ListView({ field, value, path, label, ctx, depth, refKey }: Props & { field: Extract<Field, { kind: 'list' }> }): JSX.Element {
  const items = Array.isArray(value) ? value : [];
  // Each entry keeps an identity across this list's own moves and removals, so an entry's fold
  // state travels with it; a list changed elsewhere (a reload) gets new ones.
  const ids = useRef<number[]>([]);
  const lastId = useRef(0);
  if (ids.current.length !== items.length) ids.current = items.map(() => ++lastId.current);
  const [added, setAdded] = useState(-1);
  const change = (next: unknown[], nextIds: number[]) => {
    ids.current = nextIds;
    ctx.change(path, next);
  };
  const move = (from: number, to: number) => {
    const next = [...items];
    const nextIds = [...ids.current];
    next.splice(to, 0, ...next.splice(from, 1));
    nextIds.splice(to, 0, ...nextIds.splice(from, 1));
    change(next, nextIds);
  };
  return (
    <fieldset class={`field list depth-${Math.min(depth, 2)}`}>
      <legend>
        {label} <span class="count">{t('content.count', { n: items.length })}</span>
      </legend>
      <ol>
        {items.map((item, i) => {
          const name = itemLabel(item, i);
          const at = pathKey([...path, i]);
          const faulty = [...ctx.errors.keys()].some((k) => k === at || k.startsWith(`${at}.`));
          return (
            <ListItem key={ids.current[i]} name={name} open={depth > 0 || added === ids.current[i]} faulty={faulty} collapsible={field.item.kind === 'object' || field.item.kind === 'variants'}>
              <FieldView field={field.item} value={item} path={[...path, i]} label={t('content.itemNumber', { n: i + 1 })} ctx={ctx} depth={depth + 1} parent={items} refKey={refKey} />
              {!ctx.readOnly && (
                <div class="item-actions">
                  <button type="button" disabled={i === 0} aria-label={t('content.moveUp', { item: name })} onClick={() => move(i, i - 1)}>
                    ↑
                  </button>
                  <button type="button" disabled={i === items.length - 1} aria-label={t('content.moveDown', { item: name })} onClick={() => move(i, i + 1)}>
                    ↓
                  </button>
                  <button type="button" class="danger" aria-label={t('content.remove', { item: name })} onClick={() => change(items.filter((_, j) => j !== i), ids.current.filter((_, j) => j !== i))}>
                    {t('content.removeShort')}
                  </button>
                </div>
              )}
            </ListItem>
          );
        })}
      </ol>
      <Messages path={path} ctx={ctx} />
      {!ctx.readOnly && (
        <button
          type="button"
          class="add"
          disabled={field.max !== undefined && items.length >= field.max}
          onClick={() => {
            const id = ++lastId.current;
            setAdded(id);
            change([...items, emptyValue(field.item)], [...ids.current, id]);
          }}
        >
          {t('content.add', { list: label })}
        </button>
      )}
    </fieldset>
  );
}

/** A list entry; objects fold to their name so a list of hundreds stays quick to scan and draw. */
function ListItem({ name, open, collapsible, faulty, children }: { name: string; open: boolean; collapsible: boolean; faulty: boolean; children: ComponentChildren }): JSX.Element {
  const [expanded, setExpanded] = useState(open);
  if (!collapsible) return <li class="item">{children}</li>;
  return (
    <li class="item">
      <button type="button" class="item-toggle" aria-expanded={expanded} onClick={() => setExpanded(!expanded)}>
        {name}
        {faulty && <span class="item-faulty">{t('content.hasErrors')}</span>}
      </button>
      {expanded && <div class="item-body">{children}</div>}
    </li>
  );
}
