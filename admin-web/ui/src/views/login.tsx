import { useSignal } from '@preact/signals';
import type { JSX } from 'preact';
import { ApiError } from '../api/client.ts';
import { t } from '../i18n/index.ts';
import type { Console } from '../state/session.ts';
import { LanguageSwitch } from './shell.tsx';

const KNOWN_ERRORS = new Set(['login-failed', 'login-throttled', 'account-locked', 'validation-failed', 'network']);

function loginError(e: unknown): string {
  const code = e instanceof ApiError ? e.code : 'network';
  if (!KNOWN_ERRORS.has(code)) return t('login.error.other', { code });
  const seconds = (e as ApiError).details && (e as ApiError & { details: { retryAfterSeconds?: number } }).details.retryAfterSeconds;
  return t(`login.error.${code}`, { seconds });
}

export function Login({ app }: { app: Console }): JSX.Element {
  const username = useSignal('');
  const password = useSignal('');
  const busy = useSignal(false);
  const error = useSignal<string | undefined>(undefined);
  const onSubmit = async (e: Event) => {
    e.preventDefault();
    busy.value = true;
    error.value = undefined;
    try {
      await app.login(username.value.trim(), password.value);
    } catch (err) {
      error.value = loginError(err);
      password.value = '';
    } finally {
      busy.value = false;
    }
  };
  const notice = app.notice.value;
  return (
    <main id="main" class="login">
      <h1>{t('app.title')}</h1>
      <LanguageSwitch />
      <form onSubmit={onSubmit} aria-labelledby="login-heading">
        <h2 id="login-heading">{t('login.heading')}</h2>
        {notice && <p role="status" class="notice">{t(`login.${notice}`)}</p>}
        <label>
          {t('login.username')}
          <input name="username" autoComplete="username" required value={username.value} onInput={(e) => (username.value = e.currentTarget.value)} />
        </label>
        <label>
          {t('login.password')}
          <input name="password" type="password" autoComplete="current-password" required value={password.value} onInput={(e) => (password.value = e.currentTarget.value)} />
        </label>
        <p role="alert" class="error">{error.value}</p>
        <button type="submit" disabled={busy.value}>{busy.value ? t('login.busy') : t('login.submit')}</button>
      </form>
    </main>
  );
}
