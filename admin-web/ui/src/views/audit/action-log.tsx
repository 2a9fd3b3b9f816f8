/**
 * The audit log: who did what to what, newest first, filtered by actor, action, target and time
 * (the filter also comes from the address, e.g. one account's trail from the users area), paged,
 * and downloaded as CSV with the same filter.
 */
import { useSignal } from '@preact/signals';
import type { JSX } from 'preact';
import { useEffect } from 'preact/hooks';
import type { AuditEntry, AuditFilter } from '@civic-kiosk/protocol/staff-users';
import { auditCsvUrl, auditEntries } from '../../api/audit.ts';
import type { ApiClient } from '../../api/client.ts';
import { t } from '../../i18n/index.ts';
import { formatTime } from '../format.ts';
import { chinaLocalMs, LogFrame, setFields, useNewestFirst, useTextFields } from './log-frame.tsx';

/** Actions the server records, offered as suggestions (the field takes any). */
const KNOWN_ACTIONS = [
  'staff.create', 'staff.update', 'staff.login', 'staff.login-failed', 'staff.locked', 'staff.logout', 'staff.password-change', 'staff.password-change-failed',
  'terminal.create', 'terminal.enrol', 'terminal.enrolment-code', 'terminal.revoke', 'terminal.screenshot.captured', 'terminal.screenshot.viewed',
  'alert.acknowledge', 'alert-hours.set', 'alert-hours.remove', 'content.draft.save', 'content.file.upload',
  'payment.reverse', 'payments.list', 'payments.export', 'payments.reconcile', 'audit.export', 'personal-data-access.export',
];
const TARGET_TYPES = ['staff-user', 'terminal', 'content', 'payment', 'payments', 'audit-log', 'personal-data-access'];

const TEXT_FIELDS = ['actorName', 'action', 'targetType', 'targetId'] as const;

/** An action in words when the console knows it, else as recorded. */
export function actionLabel(action: string): string {
  const key = `audit.action.${action}`;
  const text = t(key);
  return text === key ? action : text;
}

/** The details as `key: value` pairs (nested values as JSON). */
function detailsText(details: unknown): string {
  if (details === null || typeof details !== 'object') return JSON.stringify(details) ?? '';
  return Object.entries(details)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join('; ');
}

export function ActionLog({ api }: { api: ApiClient }): JSX.Element {
  const search = new URLSearchParams(location.search);
  const fields = useTextFields(TEXT_FIELDS, (f) => search.get(f) ?? '');
  const from = useSignal('');
  const to = useSignal('');
  const applied = useSignal<Omit<AuditFilter, 'before' | 'limit'>>({});
  const log = useNewestFirst<AuditEntry>((before, limit) => auditEntries(api, { ...applied.peek(), before, limit }));

  const apply = () => {
    applied.value = { ...setFields(fields), from: chinaLocalMs(from.value), to: chinaLocalMs(to.value) };
    void log.first();
  };
  useEffect(apply, []);

  return (
    <LogFrame
      id="audit"
      heading={t('audit.actions.heading')}
      log={log}
      from={from}
      to={to}
      onApply={apply}
      error={log.error.value === undefined ? '' : t('audit.error', { message: (log.error.value as Error).message })}
      fields={
        <>
          {TEXT_FIELDS.map((f) => (
            <label key={f}>
              {t(`audit.filter.${f}`)}
              <input
                value={fields[f].value}
                list={f === 'action' ? 'audit-actions' : f === 'targetType' ? 'audit-targets' : undefined}
                onInput={(e) => (fields[f].value = e.currentTarget.value)}
              />
            </label>
          ))}
          <datalist id="audit-actions">
            {KNOWN_ACTIONS.map((a) => (
              <option key={a} value={a}>{actionLabel(a)}</option>
            ))}
          </datalist>
          <datalist id="audit-targets">
            {TARGET_TYPES.map((a) => (
              <option key={a} value={a} />
            ))}
          </datalist>
        </>
      }
      exporter={
        <a class="button" href={auditCsvUrl(applied.value)} download>
          {t('audit.export')}
        </a>
      }
    >
      <table class="data log-table">
        <caption>{t('audit.actions.heading')}</caption>
        <thead>
          <tr>
            {['at', 'actor', 'action', 'target', 'details'].map((c) => (
              <th scope="col" key={c}>{t(`audit.column.${c}`)}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {log.entries.value?.map((e) => (
            <tr key={e.id}>
              <td>{formatTime(e.at)}</td>
              <td>
                {e.actor.name} <span class="kind">{t(`audit.actor.${e.actor.type}`)}</span>
              </td>
              <td>
                {actionLabel(e.action)} <code>{e.action}</code>
              </td>
              <td>
                {e.target.type} <code>{e.target.id ?? ''}</code>
              </td>
              <td class="details">{detailsText(e.details)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </LogFrame>
  );
}
