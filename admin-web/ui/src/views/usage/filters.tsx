import { useSignal } from '@preact/signals';
import type { JSX } from 'preact';
import { useEffect } from 'preact/hooks';
import { KIOSK_SERVICES } from '@civic-kiosk/protocol/kiosk-services';
import { USAGE_MAX_DAYS } from '@civic-kiosk/protocol/usage';
import { t } from '../../i18n/index.ts';
import type { Console } from '../../state/session.ts';
import { serviceName } from './labels.ts';
import { GROUPINGS } from './query.ts';
import type { FieldErrors, FilterError, UsageState } from './query.ts';

const ERROR: Record<FilterError, () => string> = {
  date: () => t('usage.error.date'),
  order: () => t('usage.error.order'),
  tooLong: () => t('usage.error.tooLong', { days: USAGE_MAX_DAYS }),
  invalid: () => t('usage.error.invalid'),
};

const BY_LABEL: Record<string, () => string> = {
  day: () => t('usage.by.day'),
  terminal: () => t('usage.by.terminal'),
  group: () => t('usage.by.group'),
  item: () => t('usage.by.item'),
};

/** Reports that count per service (the others ignore a service filter, so it is not offered). */
const WITH_SERVICE = new Set(['services', 'funnel']);

/** Terminal names seen in report rows, so a terminal filter names its terminal without asking. */
export const terminalNames = new Map<string, string>();

/** The terminal filter, named (asked of the server when no row named it, as after a reload); its id while unknown. */
function TerminalChip({ app, id, onClear }: { app: Console; id: string; onClear(): void }): JSX.Element {
  const name = useSignal(terminalNames.get(id));
  useEffect(() => {
    if (name.peek() !== undefined) return;
    app.api.terminal(id).then(
      (view) => terminalNames.set(id, (name.value = view.name)),
      () => undefined,
    );
  }, [id]);
  return (
    <p class="chip">
      {t('usage.onlyTerminal', { name: name.value ?? id })}{' '}
      <button type="button" onClick={onClear}>{t('usage.clearTerminal')}</button>
    </p>
  );
}

function Field({ name, label, error, children }: { name: keyof FieldErrors; label: string; error?: FilterError; children: (attrs: Record<string, unknown>) => JSX.Element }): JSX.Element {
  const id = `usage-${name}`;
  // The message sits outside the label: it describes the field, it is not part of its name.
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {children({ id, 'aria-invalid': error ? true : undefined, 'aria-describedby': error ? `${id}-error` : undefined })}
      {error && (
        <span id={`${id}-error`} class="error field-error">
          {ERROR[error]()}
        </span>
      )}
    </div>
  );
}

/**
 * The report's days (China time, both included) and filters. A wrong range is said on its
 * field and nothing is asked of the server until it is fixed.
 */
export function Filters({ app, state, errors, set }: { app: Console; state: UsageState; errors: FieldErrors; set(change: Partial<UsageState>): void }): JSX.Element {
  const groupings = GROUPINGS[state.report];
  const services = [...new Set([...KIOSK_SERVICES, ...(state.service ? [state.service] : [])])];
  return (
    <form class="toolbar usage-filters" onSubmit={(e) => e.preventDefault()} aria-label={t('usage.filters')}>
      <Field name="from" label={t('usage.from')} error={errors.from}>
        {(a) => <input type="date" value={state.from} {...a} onChange={(e) => set({ from: e.currentTarget.value })} />}
      </Field>
      <Field name="to" label={t('usage.to')} error={errors.to}>
        {(a) => <input type="date" value={state.to} {...a} onChange={(e) => set({ to: e.currentTarget.value })} />}
      </Field>
      <Field name="group" label={t('usage.group')} error={errors.group}>
        {(a) => <input type="search" value={state.group} {...a} onInput={(e) => set({ group: e.currentTarget.value })} />}
      </Field>
      {WITH_SERVICE.has(state.report) && (
        <Field name="service" label={t('usage.serviceFilter')} error={errors.service}>
          {(a) => (
            <select value={state.service} {...a} onChange={(e) => set({ service: e.currentTarget.value })}>
              <option value="">{t('usage.allServices')}</option>
              {services.map((s) => (
                <option key={s} value={s}>{serviceName(s)}</option>
              ))}
            </select>
          )}
        </Field>
      )}
      {groupings && (
        <label>
          {t('usage.by.label')}
          <select value={state.by} onChange={(e) => set({ by: e.currentTarget.value })}>
            {groupings.map((g) => (
              <option key={g} value={g}>{BY_LABEL[g]!()}</option>
            ))}
          </select>
        </label>
      )}
      {state.terminal && <TerminalChip app={app} id={state.terminal} onClear={() => set({ terminal: '' })} />}
      {state.item && (
        <p class="chip">
          {t('usage.onlyItem', { item: state.item })}{' '}
          <button type="button" onClick={() => set({ item: '' })}>{t('usage.clearItem')}</button>
        </p>
      )}
    </form>
  );
}
