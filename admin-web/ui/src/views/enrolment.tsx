/**
 * Enrolment from the console (admin and operator, as the server allows): create a terminal at
 * a service point and get its one-time code as a printable sheet with the QR the kiosk's
 * enrolment reads; a new code for a terminal not yet enrolled; revoke after a confirmation
 * that names the terminal.
 */
import { useSignal } from '@preact/signals';
import type { JSX } from 'preact';
import { ENROLMENT_QR_SCHEME } from '@civic-kiosk/protocol/terminal-api';
import type { EnrolmentTicket, FleetMapPoint, TerminalView } from '@civic-kiosk/protocol/staff-api';
import { lang, t } from '../i18n/index.ts';
import type { Console } from '../state/session.ts';
import { Dialog } from './dialog.tsx';
import { formatTime } from './format.ts';
import { QrCode } from './qr-code.tsx';

/** The server address inside `ckenrol:<server url>#<code>`. */
const serverOf = (ticket: EnrolmentTicket) => ticket.qrPayload.slice(ENROLMENT_QR_SCHEME.length, ticket.qrPayload.lastIndexOf('#'));

const errorText = (e: unknown) => t('enrol.failed', { message: (e as Error).message });

/** What a technician takes to the kiosk: the code, the server, the QR; printed on its own. */
function EnrolmentSheet({ terminal, ticket, point, onClose }: { terminal: TerminalView; ticket: EnrolmentTicket; point?: FleetMapPoint; onClose(): void }): JSX.Element {
  return (
    <>
      <section class="enrolment-sheet" aria-label={t('enrol.sheet', { name: terminal.name })}>
        <p class="sheet-title">{t('enrol.sheetTitle', { name: terminal.name })}</p>
        <dl>
          <dt>{t('enrol.code')}</dt>
          <dd class="enrol-code" data-testid="enrol-code">{ticket.code}</dd>
          <dt>{t('enrol.server')}</dt>
          <dd>{serverOf(ticket)}</dd>
          <dt>{t('enrol.expires')}</dt>
          <dd>{formatTime(ticket.expiresAt)}</dd>
          <dt>{t('enrol.group')}</dt>
          <dd>{terminal.group}</dd>
          <dt>{t('enrol.location')}</dt>
          <dd>{[point?.name[lang.value], terminal.location].filter(Boolean).join(' · ') || '—'}</dd>
        </dl>
        <QrCode payload={ticket.qrPayload} label={t('enrol.qr', { name: terminal.name })} />
        <ol class="steps">
          <li>{t('enrol.step1')}</li>
          <li>{t('enrol.step2')}</li>
          <li>{t('enrol.step3')}</li>
        </ol>
      </section>
      <div class="dialog-actions">
        <button type="button" onClick={() => print()}>{t('enrol.print')}</button>
        <button type="button" onClick={onClose}>{t('enrol.close')}</button>
      </div>
    </>
  );
}

