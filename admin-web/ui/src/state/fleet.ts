/**
 * The fleet list as the windowed view needs it: the query (filter, search, sort), the total,
 * and pages of rows fetched from the server as they scroll into view; a new query starts over.
 */
import { signal } from '@preact/signals';
import type { FleetPage, FleetStatus, TerminalView } from '@civic-kiosk/protocol/staff-api';
import type { FLEET_SORT_KEYS } from '@civic-kiosk/protocol/staff-api';
import type { ApiClient } from '../api/client.ts';
import { EventsDuringLoad } from './events-during-load.ts';

export const PAGE_SIZE = 100;

export interface FleetFilter {
  search: string;
  /** A group's exact name; empty: every group. */
  group: string;
  status: FleetStatus | '';
  /** A service point's id (the map's choice); empty: anywhere. */
  servicePoint: string;
  sort: (typeof FLEET_SORT_KEYS)[number];
  order: 'asc' | 'desc';
}

/** The list as it first shows: everything, by name. */
const FIRST_QUERY = { sort: 'name', order: 'asc', offset: 0, limit: PAGE_SIZE } as const;

/**
 * The fleet's first page, asked for while the console is still checking the session (the two
 * do not wait for each other); undefined if it failed, and the list asks again.
 */
export const prefetchFirstPage = (api: ApiClient): Promise<FleetPage | undefined> => api.terminals(FIRST_QUERY).catch(() => undefined);

export function createFleet(api: ApiClient, firstPage?: Promise<FleetPage | undefined>) {
  const filter = signal<FleetFilter>({ search: '', group: '', status: '', servicePoint: '', sort: 'name', order: 'asc' });
  const total = signal<number | undefined>(undefined);
  /** Rows by index; a page not yet loaded has no entries. */
  const rows = signal<ReadonlyMap<number, TerminalView>>(new Map());
  const error = signal<string | undefined>(undefined);
  /** The current query's first page is on its way (the table is aria-busy). */
  const busy = signal(false);
  /**
   * The rows shown still answer the previous query: they stay until the new one's first page
   * replaces them, so typing in the search box does not blank the list at every keystroke.
   */
  let stale = false;
  let generation = 0;
  const loading = new Set<number>();
  const during = new EventsDuringLoad<TerminalView>();

  async function loadPage(page: number): Promise<void> {
    if (loading.has(page)) return;
    loading.add(page);
    const gen = generation;
    const f = filter.value;
    const early = gen === 1 && page === 0 ? firstPage : undefined;
    const since = during.begin();
    try {
      const result = (await early) ?? await api.terminals({ search: f.search, group: f.group || undefined, status: f.status || undefined, servicePoint: f.servicePoint || undefined, sort: f.sort, order: f.order, offset: page * PAGE_SIZE, limit: PAGE_SIZE });
      const later = new Map(since().map((v) => [v.id, v]));
      if (gen !== generation) return;
      const next = new Map(stale ? [] : rows.value);
      result.terminals.forEach((row, i) => next.set(page * PAGE_SIZE + i, later.get(row.id) ?? row));
      stale = false;
      busy.value = false;
      rows.value = next;
      total.value = result.total;
      error.value = undefined;
    } catch (e) {
      since();
      if (gen !== generation) return;
      if (stale) rows.value = new Map();
      stale = false;
      busy.value = false;
      error.value = (e as Error).message;
    } finally {
      if (gen === generation) loading.delete(page);
    }
  }

  /** A new filter (or the same, to reload): the list starts again from its first page. */
  function setFilter(change: Partial<FleetFilter>): void {
    generation += 1;
    loading.clear();
    filter.value = { ...filter.value, ...change };
    stale = true;
    busy.value = true;
    void loadPage(0);
  }

  return {
    filter,
    total,
    rows,
    error,
    busy,
    /** Loads the pages holding rows first..last that are not loaded yet. */
    ensure(first: number, last: number): void {
      if (stale) return;
      for (let p = Math.floor(Math.max(0, first) / PAGE_SIZE); p <= Math.floor(Math.max(0, last) / PAGE_SIZE); p++) {
        if (!rows.value.has(p * PAGE_SIZE) && (total.value === undefined || p * PAGE_SIZE < total.value)) void loadPage(p);
      }
    },
    setFilter,
    /**
     * A terminal's row changed on the server (the event stream): shown in place if loaded. A
     * terminal just created (pending, not among the rows) reloads the list, which may now
     * hold it; changes to rows outside the loaded window wait until they are scrolled to.
     */
    update(view: TerminalView): void {
      during.record(view);
      for (const [i, row] of rows.value) {
        if (row.id !== view.id) continue;
        const next = new Map(rows.value);
        next.set(i, view);
        rows.value = next;
        return;
      }
      if (view.status === 'pending') setFilter({});
    },
  };
}

export type Fleet = ReturnType<typeof createFleet>;
