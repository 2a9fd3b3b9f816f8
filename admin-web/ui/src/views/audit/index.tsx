/**
 * The audit area: the audit log for auditors and admins; auditors also read the personal-data
 * access log (`?log=personal-data`), which admins never see (the server refuses them too).
 */
import { useSignal } from '@preact/signals';
import type { JSX } from 'preact';
import { CONSOLE_PATHS } from '@civic-kiosk/protocol/staff-api';
import { t } from '../../i18n/index.ts';
import type { AreaProps } from '../area.tsx';
import { AccessLog } from './access-log.tsx';
import { ActionLog } from './action-log.tsx';
import './audit.css';

type Log = 'actions' | 'personal-data';
const href = (log: Log) => (log === 'actions' ? CONSOLE_PATHS.audit : `${CONSOLE_PATHS.audit}?log=personal-data`);

export function View({ app, role }: AreaProps): JSX.Element {
  const auditor = role === 'auditor';
  const log = useSignal<Log>(auditor && new URLSearchParams(location.search).get('log') === 'personal-data' ? 'personal-data' : 'actions');
  return (
    <main id="main" class="audit">
      <h1>{t('audit.heading')}</h1>
      {auditor && (
        <nav class="log-switch" aria-label={t('audit.logs')}>
          {(['actions', 'personal-data'] as const).map((l) => (
            <a
              key={l}
              href={href(l)}
              aria-current={log.value === l ? 'page' : undefined}
              onClick={(e) => {
                e.preventDefault();
                history.replaceState(null, '', href(l));
                log.value = l;
              }}
            >
              {t(l === 'actions' ? 'audit.actions.heading' : 'audit.access.heading')}
            </a>
          ))}
        </nav>
      )}
      {log.value === 'actions' ? <ActionLog api={app.api} key="actions" /> : <AccessLog api={app.api} key="access" />}
    </main>
  );
}