/** "Add terminal": the form, then the new terminal's sheet. */
export function AddTerminal({ app, points, onOpen, onChanged }: { app: Console; points: readonly FleetMapPoint[]; onOpen(): void; onChanged(): void }): JSX.Element {
  const open = useSignal(false);
  const form = { name: useSignal(''), group: useSignal('default'), location: useSignal(''), servicePointId: useSignal('') };
  const created = useSignal<{ terminal: TerminalView; enrolment: EnrolmentTicket } | undefined>(undefined);
  const error = useSignal<string | undefined>(undefined);
  const busy = useSignal(false);
  const close = () => {
    open.value = false;
    created.value = undefined;
    error.value = undefined;
    for (const [k, s] of Object.entries(form)) s.value = k === 'group' ? 'default' : '';
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    busy.value = true;
    error.value = undefined;
    try {
      created.value = await app.api.createTerminal({ name: form.name.value, group: form.group.value, location: form.location.value, servicePointId: form.servicePointId.value || undefined });
      onChanged();
    } catch (err) {
      error.value = errorText(err);
    } finally {
      busy.value = false;
    }
  };
  const text = (field: 'name' | 'group' | 'location', required: boolean) => (
    <label>
      {t(`enrol.${field}`)}
      <input name={field} required={required} value={form[field].value} onInput={(e) => (form[field].value = e.currentTarget.value)} />
    </label>
  );
  const done = created.value;
  return (
    <>
      <button
        type="button"
        class="primary"
        onClick={() => {
          onOpen();
          open.value = true;
        }}
      >
        {t('enrol.add')}
      </button>
      {open.value && (
        <Dialog title={done ? t('enrol.created', { name: done.terminal.name }) : t('enrol.add')} onClose={close} class="enrolment">
          {done ? (
            <EnrolmentSheet terminal={done.terminal} ticket={done.enrolment} point={points.find((p) => p.id === done.terminal.servicePointId)} onClose={close} />
          ) : (
            <form class="dialog-form" onSubmit={submit}>
              {text('name', true)}
              {text('group', true)}
              <label>
                {t('enrol.servicePoint')}
                <select name="servicePoint" value={form.servicePointId.value} onChange={(e) => (form.servicePointId.value = e.currentTarget.value)}>
                  <option value="">{t('enrol.noServicePoint')}</option>
                  {points.map((p) => (
                    <option key={p.id} value={p.id}>{p.name[lang.value]}</option>
                  ))}
                </select>
              </label>
              {text('location', false)}
              <p role="alert" class="error">{error.value}</p>
              <div class="dialog-actions">
                <button type="submit" disabled={busy.value}>{t('enrol.create')}</button>
                <button type="button" onClick={close}>{t('enrol.cancel')}</button>
              </div>
            </form>
          )}
        </Dialog>
      )}
    </>
  );
}

/** A pending terminal's new one-time code (the first one is shown only once). */
export function NewCodeButton({ app, view }: { app: Console; view: TerminalView }): JSX.Element | null {
  const ticket = useSignal<EnrolmentTicket | undefined>(undefined);
  const error = useSignal<string | undefined>(undefined);
  if (view.status !== 'pending') return null;
  const issue = async () => {
    try {
      ticket.value = await app.api.newEnrolmentCode(view.id);
    } catch (e) {
      error.value = errorText(e);
    }
  };
  return (
    <>
      <button type="button" aria-label={t('enrol.newCodeLabel', { name: view.name })} onClick={() => void issue()}>{t('enrol.newCode')}</button>
      {(ticket.value || error.value) && (
        <Dialog title={t('enrol.created', { name: view.name })} class="enrolment" onClose={() => ((ticket.value = undefined), (error.value = undefined))}>
          {ticket.value ? <EnrolmentSheet terminal={view} ticket={ticket.value} onClose={() => (ticket.value = undefined)} /> : <p role="alert" class="error">{error.value}</p>}
        </Dialog>
      )}
    </>
  );
}

/** Revoke, after a dialog that names the terminal and warns when a resident is using it. */
export function RevokeButton({ app, view, onChanged }: { app: Console; view: TerminalView; onChanged(): void }): JSX.Element | null {
  const open = useSignal(false);
  const error = useSignal<string | undefined>(undefined);
  const busy = useSignal(false);
  if (view.status === 'revoked') return null;
  const inSession = view.status === 'online' && view.heartbeat?.screen.mode === 'session';
  const revoke = async () => {
    busy.value = true;
    try {
      await app.api.revokeTerminal(view.id);
      open.value = false;
      onChanged();
    } catch (e) {
      error.value = errorText(e);
    } finally {
      busy.value = false;
    }
  };
  return (
    <>
      <button type="button" class="danger" aria-label={t('revoke.label', { name: view.name })} onClick={() => (open.value = true)}>{t('revoke.button')}</button>
      {open.value && (
        <Dialog title={t('revoke.title', { name: view.name })} onClose={() => (open.value = false)}>
          <p>{t('revoke.explain')}</p>
          {inSession && <p class="warning">{t('revoke.inSession')}</p>}
          <p role="alert" class="error">{error.value}</p>
          <div class="dialog-actions">
            <button type="button" class="danger" disabled={busy.value} onClick={() => void revoke()}>{t('revoke.confirm', { name: view.name })}</button>
            <button type="button" onClick={() => (open.value = false)}>{t('enrol.cancel')}</button>
          </div>
        </Dialog>
      )}
    </>
  );
}
