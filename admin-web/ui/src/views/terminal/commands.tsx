import { useSignal } from '@preact/signals';
import type { JSX } from 'preact';
import type { CommandView, TerminalView } from '@civic-kiosk/protocol/staff-api';
import type { CommandSpec } from '@civic-kiosk/protocol/terminal-api';
import { t } from '../../i18n/index.ts';
import type { TerminalDetail } from '../../state/terminal.ts';
import { residentInSession } from '../../state/terminal-history.ts';
import type { ResidentInSession } from '../../state/terminal-history.ts';
import { Dialog } from '../dialog.tsx';
import { DataTable } from './data-table.tsx';
import { formatClock, formatTime } from '../format.ts';

/** The commands staff send from this view, in the order of their buttons. */
export const STAFF_COMMANDS = ['reload', 'restart-app', 'reboot', 'collect-content', 'maintenance-on', 'maintenance-off', 'screenshot'] as const;
export type StaffCommandKind = (typeof STAFF_COMMANDS)[number];

/** What happens to a resident in session, by command: it waits for them, may end their session, or may capture their data. */
const IN_SESSION: Record<StaffCommandKind, 'waits' | 'force' | 'privacy' | 'none'> = {
  reload: 'waits',
  'restart-app': 'waits',
  reboot: 'waits',
  'collect-content': 'none',
  'maintenance-on': 'force',
  'maintenance-off': 'none',
  screenshot: 'privacy',
};

const MIN_REASON = 3;

function residentWarning(resident: ResidentInSession): string {
  return t('terminal.confirm.resident', {
    service: resident.service ? t(`terminal.service.${resident.service}`, { defaultValue: resident.service }) : t('screen.session'),
    since: resident.since === null ? '—' : formatClock(resident.since),
    asOf: formatTime(resident.asOf),
  });
}

/** Asks before sending a command, and says plainly what it does to a resident using the terminal. */
function ConfirmCommand({ kind, view, detail, onDone }: { kind: StaffCommandKind; view: TerminalView; detail: TerminalDetail; onDone(message?: string): void }): JSX.Element {
  const resident = residentInSession(view);
  const force = useSignal(false);
  const reason = useSignal('');
  const busy = useSignal(false);
  const error = useSignal<string | undefined>(undefined);
  const effect = resident ? IN_SESSION[kind] : 'none';
  // A screen in use is captured only by force, with a reason the server keeps with the image.
  const needsReason = (kind === 'screenshot' && resident !== undefined) || (kind === 'maintenance-on' && force.value);
  const name = t(`terminal.command.${kind}.label`);

  const spec = (): CommandSpec => {
    const why = reason.value.trim();
    if (kind === 'screenshot') return { kind, args: resident ? { force: true, reason: why } : {} };
    if (kind === 'maintenance-on') return { kind, args: { ...(why ? { reason: why } : {}), ...(force.value ? { force: true } : {}) } };
    return { kind, args: {} };
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    if (needsReason && reason.value.trim().length < MIN_REASON) {
      error.value = t('terminal.confirm.reasonNeeded');
      return;
    }
    busy.value = true;
    try {
      await detail.send(spec());
      onDone(t('terminal.sent', { command: name, name: view.name }));
    } catch (err) {
      error.value = t('terminal.sendFailed', { message: (err as Error).message });
      busy.value = false;
    }
  };
  return (
    <Dialog title={t('terminal.confirm.title', { command: name, name: view.name })} onClose={() => onDone()} class="confirm">
      <form class="dialog-form" onSubmit={(e) => void submit(e)}>
        <p>{t(`terminal.command.${kind}.effect`)}</p>
        {resident && (
          <div class="warning" role="note">
            <p>
              <strong>{residentWarning(resident)}</strong>
            </p>
            {effect !== 'none' && <p>{t(`terminal.confirm.inSession.${effect}`)}</p>}
          </div>
        )}
        {kind === 'screenshot' && <p>{t('terminal.confirm.screenshotLogged')}</p>}
        {kind === 'maintenance-on' && resident && (
          <label class="check">
            <input type="checkbox" checked={force.value} onChange={(e) => (force.value = e.currentTarget.checked)} />
            {t('terminal.confirm.forceMaintenance')}
          </label>
        )}
        {(kind === 'maintenance-on' || needsReason) && (
          <label>
            {needsReason ? t('terminal.confirm.reasonRequired') : t('terminal.confirm.reasonOptional')}
            <input type="text" maxLength={200} value={reason.value} aria-required={needsReason} onInput={(e) => (reason.value = e.currentTarget.value)} />
          </label>
        )}
        <p role="alert" class="error">{error.value ?? ''}</p>
        <div class="dialog-actions">
          <button type="submit" class={kind === 'reboot' || effect === 'privacy' ? 'danger' : undefined} disabled={busy.value}>
            {t('terminal.confirm.send', { command: name })}
          </button>
          <button type="button" onClick={() => onDone()}>{t('terminal.confirm.cancel')}</button>
        </div>
      </form>
    </Dialog>
  );
}

