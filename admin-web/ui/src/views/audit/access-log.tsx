/**
 * The personal-data access log (auditors only): every read of a resident's data through a
 * terminal, successes and refusals, newest first. A citizen ID filter is sent in a POST body
 * and matched by its keyed hash; the export downloads the same rows as CSV (and is audited).
 */
import { useSignal } from '@preact/signals';
import type { JSX } from 'preact';
import { useEffect } from 'preact/hooks';
import type { AccessEntry, AccessFilter } from '@civic-kiosk/protocol/staff-users';
import { accessCsv, accessEntries } from '../../api/audit.ts';
import { ApiError } from '../../api/client.ts';
import type { ApiClient } from '../../api/client.ts';
import { t } from '../../i18n/index.ts';
import { formatTime } from '../format.ts';
import { chinaLocalMs, LogFrame, setFields, useNewestFirst, useTextFields } from './log-frame.tsx';

const TEXT_FIELDS = ['terminalId', 'service', 'citizenId', 'result'] as const;
type Filter = Omit<AccessFilter, 'before' | 'limit'>;

/** A refusal of the citizen ID (a wrong check digit) belongs on its field. */
const citizenIdRefused = (e: unknown): boolean => e instanceof ApiError && e.code === 'validation-failed' && Array.isArray(e.details) && e.details.some((d: { path?: string }) => d.path === 'citizenId');

export function AccessLog({ api }: { api: ApiClient }): JSX.Element {
  const fields = useTextFields(TEXT_FIELDS);
  const from = useSignal('');
  const to = useSignal('');
  const applied = useSignal<Filter>({});
  const exportError = useSignal('');
  const log = useNewestFirst<AccessEntry>((before, limit) => accessEntries(api, { ...applied.peek(), before, limit }));

  const apply = () => {
    applied.value = { ...setFields(fields), from: chinaLocalMs(from.value), to: chinaLocalMs(to.value) };
    void log.first();
  };
  useEffect(apply, []);

  const download = async () => {
    exportError.value = '';
    try {
      const url = URL.createObjectURL(await accessCsv(api, applied.peek()));
      const a = document.createElement('a');
      a.href = url;
      a.download = 'personal-data-access.csv';
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (e) {
      exportError.value = t('audit.error', { message: (e as Error).message });
    }
  };

  const idError = citizenIdRefused(log.error.value) ? t('audit.access.citizenIdInvalid') : '';
  const loadError = log.error.value === undefined || idError ? '' : t('audit.error', { message: (log.error.value as Error).message });
  return (
    <LogFrame
      id="access"
      heading={t('audit.access.heading')}
      intro={t('audit.access.about')}
      log={log}
      from={from}
      to={to}
      onApply={apply}
      error={exportError.value || loadError}
      fields={TEXT_FIELDS.map((f) => (
        <div class="field" key={f}>
          <label for={`access-${f}`}>{t(`audit.access.filter.${f}`)}</label>
          <input
            id={`access-${f}`}
            value={fields[f].value}
            autoComplete="off"
            aria-invalid={f === 'citizenId' && idError ? 'true' : undefined}
            aria-describedby={f === 'citizenId' ? 'access-citizenId-error' : undefined}
            onInput={(e) => (fields[f].value = e.currentTarget.value)}
          />
          {f === 'citizenId' && <span id="access-citizenId-error" class="error" role="alert">{idError}</span>}
        </div>
      ))}
      exporter={
        <button type="button" onClick={() => void download()}>
          {t('audit.export')}
        </button>
      }
    >
      <table class="data log-table">
        <caption>{t('audit.access.heading')}</caption>
        <thead>
          <tr>
            {['at', 'terminal', 'service', 'holder', 'assurance', 'result'].map((c) => (
              <th scope="col" key={c}>{t(`audit.access.column.${c}`)}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {log.entries.value?.map((e) => (
            <tr key={e.id} class={e.result === 'ok' ? undefined : 'refused'}>
              <td>{formatTime(e.at)}</td>
              <td>{e.terminalId}</td>
              <td>{e.service}</td>
              <td>
                <code title={e.holderHash ?? undefined}>{e.holderHash ? `${e.holderHash.slice(0, 12)}…` : t('audit.access.noHolder')}</code>
              </td>
              <td>{e.assurance ? t(`audit.access.assurance.${e.assurance}`) : '—'}</td>
              <td>{e.result === 'ok' ? t('audit.access.ok') : e.result}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </LogFrame>
  );
}
