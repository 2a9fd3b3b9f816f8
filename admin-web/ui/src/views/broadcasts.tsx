/**
 * Emergency broadcasts: operators compose one (zh-CN and English, targets, expiry) with a
 * preview as the kiosk shows it, send it after a confirmation, and end it; everyone who may
 * watch sees each broadcast's count of terminals that acknowledged it grow live.
 */
import { useSignal } from '@preact/signals';
import type { JSX } from 'preact';
import { useEffect, useMemo } from 'preact/hooks';
import type { StaffRole } from '@civic-kiosk/protocol/staff-api';
import type { BroadcastRequest, BroadcastView, StaffEvent } from '@civic-kiosk/protocol/staff-live';
import { lang, t } from '../i18n/index.ts';
import type { Lang } from '../i18n/index.ts';
import { EventsDuringLoad } from '../state/events-during-load.ts';
import { canCommandFleet } from '../state/session.ts';
import type { Console } from '../state/session.ts';
import { Dialog } from './dialog.tsx';
import { EmergencyPreview } from './emergency-preview.tsx';
import { actorName, formatTime } from './format.ts';
import { GroupPicker } from './group-picker.tsx';
import './live.css';

type BroadcastChange = Extract<StaffEvent, { type: 'broadcast' }>['broadcast'];

const LEVELS = ['info', 'warning', 'evacuate'] as const;
const MINUTE = 60_000;
/** How long a broadcast may run, as offered; the server allows up to seven days. */
const DURATIONS = [30 * MINUTE, 60 * MINUTE, 4 * 60 * MINUTE, 24 * 60 * MINUTE, 3 * 24 * 60 * MINUTE, 7 * 24 * 60 * MINUTE] as const;
const DEFAULT_DURATION = 24 * 60 * MINUTE;

const targetsText = (groups: readonly string[] | null): string => (groups === null || groups.length === 0 ? t('broadcasts.allTerminals') : t('broadcasts.groupsList', { groups: groups.join('、') }));

function duration(ms: number): string {
  return ms < 60 * MINUTE ? t('broadcasts.minutes', { count: ms / MINUTE }) : ms < 24 * 60 * MINUTE ? t('broadcasts.hours', { count: ms / (60 * MINUTE) }) : t('broadcasts.days', { count: ms / (24 * 60 * MINUTE) });
}