/** The command buttons; each asks first. Only enrolled, unrevoked terminals take commands. */
export function CommandPanel({ view, detail }: { view: TerminalView; detail: TerminalDetail }): JSX.Element {
  const asking = useSignal<StaffCommandKind | undefined>(undefined);
  const message = useSignal('');
  const active = view.status !== 'pending' && view.status !== 'revoked';
  return (
    <section aria-labelledby="commands-heading" class="panel">
      <h2 id="commands-heading">{t('terminal.commands')}</h2>
      {!active && <p>{t('terminal.notActive')}</p>}
      <div class="command-buttons">
        {STAFF_COMMANDS.map((kind) => (
          <button type="button" key={kind} disabled={!active} class={kind === 'reboot' ? 'danger' : undefined} onClick={() => (asking.value = kind)}>
            {t(`terminal.command.${kind}.label`)}
          </button>
        ))}
      </div>
      <p role="status" class="message">{message.value}</p>
      {asking.value && (
        <ConfirmCommand
          kind={asking.value}
          view={view}
          detail={detail}
          onDone={(m) => {
            asking.value = undefined;
            if (m) message.value = m;
          }}
        />
      )}
    </section>
  );
}

function args(c: CommandView): string {
  const a = (c.args ?? {}) as Record<string, unknown>;
  return Object.entries(a)
    .filter(([, v]) => v !== undefined && typeof v !== 'object')
    .map(([k, v]) => `${k}: ${String(v)}`)
    .join(', ');
}

/** Commands sent to this terminal with their delivery and the terminal's acknowledgement. */
export function CommandHistory({ commands }: { commands: readonly CommandView[] }): JSX.Element {
  if (commands.length === 0) return <p>{t('terminal.history.none')}</p>;
  return (
    <DataTable caption={t('terminal.history.heading')} keyPrefix="terminal.history.col" columns={['sent', 'command', 'by', 'status', 'delivered', 'acked', 'detail']} class="command-history">
      {commands.map((c) => (
        <tr key={c.id} class={`command-${c.status}`}>
          <td>{formatTime(c.createdAt)}</td>
          <td>{`${t(`terminal.command.${c.kind}.label`, { defaultValue: c.kind })}${args(c) ? ` (${args(c)})` : ''}`}</td>
          <td>{c.createdBy.replace(/^staff:/, '')}</td>
          <td>{t(`terminal.history.status.${c.status}`)}</td>
          <td>{c.deliveredAt === null ? '—' : formatTime(c.deliveredAt)}</td>
          <td>{c.ackedAt === null ? '—' : formatTime(c.ackedAt)}</td>
          <td>{c.ackDetail ?? ''}</td>
        </tr>
      ))}
    </DataTable>
  );
}
