/** A password an admin types for someone else: the policy beside it, the server's refusal on it. */
import type { JSX } from 'preact';
import { PASSWORD_POLICY } from '@civic-kiosk/protocol/staff-users';
import { t } from '../../i18n/index.ts';

export function PasswordField({ id, value, error, onInput }: { id: string; value: string; error?: string; onInput(v: string): void }): JSX.Element {
  return (
    <div class="field">
      <label for={id}>{t('users.password')}</label>
      <input
        id={id}
        type="text"
        autoComplete="off"
        spellcheck={false}
        required
        minLength={PASSWORD_POLICY.minLength}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={`${id}-error ${id}-rule`}
        value={value}
        onInput={(e) => onInput(e.currentTarget.value)}
      />
      <span id={`${id}-rule`} class="hint">{t('users.passwordRule', { minLength: PASSWORD_POLICY.minLength })}</span>
      <span id={`${id}-error`} class="error" role="alert">{error}</span>
    </div>
  );
}
