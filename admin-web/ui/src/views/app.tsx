import type { JSX } from 'preact';
import { useEffect } from 'preact/hooks';
import { CONSOLE_PATHS } from '@civic-kiosk/protocol/staff-api';
import { t } from '../i18n/index.ts';
import { terminalIdOf } from '../state/session.ts';
import type { Console } from '../state/session.ts';
import { AlertsView } from './alerts.tsx';
import { Area } from './area.tsx';
import type { AreaModule } from './area.tsx';
import { BroadcastsView } from './broadcasts.tsx';
import { FleetView } from './fleet.tsx';
import { ChangePassword } from './change-password.tsx';
import { Login } from './login.tsx';
import { Shell } from './shell.tsx';
import { TerminalDetailView } from './terminal/index.tsx';

const AREAS: Partial<Record<string, () => Promise<AreaModule>>> = {
  [CONSOLE_PATHS.content]: () => import('./content/index.tsx'),
  [CONSOLE_PATHS.money]: () => import('./money/index.tsx'),
  [CONSOLE_PATHS.usage]: () => import('./usage/index.tsx'),
  [CONSOLE_PATHS.users]: () => import('./users/index.tsx'),
  [CONSOLE_PATHS.audit]: () => import('./audit/index.tsx'),
};

export function App({ app }: { app: Console }): JSX.Element {
  const page = app.page.value;
  const user = app.user.value;
  // The address follows the page shown (login without a session, a page the role may see).
  useEffect(() => {
    if (page && page !== CONSOLE_PATHS.terminal && page !== app.path.value) app.go(page, true);
  }, [page]);
  if (page === undefined) return <main id="main" class="loading">{t('app.loading')}</main>;
  if (page === CONSOLE_PATHS.login || !user) return <Login app={app} />;
  // A password someone else set comes first; the server refuses everything else until then.
  if (app.mustChangePassword.value || app.changingPassword.value) return <ChangePassword app={app} user={user} />;
  const area = AREAS[page];
  return (
    <Shell app={app} user={user}>
      {area ? (
        <Area load={area} app={app} role={user.role} key={page} />
      ) : page === CONSOLE_PATHS.terminal ? (
        <TerminalDetailView app={app} role={user.role} terminalId={terminalIdOf(app.path.value)!} key={app.path.value} />
      ) : page === CONSOLE_PATHS.alerts ? (
        <AlertsView app={app} role={user.role} />
      ) : page === CONSOLE_PATHS.broadcasts ? (
        <BroadcastsView app={app} role={user.role} />
      ) : (
        <FleetView app={app} role={user.role} />
      )}
    </Shell>
  );
}
