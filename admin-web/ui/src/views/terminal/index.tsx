/**
 * One terminal: its state now, commands (operators), screenshots (operators), the heartbeat
 * chart, each device's health over time, its alerts, recent events and command history.
 */
import type { JSX } from 'preact';
import { useEffect, useMemo } from 'preact/hooks';
import { CONSOLE_PATHS } from '@civic-kiosk/protocol/staff-api';
import type { StaffRole, TerminalEventList, TerminalView } from '@civic-kiosk/protocol/staff-api';
import type { AlertView } from '@civic-kiosk/protocol/staff-live';
import { t } from '../../i18n/index.ts';
import { canWatchFleet } from '../../state/live.ts';
import { canCommandFleet } from '../../state/session.ts';
import type { Console } from '../../state/session.ts';
import { createTerminalDetail } from '../../state/terminal.ts';
import { formatTime } from '../format.ts';
import { CommandHistory, CommandPanel } from './commands.tsx';
import { DataTable } from './data-table.tsx';
import { DeviceTimeline } from './device-timeline.tsx';
import { HeartbeatChart } from './heartbeat-chart.tsx';
import { Screenshots } from './screenshots.tsx';

function Facts({ view }: { view: TerminalView }): JSX.Element {
  const hb = view.heartbeat;
  const facts: [string, string][] = [
    ['status', t(`status.${view.status}`)],
    ['id', view.id],
    ['group', view.group],
    ['location', view.location || '—'],
    ['screen', hb ? `${t(`screen.${hb.screen.mode}`)}${hb.screen.service ? ` · ${hb.screen.service}` : ''}${view.screenSince ? ` (${t('terminal.since', { at: formatTime(view.screenSince) })})` : ''}` : '—'],
    ['app', hb?.appVersion ?? '—'],
    ['content', hb?.contentVersion ?? '—'],
    ['lastHeartbeat', formatTime(view.lastHeartbeatAt)],
    ['uptime', hb ? t('terminal.hours', { hours: (hb.uptimeSeconds / 3600).toFixed(1) }) : '—'],
    ['disk', hb ? `${(hb.freeDiskBytes / 1e9).toFixed(1)} GB` : '—'],
  ];
  return (
    <dl class="facts">
      {facts.map(([k, v]) => (
        <div key={k}>
          <dt>{t(`terminal.fact.${k}`)}</dt>
          <dd class={`fact-${k}`}>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

function Alerts({ alerts }: { alerts: readonly AlertView[] }): JSX.Element {
  if (alerts.length === 0) return <p>{t('terminal.alerts.none')}</p>;
  return (
    <DataTable caption={t('terminal.alerts.heading')} keyPrefix="terminal.alerts.col" columns={['kind', 'key', 'opened', 'resolved']}>
      {alerts.map((a) => (
        <tr key={a.id}>
          <td>{t(`terminal.alerts.kind.${a.kind}`)}</td>
          <td>{a.key}</td>
          <td>{formatTime(a.openedAt)}</td>
          <td>{a.resolvedAt === null ? t('terminal.alerts.open') : formatTime(a.resolvedAt)}</td>
        </tr>
      ))}
    </DataTable>
  );
}

function Events({ events }: { events: TerminalEventList['events'] }): JSX.Element {
  if (events.length === 0) return <p>{t('terminal.events.none')}</p>;
  return (
    <DataTable caption={t('terminal.events.heading')} keyPrefix="terminal.events.col" columns={['at', 'type', 'detail']}>
      {events.map((e) => (
        <tr key={e.id}>
          <td>{formatTime(e.at)}</td>
          <td>{e.type}</td>
          <td>{Object.entries(e.detail ?? {}).map(([k, v]) => `${k}: ${String(v)}`).join(', ')}</td>
        </tr>
      ))}
    </DataTable>
  );
}

export function TerminalDetailView({ app, role, terminalId }: { app: Console; role: StaffRole; terminalId: string }): JSX.Element {
  const operate = canCommandFleet(role);
  const watchAlerts = canWatchFleet(role);
  const detail = useMemo(() => createTerminalDetail(app.api, terminalId, { alerts: watchAlerts, screenshots: operate }), [app, terminalId]);
  useEffect(() => {
    detail.start();
    return () => detail.stop();
  }, [detail]);
  // The staff event stream says when this terminal, its alerts or its commands change.
  useEffect(
    () =>
      app.live.on((e) => {
        const about = e.type === 'terminal' ? e.terminal.id : e.type === 'command' ? e.command.terminalId : e.type === 'alert' ? e.alert.terminalId : undefined;
        if (about === terminalId || e.type === 'resync') detail.refresh();
      }),
    [detail],
  );
  const view = detail.view.value;
  const section = (id: string, children: JSX.Element) => (
    <section aria-labelledby={`${id}-heading`} class="panel">
      <h2 id={`${id}-heading`}>{t(`terminal.${id}.heading`)}</h2>
      {children}
    </section>
  );
  return (
    <main id="main" class="terminal-detail">
      <p>
        <a
          href={CONSOLE_PATHS.fleet}
          onClick={(e) => {
            e.preventDefault();
            app.go(CONSOLE_PATHS.fleet);
          }}
        >
          {t('terminal.back')}
        </a>
      </p>
      <h1>{view ? view.name : t('app.loading')}</h1>
      {detail.error.value && <p role="alert" class="error">{t('terminal.loadError', { message: detail.error.value })}</p>}
      {view && (
        <>
          <Facts view={view} />
          {operate && <CommandPanel view={view} detail={detail} />}
          {operate && <Screenshots api={app.api} terminalId={terminalId} screenshots={detail.screenshots.value} />}
          {section('heartbeats', <HeartbeatChart heartbeats={detail.heartbeats.value} />)}
          {section('devices', <DeviceTimeline heartbeats={detail.heartbeats.value} />)}
          {watchAlerts && section('alerts', <Alerts alerts={detail.alerts.value} />)}
          {section('events', <Events events={detail.events.value} />)}
          {section('history', <CommandHistory commands={detail.commands.value} />)}
        </>
      )}
    </main>
  );
}
