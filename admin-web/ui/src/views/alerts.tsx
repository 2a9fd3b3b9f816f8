/**
 * Alerts: open or resolved, newest first, kept current by the event stream; operators
 * acknowledge them (who and when show to everyone). Below, each group's operating hours,
 * outside which down alerts wait.
 */
import { useSignal } from '@preact/signals';
import type { JSX } from 'preact';
import { useEffect, useMemo } from 'preact/hooks';
import type { StaffRole } from '@civic-kiosk/protocol/staff-api';
import type { AlertView, GroupHours } from '@civic-kiosk/protocol/staff-live';
import { t } from '../i18n/index.ts';
import { EventsDuringLoad } from '../state/events-during-load.ts';
import { canCommandFleet } from '../state/session.ts';
import type { Console } from '../state/session.ts';
import { actorName, formatTime } from './format.ts';
import './live.css';

type Shown = 'open' | 'resolved';
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;


/** Where an alert belongs in the list shown: in it (sorted newest first) or out of it. */
function merge(list: readonly AlertView[], alert: AlertView, shown: Shown): AlertView[] {
  const rest = list.filter((a) => a.id !== alert.id);
  if ((alert.resolvedAt === null) !== (shown === 'open')) return rest;
  return [...rest, alert].sort((a, b) => b.id - a.id);
}

