/**
 * What both logs share: the frame (heading, filter form with the time range read as China
 * time, export, summary, table, pager) and pages newest first by an id cursor. A page is asked
 * one row longer than shown, so "older" is offered only when there is something there.
 */
import { useSignal } from '@preact/signals';
import type { Signal } from '@preact/signals';
import type { ComponentChildren, JSX } from 'preact';
import { t } from '../../i18n/index.ts';
import { fromChinaLocal } from '../china-local.ts';

export const PAGE_SIZE = 50;

/** Epoch ms of a `datetime-local` value read as China time (where the terminals are); undefined for ''. */
export const chinaLocalMs = (local: string): number | undefined => (local ? Date.parse(fromChinaLocal(local)) : undefined);

/** A log's text filters, one signal each (the names are a constant list, so hooks keep their order). */
export function useTextFields<K extends string>(names: readonly K[], initial: (name: K) => string = () => ''): Record<K, Signal<string>> {
  const fields = {} as Record<K, Signal<string>>;
  for (const name of names) fields[name] = useSignal(initial(name));
  return fields;
}

/** The text filters that are set, trimmed. */
export function setFields<K extends string>(fields: Record<K, Signal<string>>): Partial<Record<K, string>> {
  const set: Partial<Record<K, string>> = {};
  for (const [name, field] of Object.entries<Signal<string>>(fields)) if (field.value.trim()) set[name as K] = field.value.trim();
  return set;
}

export function useNewestFirst<E extends { id: number }>(fetchPage: (before: number | undefined, limit: number) => Promise<E[]>) {
  const entries = useSignal<E[] | undefined>(undefined);
  const more = useSignal(false);
  /** The `before` cursor of each page from the newest to the one shown. */
  const cursors = useSignal<(number | undefined)[]>([undefined]);
  const error = useSignal<unknown>(undefined);
  const show = async (stack: (number | undefined)[]) => {
    try {
      const rows = await fetchPage(stack.at(-1), PAGE_SIZE + 1);
      entries.value = rows.slice(0, PAGE_SIZE);
      more.value = rows.length > PAGE_SIZE;
      cursors.value = stack;
      error.value = undefined;
    } catch (e) {
      error.value = e;
    }
  };
  return {
    entries,
    more,
    error,
    cursors,
    first: () => show([undefined]),
    older: () => show([...cursors.peek(), entries.peek()!.at(-1)!.id]),
    newer: () => show(cursors.peek().slice(0, -1)),
  };
}

type NewestFirst = ReturnType<typeof useNewestFirst>;

function Pager({ log, label }: { log: NewestFirst; label: string }): JSX.Element {
  const page = log.cursors.value.length;
  return (
    <nav class="pager" aria-label={label}>
      <button type="button" disabled={page === 1} onClick={() => void log.newer()}>{t('audit.newer')}</button>
      <span>{t('audit.page', { page })}</span>
      <button type="button" disabled={!log.more.value} onClick={() => void log.older()}>{t('audit.older')}</button>
    </nav>
  );
}

export interface LogFrameProps {
  id: string;
  heading: string;
  intro?: string;
  log: NewestFirst;
  from: Signal<string>;
  to: Signal<string>;
  onApply(): void;
  /** The log's own filter fields. */
  fields: ComponentChildren;
  /** The export link or button. */
  exporter: ComponentChildren;
  /** Why loading failed, unless the fields already say it. */
  error: string;
  /** The table of the page's entries (shown when there are some). */
  children: ComponentChildren;
}

export function LogFrame({ id, heading, intro, log, from, to, onApply, fields, exporter, error, children }: LogFrameProps): JSX.Element {
  const entries = log.entries.value;
  return (
    <section aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{heading}</h2>
      {intro && <p class="hint">{intro}</p>}
      <form
        class="toolbar log-filter"
        onSubmit={(e) => {
          e.preventDefault();
          onApply();
        }}
      >
        {fields}
        <label>
          {t('audit.from')}
          <input id={`${id}-from`} type="datetime-local" value={from.value} onInput={(e) => (from.value = e.currentTarget.value)} />
        </label>
        <label>
          {t('audit.to')}
          <input id={`${id}-to`} type="datetime-local" value={to.value} onInput={(e) => (to.value = e.currentTarget.value)} />
        </label>
        <button type="submit">{t('audit.apply')}</button>
        {exporter}
      </form>
      {error && <p role="alert" class="error">{error}</p>}
      <p role="status" class="summary">{entries && (entries.length ? t('audit.shown', { count: entries.length }) : t('audit.none'))}</p>
      {entries && entries.length > 0 && children}
      <Pager log={log} label={t('audit.pages', { log: heading })} />
    </section>
  );
}
