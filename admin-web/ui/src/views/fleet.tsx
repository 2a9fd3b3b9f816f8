import { useSignal } from '@preact/signals';
import type { JSX } from 'preact';
import { useEffect, useMemo, useRef } from 'preact/hooks';
import { FLEET_SORT_KEYS, FLEET_STATUSES, terminalPath } from '@civic-kiosk/protocol/staff-api';
import type { FleetMap, StaffRole, TerminalView } from '@civic-kiosk/protocol/staff-api';
import { lang, t } from '../i18n/index.ts';
import { createFleet } from '../state/fleet.ts';
import type { Fleet, FleetFilter } from '../state/fleet.ts';
import { canCommandFleet } from '../state/session.ts';
import { formatTime } from './format.ts';
import type { Console } from '../state/session.ts';
import { AddTerminal, NewCodeButton, RevokeButton } from './enrolment.tsx';
import { FleetMapView } from './fleet-map.tsx';

/** Row height in px: the windowed list positions rows by index. */
const ROW = 48;
/** Rows rendered beyond the visible ones, each way. */
const OVERSCAN = 10;

const COLUMNS = ['name', 'status', 'group', 'location', 'screen', 'content', 'app', 'devices', 'lastHeartbeat'] as const;

function devices(view: TerminalView): string {
  const entries = Object.entries(view.heartbeat?.devices ?? {});
  if (entries.length === 0) return t('fleet.none');
  return entries
    .map(([kind, h]) => `${t(`device.kind.${kind}`)}: ${t(`device.state.${h.state}`)}${h.state === 'ready' || h.reasons.length === 0 ? '' : ` (${h.reasons.join(', ')})`}`)
    .join('; ');
}

function cell(view: TerminalView, column: (typeof COLUMNS)[number]): string {
  const hb = view.heartbeat;
  switch (column) {
    case 'name':
      return view.name;
    case 'status':
      return t(`status.${view.status}`);
    case 'group':
      return view.group;
    case 'location':
      return view.location;
    case 'screen':
      return hb ? `${t(`screen.${hb.screen.mode}`)}${hb.screen.service ? ` · ${hb.screen.service}` : ''}` : '—';
    case 'content':
      return hb?.contentVersion ?? '—';
    case 'app':
      return hb?.appVersion ?? '—';
    case 'devices':
      return hb ? devices(view) : '—';
    case 'lastHeartbeat':
      return formatTime(view.lastHeartbeatAt);
  }
}

/**
 * A text box that queries at every keystroke: the server answers a page in milliseconds, and
 * an answer to an earlier keystroke that comes late is dropped (fleet.ts).
 */
function QueryText({ fleet, field, label }: { fleet: Fleet; field: 'search' | 'group'; label: string }): JSX.Element {
  return (
    <label>
      {label}
      <input type="search" class={`query-${field}`} value={fleet.filter.value[field]} onInput={(e) => fleet.setFilter({ [field]: e.currentTarget.value })} />
    </label>
  );
}

function Toolbar({ fleet }: { fleet: Fleet }): JSX.Element {
  const f = fleet.filter.value;
  const set = (change: Partial<FleetFilter>) => fleet.setFilter(change);
  return (
    <div class="toolbar">
      <QueryText fleet={fleet} field="search" label={t('fleet.search')} />
      <QueryText fleet={fleet} field="group" label={t('fleet.group')} />
      <label>
        {t('fleet.status')}
        <select value={f.status} onChange={(e) => set({ status: e.currentTarget.value as FleetFilter['status'] })}>
          <option value="">{t('fleet.allStatuses')}</option>
          {FLEET_STATUSES.map((s) => (
            <option key={s} value={s}>{t(`status.${s}`)}</option>
          ))}
        </select>
      </label>
      <label>
        {t('fleet.sort')}
        <select value={f.sort} onChange={(e) => set({ sort: e.currentTarget.value as FleetFilter['sort'] })}>
          {FLEET_SORT_KEYS.map((k) => (
            <option key={k} value={k}>{t(`fleet.sortKey.${k}`)}</option>
          ))}
        </select>
      </label>
      <label>
        {t('fleet.order')}
        <select value={f.order} onChange={(e) => set({ order: e.currentTarget.value as FleetFilter['order'] })}>
          <option value="asc">{t('fleet.asc')}</option>
          <option value="desc">{t('fleet.desc')}</option>
        </select>
      </label>
    </div>
  );
}

function ReloadButton({ app, view, onResult }: { app: Console; view: TerminalView; onResult(message: string): void }): JSX.Element | null {
  if (view.status === 'pending' || view.status === 'revoked') return null;
  const send = async () => {
    try {
      await app.api.sendCommand(view.id, { kind: 'reload', args: {} });
      onResult(t('fleet.sent', { name: view.name }));
    } catch (e) {
      onResult(t('fleet.sendFailed', { name: view.name, message: (e as Error).message }));
    }
  };
  return (
    <button type="button" aria-label={t('fleet.reloadLabel', { name: view.name })} onClick={() => void send()}>
      {t('fleet.reload')}
    </button>
  );
}

/**
 * The fleet: filter, search and sort run on the server; the list renders only the rows in
 * view (plus a margin) and loads their pages as they scroll in, so 10,000 terminals cost
 * what a screenful does.
 */