export function AlertsView({ app, role }: { app: Console; role: StaffRole }): JSX.Element {
  const shown = useSignal<Shown>('open');
  const alerts = useSignal<AlertView[] | undefined>(undefined);
  const error = useSignal('');
  const message = useSignal('');
  const operate = canCommandFleet(role);

  const during = useMemo(() => new EventsDuringLoad<AlertView>(), []);
  const load = () => {
    const asked = shown.peek();
    const since = during.begin();
    app.api.alerts(asked === 'open').then(
      (r) => {
        const later = since();
        if (shown.peek() !== asked) return;
        alerts.value = later.reduce((list, a) => merge(list, a, asked), r.alerts);
        // The stream's own count is newer than the answer's when events came meanwhile.
        if (later.length === 0) app.live.openAlerts.value = r.open;
        error.value = '';
      },
      (e: Error) => {
        since();
        error.value = e.message;
      },
    );
  };
  useEffect(load, [shown.value]);
  useEffect(
    () =>
      app.live.on((e) => {
        if (e.type === 'resync') return load();
        if (e.type !== 'alert') return;
        during.record(e.alert);
        const current = alerts.peek();
        if (current) alerts.value = merge(current, e.alert, shown.peek());
      }),
    [],
  );

  const acknowledge = async (a: AlertView) => {
    try {
      const done = await app.api.acknowledgeAlert(a.id);
      alerts.value = merge(alerts.peek() ?? [], done, shown.peek());
      message.value = t('alerts.acknowledged', { name: a.terminalName });
    } catch (e) {
      message.value = t('alerts.ackFailed', { name: a.terminalName, message: (e as Error).message });
      load();
    }
  };

  const list = alerts.value;
  return (
    <main id="main" class="alerts">
      <h1>{t('alerts.heading')}</h1>
      <div class="toolbar">
        <label>
          {t('alerts.show')}
          <select value={shown.value} onChange={(e) => (shown.value = e.currentTarget.value as Shown)}>
            <option value="open">{t('alerts.open')}</option>
            <option value="resolved">{t('alerts.resolved')}</option>
          </select>
        </label>
      </div>
      <p role="status" class="summary">
        {list === undefined ? t('app.loading') : list.length === 0 ? t(`alerts.none.${shown.value}`) : t('alerts.count', { count: list.length })}
      </p>
      {error.value && <p role="alert" class="error">{t('alerts.loadError', { message: error.value })}</p>}
      <p role="status" class="message">{message.value}</p>
      {list && list.length > 0 && (
        <table class="data alert-table">
          <caption class="sr-only">{t('alerts.table')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('alerts.col.terminal')}</th>
              <th scope="col">{t('alerts.col.group')}</th>
              <th scope="col">{t('alerts.col.kind')}</th>
              <th scope="col">{t('alerts.col.opened')}</th>
              {shown.value === 'resolved' && <th scope="col">{t('alerts.col.resolved')}</th>}
              <th scope="col">{t('alerts.col.acknowledged')}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((a) => (
              <tr key={a.id} class={`alert-${a.kind}`}>
                <th scope="row">{a.terminalName}</th>
                <td>{a.group}</td>
                <td>{t(`alerts.kind.${a.kind}`)}</td>
                <td>{formatTime(a.openedAt)}</td>
                {shown.value === 'resolved' && <td>{formatTime(a.resolvedAt)}</td>}
                <td>
                  {a.acknowledgedAt !== null ? (
                    t('alerts.ackedBy', { who: actorName(a.acknowledgedBy), at: formatTime(a.acknowledgedAt) })
                  ) : operate && a.resolvedAt === null ? (
                    <button type="button" aria-label={t('alerts.ackLabel', { name: a.terminalName, kind: t(`alerts.kind.${a.kind}`) })} onClick={() => void acknowledge(a)}>
                      {t('alerts.ack')}
                    </button>
                  ) : (
                    t('alerts.notAcked')
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <OperatingHoursSection app={app} operate={operate} />
    </main>
  );
}

function OperatingHoursSection({ app, operate }: { app: Console; operate: boolean }): JSX.Element {
  const groups = useSignal<GroupHours[] | undefined>(undefined);
  const status = useSignal('');
  const load = () =>
    void app.api.operatingHours().then(
      (r) => (groups.value = r.groups),
      (e: Error) => (status.value = t('hours.loadError', { message: e.message })),
    );
  useEffect(load, []);

  const remove = async (group: string) => {
    try {
      await app.api.removeOperatingHours(group);
      status.value = t('hours.removed', { group });
    } catch (e) {
      status.value = t('hours.saveError', { message: (e as Error).message });
    }
    load();
  };

  return (
    <section class="hours" aria-labelledby="hours-heading">
      <h2 id="hours-heading">{t('hours.heading')}</h2>
      <p class="hint">{t('hours.explain')}</p>
      {groups.value && groups.value.length === 0 && <p>{t('hours.none')}</p>}
      {groups.value && groups.value.length > 0 && (
        <table class="data">
          <caption class="sr-only">{t('hours.table')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('hours.group')}</th>
              <th scope="col">{t('hours.days')}</th>
              <th scope="col">{t('hours.window')}</th>
              <th scope="col">{t('hours.updated')}</th>
              {operate && <th scope="col">{t('hours.actions')}</th>}
            </tr>
          </thead>
          <tbody>
            {groups.value.map((g) => (
              <tr key={g.group}>
                <th scope="row">{g.group}</th>
                <td>{g.hours.days.map((d) => t(`hours.day.${d}`)).join(' ')}</td>
                <td>{`${g.hours.opensAt}–${g.hours.closesAt}`}</td>
                <td>{t('hours.updatedBy', { who: actorName(g.updatedBy), at: formatTime(g.updatedAt) })}</td>
                {operate && (
                  <td>
                    <button type="button" aria-label={t('hours.removeLabel', { group: g.group })} onClick={() => void remove(g.group)}>
                      {t('hours.remove')}
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {operate && <HoursForm app={app} onSaved={load} onStatus={(m) => (status.value = m)} />}
      <p role="status" class="message">{status.value}</p>
    </section>
  );
}

function HoursForm({ app, onSaved, onStatus }: { app: Console; onSaved(): void; onStatus(message: string): void }): JSX.Element {
  const group = useSignal('');
  const days = useSignal<number[]>([1, 2, 3, 4, 5]);
  const opensAt = useSignal('08:00');
  const closesAt = useSignal('20:00');
  const submit = async (e: Event) => {
    e.preventDefault();
    try {
      await app.api.setOperatingHours(group.value.trim(), { days: [...days.value].sort(), opensAt: opensAt.value, closesAt: closesAt.value });
      onStatus(t('hours.saved', { group: group.value.trim() }));
      onSaved();
    } catch (err) {
      onStatus(t('hours.saveError', { message: (err as Error).message }));
    }
  };
  return (
    <form class="hours-form" onSubmit={(e) => void submit(e)}>
      <label>
        {t('hours.group')}
        <input required maxLength={64} value={group.value} onInput={(e) => (group.value = e.currentTarget.value)} />
      </label>
      <fieldset>
        <legend>{t('hours.days')}</legend>
        {WEEKDAYS.map((d) => (
          <label key={d} class="inline">
            <input
              type="checkbox"
              checked={days.value.includes(d)}
              onChange={(e) => (days.value = e.currentTarget.checked ? [...days.value, d] : days.value.filter((x) => x !== d))}
            />
            {t(`hours.day.${d}`)}
          </label>
        ))}
      </fieldset>
      <label>
        {t('hours.opensAt')}
        <input type="time" required value={opensAt.value} onInput={(e) => (opensAt.value = e.currentTarget.value)} />
      </label>
      <label>
        {t('hours.closesAt')}
        <input type="time" required value={closesAt.value} onInput={(e) => (closesAt.value = e.currentTarget.value)} />
      </label>
      <button type="submit">{t('hours.save')}</button>
    </form>
  );
}
