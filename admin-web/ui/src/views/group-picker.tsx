/**
 * Chooses terminal groups from those the fleet has (with how many terminals each reaches), so a
 * target is never a mistyped group name that reaches nobody.
 */
import { useSignal } from '@preact/signals';
import type { JSX } from 'preact';
import { useEffect } from 'preact/hooks';
import type { FleetGroups } from '@civic-kiosk/protocol/staff-api';
import { t } from '../i18n/index.ts';
import type { Console } from '../state/session.ts';

export function GroupPicker({ app, legend, chosen, onChange, disabled = false }: { app: Console; legend: string; chosen: readonly string[]; onChange(groups: string[]): void; disabled?: boolean }): JSX.Element {
  const groups = useSignal<FleetGroups['groups'] | undefined>(undefined);
  const failed = useSignal('');
  useEffect(() => {
    app.api.fleetGroups().then(
      (r) => (groups.value = r.groups),
      (e: Error) => (failed.value = t('groups.loadFailed', { message: e.message })),
    );
  }, []);
  const toggle = (group: string, on: boolean) => onChange(on ? [...chosen, group] : chosen.filter((g) => g !== group));
  return (
    <fieldset class="group-picker" disabled={disabled}>
      <legend>{legend}</legend>
      {failed.value && <p role="alert" class="error">{failed.value}</p>}
      {groups.value?.length === 0 && <p>{t('groups.none')}</p>}
      {groups.value?.map((g) => (
        <label key={g.group} class="inline">
          <input type="checkbox" checked={chosen.includes(g.group)} onChange={(e) => toggle(g.group, e.currentTarget.checked)} />
          {t('groups.option', { group: g.group, count: g.terminals })}
        </label>
      ))}
    </fieldset>
  );
}