export function FleetView({ app, role }: { app: Console; role: StaffRole }): JSX.Element {
  const fleet = useMemo(() => {
    const first = app.firstFleetPage;
    app.firstFleetPage = undefined;
    return createFleet(app.api, first);
  }, [app]);
  const scrollTop = useSignal(0);
  const height = useSignal(600);
  const message = useSignal('');
  const body = useRef<HTMLDivElement>(null);
  const operate = canCommandFleet(role);
  const columns = operate ? [...COLUMNS, 'actions' as const] : COLUMNS;
  const map = useSignal<FleetMap | undefined>(undefined);
  const shown = useSignal<'list' | 'map'>('list');
  const loadMap = () =>
    void app.api.fleetMap().then(
      (m) => (map.value = m),
      (e: Error) => (fleet.error.value = e.message),
    );
  /** A terminal was created or revoked: the list and the map count again. */
  const changed = () => {
    fleet.setFilter({});
    if (map.peek()) loadMap();
  };
  // Counted only when first wanted (the map, the enrolment form): the first rows do not wait for it.
  const wantMap = () => map.peek() ?? loadMap();
  const show = (view: 'list' | 'map') => {
    if (view === 'map') wantMap();
    shown.value = view;
  };
  const point = map.value?.points.find((p) => p.id === fleet.filter.value.servicePoint);

  // Live: a changed terminal updates its row; after missed events the list reloads.
  useEffect(() => app.live.on((e) => (e.type === 'terminal' ? fleet.update(e.terminal) : e.type === 'resync' && fleet.setFilter({}))), [fleet]);
  useEffect(() => {
    fleet.setFilter({});
    const el = body.current!;
    const observer = new ResizeObserver(() => (height.value = el.clientHeight));
    observer.observe(el);
    return () => observer.disconnect();
  }, [fleet]);

  const total = fleet.total.value ?? 0;
  const first = Math.max(0, Math.floor(scrollTop.value / ROW) - OVERSCAN);
  const last = Math.min(total - 1, Math.ceil((scrollTop.value + height.value) / ROW) + OVERSCAN);
  useEffect(() => fleet.ensure(first, last), [first, last, total, fleet.rows.value]);
  useEffect(() => {
    // A new query starts at the top.
    if (body.current) body.current.scrollTop = 0;
  }, [fleet.filter.value]);

  const rows: JSX.Element[] = [];
  for (let i = first; i <= last; i++) {
    const view = fleet.rows.value.get(i);
    if (!view) continue;
    rows.push(
      <div role="row" aria-rowindex={i + 2} class={`row status-${view.status}`} key={view.id} style={{ top: `${i * ROW}px` }}>
        {COLUMNS.map((c) => (
          <div role="cell" class={`col-${c}`} key={c}>
            {c === 'name' ? (
              <a
                href={terminalPath(view.id)}
                onClick={(e) => {
                  e.preventDefault();
                  app.go(terminalPath(view.id));
                }}
              >
                {view.name}
              </a>
            ) : (
              cell(view, c)
            )}
          </div>
        ))}
        {operate && (
          <div role="cell" class="col-actions">
            <ReloadButton app={app} view={view} onResult={(m) => (message.value = m)} />
            <NewCodeButton app={app} view={view} />
            <RevokeButton app={app} view={view} onChanged={changed} />
          </div>
        )}
      </div>,
    );
  }
  return (
    <main id="main" class="fleet">
      <div class="fleet-head">
        <h1>{t('fleet.heading')}</h1>
        <div role="group" aria-label={t('map.views')} class="view-switch">
          <button type="button" aria-pressed={shown.value === 'list'} onClick={() => show('list')}>{t('map.showList')}</button>
          <button type="button" aria-pressed={shown.value === 'map'} onClick={() => show('map')}>{t('map.showMap')}</button>
        </div>
        {operate && <AddTerminal app={app} points={map.value?.points ?? []} onOpen={wantMap} onChanged={changed} />}
      </div>
      <Toolbar fleet={fleet} />
      {fleet.filter.value.servicePoint && (
        <p class="chip">
          {t('map.filtered', { name: point?.name[lang.value] ?? fleet.filter.value.servicePoint })}{' '}
          <button type="button" onClick={() => fleet.setFilter({ servicePoint: '' })}>{t('map.clear')}</button>
        </p>
      )}
      {shown.value === 'map' && (
        <FleetMapView
          map={map.value}
          onChoose={(id) => {
            fleet.setFilter({ servicePoint: id });
            shown.value = 'list';
          }}
        />
      )}
      <p role="status" class="summary">
        {fleet.total.value === undefined ? t('app.loading') : fleet.total.value === 0 ? t('fleet.empty') : t('fleet.total', { count: fleet.total.value })}
      </p>
      {fleet.error.value && <p role="alert" class="error">{t('fleet.loadError', { message: fleet.error.value })}</p>}
      <p role="status" class="message">{message.value}</p>
      <div hidden={shown.value === 'map'} role="table" aria-busy={fleet.busy.value} aria-label={t('fleet.table')} aria-rowcount={total + 1} class={`fleet-table${operate ? ' with-actions' : ''}`}>
        <div role="rowgroup">
          <div role="row" aria-rowindex={1} class="row head">
            {columns.map((c) => (
              <div role="columnheader" class={`col-${c}`} key={c}>{t(`fleet.col.${c}`)}</div>
            ))}
          </div>
        </div>
        <div role="rowgroup" class="body" ref={body} tabIndex={0} aria-label={t('fleet.table')} onScroll={(e) => (scrollTop.value = e.currentTarget.scrollTop)}>
          <div class="spacer" style={{ height: `${total * ROW}px` }}>
            {rows}
          </div>
        </div>
      </div>
    </main>
  );
}
