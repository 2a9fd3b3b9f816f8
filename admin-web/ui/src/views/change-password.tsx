/**
 * Changing one's own password: first at login when someone else set it (the first start's
 * printed one, an admin's), when nothing else of the console shows until it is done; or when
 * the user chooses to (the shell's button), with a way back. The current one, a new one and its
 * repeat; the server's policy explains a refusal on the field it concerns.
 */
import { useSignal } from '@preact/signals';
import type { JSX } from 'preact';
import { WEAK_PASSWORD_REASONS } from '@civic-kiosk/protocol/staff-api';
import type { StaffSession } from '@civic-kiosk/protocol/staff-api';
import { PASSWORD_POLICY } from '@civic-kiosk/protocol/staff-users';
import { ApiError } from '../api/client.ts';
import { t } from '../i18n/index.ts';
import type { Console } from '../state/session.ts';
import { LanguageSwitch } from './shell.tsx';

type Field = 'current' | 'next' | 'repeat';

/** What the password policy's refusal (`weak-password` details) says, in the console's words. */
export function weakPasswordMessage(details: unknown): string {
  const { reason, minLength } = (details ?? {}) as { reason?: string; minLength?: number };
  const known = (WEAK_PASSWORD_REASONS as readonly string[]).includes(reason ?? '') ? reason : 'too-guessable';
  return t(`password.reason.${known}`, { minLength: minLength ?? PASSWORD_POLICY.minLength });
}

/** Where a refusal belongs: on a field, or for the whole form. */
function refusal(e: unknown): { field?: Field; message: string } {
  if (!(e instanceof ApiError)) return { message: t('password.error.network') };
  const details = (e.details ?? {}) as { retryAfterSeconds?: number };
  switch (e.code) {
    case 'current-password-wrong':
      return { field: 'current', message: t('password.error.current') };
    case 'password-unchanged':
      return { field: 'next', message: t('password.error.unchanged') };
    case 'weak-password':
      return { field: 'next', message: weakPasswordMessage(e.details) };
    case 'login-throttled':
      return { message: t('login.error.login-throttled', { seconds: details.retryAfterSeconds }) };
    case 'account-locked':
      return { message: t('login.error.account-locked') };
    default:
      return { message: t('login.error.other', { code: e.code }) };
  }
}

export function ChangePassword({ app, user }: { app: Console; user: StaffSession['user'] }): JSX.Element {
  const values = { current: useSignal(''), next: useSignal(''), repeat: useSignal('') };
  const errors = useSignal<Partial<Record<Field, string>>>({});
  const formError = useSignal<string | undefined>(undefined);
  const busy = useSignal(false);
  const required = app.mustChangePassword.value;
  const onSubmit = async (e: Event) => {
    e.preventDefault();
    formError.value = undefined;
    if (values.next.value !== values.repeat.value) {
      errors.value = { repeat: t('password.error.repeat') };
      return;
    }
    errors.value = {};
    busy.value = true;
    try {
      await app.changePassword(values.current.value, values.next.value);
    } catch (err) {
      const { field, message } = refusal(err);
      if (field) errors.value = { [field]: message };
      else formError.value = message;
    } finally {
      busy.value = false;
    }
  };
  // The error sits beside the label, not in it: it describes the field, it is not its name.
  const input = (field: Field, autoComplete: string) => (
    <div class="field">
      <label for={`password-${field}`}>{t(`password.${field}`)}</label>
      <input
        id={`password-${field}`}
        name={field}
        type="password"
        autoComplete={autoComplete}
        required
        aria-invalid={errors.value[field] ? 'true' : undefined}
        aria-describedby={`password-${field}-error${field === 'next' ? ' password-rule' : ''}`}
        value={values[field].value}
        onInput={(e) => (values[field].value = e.currentTarget.value)}
      />
      <span id={`password-${field}-error`} class="error" role="alert">{errors.value[field]}</span>
    </div>
  );
  return (
    <main id="main" class="login">
      <h1>{t('app.title')}</h1>
      <LanguageSwitch />
      <form onSubmit={onSubmit} aria-labelledby="password-heading">
        <h2 id="password-heading">{t('password.heading')}</h2>
        {required && <p class="notice">{t('password.why', { username: user.username })}</p>}
        {input('current', 'current-password')}
        <p id="password-rule" class="hint">{t('password.rule')}</p>
        {input('next', 'new-password')}
        {input('repeat', 'new-password')}
        <p role="alert" class="error">{formError.value}</p>
        <button type="submit" disabled={busy.value}>{busy.value ? t('password.busy') : t('password.submit')}</button>
        {required ? (
          <button type="button" onClick={() => void app.logout()}>{t('shell.logout')}</button>
        ) : (
          <button type="button" onClick={() => (app.changingPassword.value = false)}>{t('password.cancel')}</button>
        )}
      </form>
    </main>
  );
}
