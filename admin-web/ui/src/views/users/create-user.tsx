/**
 * A new staff account: username, role and a first password the admin chooses and hands over;
 * the user replaces it at their first login. Refusals show on the field they concern.
 */
import { useSignal } from '@preact/signals';
import type { JSX } from 'preact';
import { STAFF_ROLES } from '@civic-kiosk/protocol/staff-api';
import type { StaffRole } from '@civic-kiosk/protocol/staff-api';
import type { StaffUserView } from '@civic-kiosk/protocol/staff-users';
import { ApiError } from '../../api/client.ts';
import type { ApiClient } from '../../api/client.ts';
import { createUser } from '../../api/users.ts';
import { t } from '../../i18n/index.ts';
import { weakPasswordMessage } from '../change-password.tsx';
import { Dialog } from '../dialog.tsx';
import { PasswordField } from './password-field.tsx';

type Field = 'username' | 'password';

/** Where the server's refusal belongs. */
function refusal(e: unknown): { field?: Field; message: string } {
  if (!(e instanceof ApiError)) return { message: t('users.error.other', { code: 'unknown' }) };
  if (e.code === 'weak-password') return { field: 'password', message: weakPasswordMessage(e.details) };
  if (e.code === 'username-taken') return { field: 'username', message: t('users.error.taken') };
  if (e.code === 'validation-failed' && Array.isArray(e.details) && e.details.some((d: { path?: string }) => d.path === 'username')) {
    return { field: 'username', message: t('users.error.username') };
  }
  return { message: e.code === 'network' ? t('password.error.network') : t('users.error.other', { code: e.code }) };
}

export function CreateUserDialog({ api, onDone, onClose }: { api: ApiClient; onDone(user: StaffUserView): void; onClose(): void }): JSX.Element {
  const username = useSignal('');
  const role = useSignal<StaffRole>('operator');
  const password = useSignal('');
  const errors = useSignal<Partial<Record<Field, string>>>({});
  const formError = useSignal('');
  const busy = useSignal(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    busy.value = true;
    errors.value = {};
    formError.value = '';
    try {
      onDone(await createUser(api, { username: username.value.trim(), role: role.value, password: password.value }));
    } catch (err) {
      const { field, message } = refusal(err);
      if (field) errors.value = { [field]: message };
      else formError.value = message;
    } finally {
      busy.value = false;
    }
  };
  return (
    <Dialog title={t('users.create.heading')} onClose={onClose}>
      <form class="dialog-form" onSubmit={submit}>
        <div class="field">
          <label for="new-username">{t('users.username')}</label>
          <input
            id="new-username"
            required
            autoComplete="off"
            spellcheck={false}
            aria-invalid={errors.value.username ? 'true' : undefined}
            aria-describedby="new-username-error new-username-rule"
            value={username.value}
            onInput={(e) => (username.value = e.currentTarget.value)}
          />
          <span id="new-username-rule" class="hint">{t('users.usernameRule')}</span>
          <span id="new-username-error" class="error" role="alert">{errors.value.username}</span>
        </div>
        <label>
          {t('users.role')}
          <select value={role.value} onChange={(e) => (role.value = e.currentTarget.value as StaffRole)}>
            {STAFF_ROLES.map((r) => (
              <option key={r} value={r}>{t(`roles.${r}`)}</option>
            ))}
          </select>
        </label>
        <PasswordField id="new-password" value={password.value} error={errors.value.password} onInput={(v) => (password.value = v)} />
        <p class="hint">{t('users.create.firstLogin')}</p>
        <p class="error" role="alert">{formError.value}</p>
        <div class="dialog-actions">
          <button type="submit" disabled={busy.value}>{t('users.create.submit')}</button>
          <button type="button" onClick={onClose}>{t('users.cancel')}</button>
        </div>
      </form>
    </Dialog>
  );
}
