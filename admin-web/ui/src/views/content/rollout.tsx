/**
 * The rollout: each group's release in force and next scheduled one, each terminal's reported
 * release and why it is behind, and the releases, any of which an editor may roll back to.
 */
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import type { ReleaseSummary } from '@civic-kiosk/protocol/content-studio';
import { t } from '../../i18n/index.ts';
import { Dialog } from '../dialog.tsx';
import { actorName, formatTime } from '../format.ts';
import { DataTable } from '../terminal/data-table.tsx';
import { listText } from './form.tsx';
import type { Studio } from './studio.ts';

const GROUP_COLUMNS = ['group', 'inForce', 'upcoming', 'upToDate'] as const;
const TERMINAL_COLUMNS = ['terminal', 'group', 'reported', 'lastSeen', 'state'] as const;
const RELEASE_COLUMNS = ['release', 'created', 'groups', 'notBefore', 'note'] as const;

export function RolloutView({ studio, readOnly }: { studio: Studio; readOnly: boolean }): JSX.Element {
  const rollout = studio.rollout.value;
  const [refreshing, setRefreshing] = useState(false);
  const refresh = async () => {
    setRefreshing(true);
    try {
      await studio.reloadReleases();
    } finally {
      setRefreshing(false);
    }
  };
  return (
    <>
      <section class="panel" aria-labelledby="groups-heading">
        <div class="panel-head">
          <h2 id="groups-heading">{t('content.rollout.groupsHeading')}</h2>
          <button type="button" disabled={refreshing} onClick={() => void refresh()}>
            {t('content.rollout.refresh')}
          </button>
        </div>
        {rollout && rollout.groups.length === 0 && <p>{t('content.rollout.noTerminals')}</p>}
        {rollout && rollout.groups.length > 0 && (
          <DataTable caption={t('content.rollout.groupsHeading')} keyPrefix="content.rollout.col" columns={GROUP_COLUMNS} class="rollout-groups">
            {rollout.groups.map((g) => (
              <tr key={g.group}>
                <th scope="row">{g.group}</th>
                <td>{g.current ? g.current.releaseId : t('content.rollout.none')}</td>
                <td>{g.upcoming ? t('content.rollout.upcomingAt', { release: g.upcoming.releaseId, at: formatTime(Date.parse(g.upcoming.notBefore)) }) : t('content.rollout.none')}</td>
                <td>{t('content.rollout.upToDateCount', { upToDate: g.upToDate, terminals: g.terminals })}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </section>
      {rollout && rollout.terminals.length > 0 && (
        <section class="panel" aria-labelledby="terminals-heading">
          <h2 id="terminals-heading">{t('content.rollout.terminalsHeading')}</h2>
          {rollout.total > rollout.terminals.length && <p class="hint">{t('content.rollout.shown', { shown: rollout.terminals.length, total: rollout.total })}</p>}
          <DataTable caption={t('content.rollout.terminalsHeading')} keyPrefix="content.rollout.col" columns={TERMINAL_COLUMNS} class="rollout-terminals">
            {rollout.terminals.map((r) => (
              <tr key={r.terminalId} class={r.behind ? 'behind' : 'current'}>
                <th scope="row">{r.name}</th>
                <td>{r.group}</td>
                <td>{r.reported ?? t('content.rollout.none')}</td>
                <td>{formatTime(r.lastHeartbeatAt)}</td>
                <td>
                  {r.expected === null
                    ? t('content.rollout.nothing')
                    : r.behind
                      ? t(`content.rollout.behind.${r.behind}`, { release: r.expected, code: r.rejection ?? '' })
                      : t('content.rollout.upToDate')}
                </td>
              </tr>
            ))}
          </DataTable>
        </section>
      )}
      <Releases studio={studio} readOnly={readOnly} />
    </>
  );
}

function Releases({ studio, readOnly }: { studio: Studio; readOnly: boolean }): JSX.Element {
  const list = studio.releases.value;
  const [asking, setAsking] = useState<ReleaseSummary | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ text: string; failed: boolean }>({ text: '', failed: false });
  const rollback = async (r: ReleaseSummary) => {
    setBusy(true);
    try {
      const next = await studio.rollback(r.releaseId);
      setResult({ text: t('content.releases.rolledBack', { release: r.releaseId, next: next.releaseId }), failed: false });
      setAsking(undefined);
    } catch (e) {
      setResult({ text: t('content.releases.rollbackFailed', { message: (e as Error).message }), failed: true });
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="panel" aria-labelledby="releases-heading">
      <h2 id="releases-heading">{t('content.releases.heading')}</h2>
      <p role={result.failed ? 'alert' : 'status'} class={result.failed ? 'error' : 'message'}>
        {result.text}
      </p>
      {list?.length === 0 && <p>{t('content.releases.none')}</p>}
      {list && list.length > 0 && (
        <DataTable caption={t('content.releases.heading')} keyPrefix="content.releases.col" columns={readOnly ? RELEASE_COLUMNS : [...RELEASE_COLUMNS, 'actions']} class="releases">
          {list.map((r) => (
            <tr key={r.releaseId}>
              <th scope="row">
                <code>{r.releaseId}</code>
              </th>
              <td>{t('content.releases.by', { who: actorName(r.createdBy), at: formatTime(Date.parse(r.createdAt)) })}</td>
              <td>{listText(r.targets)}</td>
              <td>{r.notBefore ? formatTime(Date.parse(r.notBefore)) : t('content.releases.immediately')}</td>
              <td>{r.sourceReleaseId ? t('content.releases.rollbackOf', { release: r.sourceReleaseId }) : r.note}</td>
              {!readOnly && (
                <td>
                  <button type="button" onClick={() => setAsking(r)}>
                    {t('content.releases.rollback')}
                    <span class="sr-only">{t('content.releases.rollbackWhich', { release: r.releaseId })}</span>
                  </button>
                </td>
              )}
            </tr>
          ))}
        </DataTable>
      )}
      {asking && (
        <Dialog title={t('content.releases.confirmTitle')} onClose={() => setAsking(undefined)}>
          <p>{t('content.releases.confirm', { release: asking.releaseId, groups: listText(asking.targets) })}</p>
          <div class="dialog-actions">
            <button type="button" class="primary" disabled={busy} onClick={() => void rollback(asking)}>
              {t('content.releases.confirmButton')}
            </button>
            <button type="button" onClick={() => setAsking(undefined)}>
              {t('content.releases.cancel')}
            </button>
          </div>
        </Dialog>
      )}
    </section>
  );
}
