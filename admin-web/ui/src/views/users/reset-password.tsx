/**
 * A new password for someone who lost theirs: one the server generates (shown here once, to be
 * handed over) or one the admin types, checked against the policy. Either must be replaced at
 * the user's next login, and their open sessions end now.
 */
import { useSignal } from '@preact/signals';
import type { JSX } from 'preact';
import type { StaffUserView } from '@civic-kiosk/protocol/staff-users';
import { ApiError } from '../../api/client.ts';
import type { ApiClient } from '../../api/client.ts';
import { updateUser } from '../../api/users.ts';
import { t } from '../../i18n/index.ts';
import { weakPasswordMessage } from '../change-password.tsx';
import { Dialog } from '../dialog.tsx';
import { PasswordField } from './password-field.tsx';

type Way = 'generate' | 'type';

export function ResetPasswordDialog({ api, user, onDone, onClose }: { api: ApiClient; user: StaffUserView; onDone(user: StaffUserView): void; onClose(): void }): JSX.Element {
  const way = useSignal<Way>('generate');
  const password = useSignal('');
  const error = useSignal('');
  const formError = useSignal('');
  const busy = useSignal(false);
  const generated = useSignal<string | undefined>(undefined);
  const submit = async (e: Event) => {
    e.preventDefault();
    busy.value = true;
    error.value = '';
    formError.value = '';
    try {
      const updated = await updateUser(api, user.id, way.value === 'generate' ? { generatePassword: true } : { password: password.value });
      onDone(updated);
      if (updated.generatedPassword) generated.value = updated.generatedPassword;
      else onClose();
    } catch (err) {
      if (err instanceof ApiError && err.code === 'weak-password') error.value = weakPasswordMessage(err.details);
      else formError.value = err instanceof ApiError ? t('users.error.other', { code: err.code }) : String(err);
    } finally {
      busy.value = false;
    }
  };
  const title = t('users.reset.heading', { username: user.username });
  if (generated.value) {
    return (
      <Dialog title={title} onClose={onClose}>
        <p>{t('users.reset.generated', { username: user.username })}</p>
        <p class="one-time">
          {t('users.reset.generatedLabel')} <code>{generated.value}</code>
        </p>
        <p class="warning">{t('users.reset.once')}</p>
        <div class="dialog-actions">
          <button type="button" class="primary" onClick={onClose}>{t('users.reset.done')}</button>
        </div>
      </Dialog>
    );
  }
  return (
    <Dialog title={title} onClose={onClose}>
      <form class="dialog-form" onSubmit={submit}>
        <fieldset>
          <legend>{t('users.reset.way')}</legend>
          {(['generate', 'type'] as const).map((w) => (
            <label key={w} class="inline">
              <input type="radio" name="reset-way" value={w} checked={way.value === w} onChange={() => (way.value = w)} />
              {t(`users.reset.${w}`)}
            </label>
          ))}
        </fieldset>
        {way.value === 'type' && <PasswordField id="reset-password" value={password.value} error={error.value} onInput={(v) => (password.value = v)} />}
        <p class="hint">{t('users.reset.effect')}</p>
        <p class="error" role="alert">{formError.value}</p>
        <div class="dialog-actions">
          <button type="submit" disabled={busy.value}>{t('users.reset.submit')}</button>
          <button type="button" onClick={onClose}>{t('users.cancel')}</button>
        </div>
      </form>
    </Dialog>
  );
}
