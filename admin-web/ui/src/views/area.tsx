/**
 * The console's larger areas (content, payments, usage, users, audit) load when first opened:
 * their code stays out of the first download, which is the fleet's.
 */
import type { FunctionComponent, JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { StaffRole } from '@civic-kiosk/protocol/staff-api';
import { t } from '../i18n/index.ts';
import type { Console } from '../state/session.ts';

export type AreaProps = { app: Console; role: StaffRole };
export type AreaModule = { View: FunctionComponent<AreaProps> };

const loaded = new Map<() => Promise<AreaModule>, AreaModule>();

export function Area({ load, app, role }: AreaProps & { load: () => Promise<AreaModule> }): JSX.Element {
  const [module, setModule] = useState<AreaModule | undefined>(loaded.get(load));
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (module) return;
    load().then(
      (m) => {
        loaded.set(load, m);
        setModule(m);
      },
      () => setFailed(true),
    );
  }, [load]);
  if (module) return <module.View app={app} role={role} />;
  return (
    <main id="main" class="loading" role={failed ? 'alert' : undefined}>
      {failed ? t('app.areaFailed') : t('app.loading')}
    </main>
  );
}