export function BroadcastsView({ app, role }: { app: Console; role: StaffRole }): JSX.Element {
  const list = useSignal<BroadcastView[] | undefined>(undefined);
  const error = useSignal('');
  const message = useSignal('');
  const operate = canCommandFleet(role);
  const during = useMemo(() => new EventsDuringLoad<BroadcastChange>(), []);
  /** A change to a broadcast in the list, in place; false if the list does not hold it yet. */
  const apply = (current: BroadcastView[], change: BroadcastChange): BroadcastView[] | false =>
    current.some((b) => b.broadcastId === change.broadcastId) && current.map((b) => (b.broadcastId === change.broadcastId ? { ...b, ...change } : b));
  const load = (): void => {
    const since = during.begin();
    app.api.broadcasts().then(
      (r) => {
        let next = r.broadcasts;
        let missing = false;
        for (const change of since()) {
          const applied = apply(next, change);
          if (applied) next = applied;
          else missing = true;
        }
        list.value = next;
        error.value = '';
        // A broadcast started after the answer was read: ask again.
        if (missing) load();
      },
      (e: Error) => {
        since();
        error.value = e.message;
      },
    );
  };
  useEffect(load, []);
  useEffect(
    () =>
      app.live.on((e) => {
        if (e.type === 'resync') return load();
        if (e.type !== 'broadcast') return;
        during.record(e.broadcast);
        const current = list.peek();
        if (!current) return;
        const applied = apply(current, e.broadcast);
        if (applied) list.value = applied;
        else load();
      }),
    [],
  );

  return (
    <main id="main" class="broadcasts">
      <h1>{t('broadcasts.heading')}</h1>
      {operate && (
        <Composer
          app={app}
          onSent={(b) => {
            message.value = t('broadcasts.sent', { title: b.title[lang.value] || b.title['zh-CN'], count: b.terminals });
            load();
          }}
        />
      )}
      <p role="status" class="message">{message.value}</p>
      <h2>{t('broadcasts.listHeading')}</h2>
      {error.value && <p role="alert" class="error">{t('broadcasts.loadError', { message: error.value })}</p>}
      {list.value?.length === 0 && <p>{t('broadcasts.none')}</p>}
      {list.value && list.value.length > 0 && (
        <table class="data broadcast-table">
          <caption class="sr-only">{t('broadcasts.table')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('broadcasts.col.title')}</th>
              <th scope="col">{t('broadcasts.col.level')}</th>
              <th scope="col">{t('broadcasts.col.targets')}</th>
              <th scope="col">{t('broadcasts.col.started')}</th>
              <th scope="col">{t('broadcasts.col.ends')}</th>
              <th scope="col">{t('broadcasts.col.acknowledged')}</th>
              {operate && <th scope="col">{t('broadcasts.col.actions')}</th>}
            </tr>
          </thead>
          <tbody>
            {list.value.map((b) => (
              <BroadcastRow key={b.broadcastId} app={app} b={b} operate={operate} onEnded={load} />
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}

function BroadcastRow({ app, b, operate, onEnded }: { app: Console; b: BroadcastView; operate: boolean; onEnded(): void }): JSX.Element {
  const asking = useSignal(false);
  const busy = useSignal(false);
  const failure = useSignal('');
  const title = b.title[lang.value] || b.title['zh-CN'];
  const active = b.endedAt === null && b.expiresAt > Date.now();
  const end = async () => {
    busy.value = true;
    try {
      await app.api.endBroadcast(b.broadcastId);
      asking.value = false;
      onEnded();
    } catch (e) {
      failure.value = (e as Error).message;
    } finally {
      busy.value = false;
    }
  };
  return (
    <tr class={active ? 'active' : 'ended'}>
      <th scope="row">{title}</th>
      <td>{t(`broadcasts.level.${b.level}`)}</td>
      <td>{targetsText(b.groups)}</td>
      <td>{t('broadcasts.startedBy', { who: actorName(b.createdBy), at: formatTime(b.issuedAt) })}</td>
      <td>{b.endedAt !== null ? t('broadcasts.endedAt', { at: formatTime(b.endedAt) }) : t('broadcasts.endsAt', { at: formatTime(b.expiresAt) })}</td>
      <td class="acked">{t('broadcasts.ackCount', { acknowledged: b.acknowledged, terminals: b.terminals })}</td>
      {operate && (
        <td>
          {active && (
            <button type="button" class="danger" aria-label={t('broadcasts.endLabel', { title })} onClick={() => (asking.value = true)}>
              {t('broadcasts.end')}
            </button>
          )}
          {asking.value && (
            <Dialog title={t('broadcasts.endConfirmTitle')} onClose={() => (asking.value = false)}>
              <p>{t('broadcasts.endConfirm', { title })}</p>
              {failure.value && <p role="alert" class="error">{failure.value}</p>}
              <div class="dialog-actions">
                <button type="button" class="danger" disabled={busy.value} onClick={() => void end()}>{t('broadcasts.endNow')}</button>
                <button type="button" onClick={() => (asking.value = false)}>{t('broadcasts.cancel')}</button>
              </div>
            </Dialog>
          )}
        </td>
      )}
    </tr>
  );
}

function Composer({ app, onSent }: { app: Console; onSent(b: BroadcastView): void }): JSX.Element {
  const level = useSignal<(typeof LEVELS)[number]>('warning');
  const text = useSignal({ titleZh: '', bodyZh: '', titleEn: '', bodyEn: '' });
  const everyone = useSignal(true);
  const groups = useSignal<string[]>([]);
  const lasts = useSignal<number>(DEFAULT_DURATION);
  const previewFirst = useSignal<Lang>('zh-CN');
  const confirming = useSignal(false);
  const busy = useSignal(false);
  const failure = useSignal('');

  const v = text.value;
  const title = { 'zh-CN': v.titleZh.trim(), en: v.titleEn.trim() };
  const body = { 'zh-CN': v.bodyZh.trim(), en: v.bodyEn.trim() };
  const chosen = groups.value;
  const targets = everyone.value ? null : chosen;
  const field = (key: keyof typeof v, label: string, long: boolean) => (
    <label>
      {label}
      {long ? (
        <textarea required maxLength={2000} rows={3} value={v[key]} onInput={(e) => (text.value = { ...text.peek(), [key]: e.currentTarget.value })} />
      ) : (
        <input required maxLength={200} value={v[key]} onInput={(e) => (text.value = { ...text.peek(), [key]: e.currentTarget.value })} />
      )}
    </label>
  );

  const send = async () => {
    busy.value = true;
    failure.value = '';
    const request: BroadcastRequest = { level: level.value, title, body, expiresAt: Date.now() + lasts.value, ...(targets ? { groups: targets } : {}) };
    try {
      const b = await app.api.startBroadcast(request);
      confirming.value = false;
      text.value = { titleZh: '', bodyZh: '', titleEn: '', bodyEn: '' };
      onSent(b);
    } catch (e) {
      failure.value = t('broadcasts.sendFailed', { message: (e as Error).message });
    } finally {
      busy.value = false;
    }
  };

  return (
    <section class="composer" aria-labelledby="composer-heading">
      <h2 id="composer-heading">{t('broadcasts.compose')}</h2>
      <div class="composer-grid">
        <form
          class="composer-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (!everyone.value && chosen.length === 0) failure.value = t('broadcasts.chooseGroups');
            else confirming.value = true;
          }}
        >
          <label>
            {t('broadcasts.col.level')}
            <select value={level.value} onChange={(e) => (level.value = e.currentTarget.value as (typeof LEVELS)[number])}>
              {LEVELS.map((l) => (
                <option key={l} value={l}>{t(`broadcasts.level.${l}`)}</option>
              ))}
            </select>
          </label>
          <fieldset lang="zh-CN">
            <legend>{t('broadcasts.chinese')}</legend>
            {field('titleZh', t('broadcasts.titleZh'), false)}
            {field('bodyZh', t('broadcasts.bodyZh'), true)}
          </fieldset>
          <fieldset lang="en">
            <legend>{t('broadcasts.english')}</legend>
            {field('titleEn', t('broadcasts.titleEn'), false)}
            {field('bodyEn', t('broadcasts.bodyEn'), true)}
          </fieldset>
          <fieldset>
            <legend>{t('broadcasts.col.targets')}</legend>
            <label class="inline">
              <input type="radio" name="targets" checked={everyone.value} onChange={() => (everyone.value = true)} />
              {t('broadcasts.allTerminals')}
            </label>
            <label class="inline">
              <input type="radio" name="targets" checked={!everyone.value} onChange={() => (everyone.value = false)} />
              {t('broadcasts.someGroups')}
            </label>
            <GroupPicker app={app} legend={t('broadcasts.groups')} chosen={groups.value} onChange={(g) => (groups.value = g)} disabled={everyone.value} />
          </fieldset>
          <label>
            {t('broadcasts.lasts')}
            <select value={String(lasts.value)} onChange={(e) => (lasts.value = Number(e.currentTarget.value))}>
              {DURATIONS.map((ms) => (
                <option key={ms} value={String(ms)}>{duration(ms)}</option>
              ))}
            </select>
          </label>
          <button type="submit">{t('broadcasts.review')}</button>
          {failure.value && !confirming.value && <p role="alert" class="error">{failure.value}</p>}
        </form>
        <div class="preview" role="group" aria-label={t('broadcasts.preview')}>
          <div class="preview-head">
            <p>{t('broadcasts.preview')}</p>
            <label>
              {t('broadcasts.previewLang')}
              <select value={previewFirst.value} onChange={(e) => (previewFirst.value = e.currentTarget.value as Lang)}>
                <option value="zh-CN">{t('broadcasts.previewZh')}</option>
                <option value="en">{t('broadcasts.previewEn')}</option>
              </select>
            </label>
          </div>
          <EmergencyPreview title={title} body={body} first={previewFirst.value} />
        </div>
      </div>
      {confirming.value && (
        <Dialog title={t('broadcasts.confirmTitle')} onClose={() => (confirming.value = false)}>
          <p>{t('broadcasts.confirm', { targets: targetsText(targets), until: formatTime(Date.now() + lasts.value) })}</p>
          <p class="confirm-title">{title['zh-CN']} · {title.en}</p>
          {failure.value && <p role="alert" class="error">{failure.value}</p>}
          <div class="dialog-actions">
            <button type="button" class="danger" disabled={busy.value} onClick={() => void send()}>{t('broadcasts.sendNow')}</button>
            <button type="button" onClick={() => (confirming.value = false)}>{t('broadcasts.cancel')}</button>
          </div>
        </Dialog>
      )}
    </section>
  );
}
