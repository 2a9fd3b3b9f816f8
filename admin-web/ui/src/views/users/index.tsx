/**
 * The users area (admins): every staff account with its role and state; create one, change its
 * role, disable or enable it, reset its password, unlock it after a lockout, and open its trail
 * in the audit log. The password policy shows above the list.
 */
import { useSignal } from '@preact/signals';
import type { JSX } from 'preact';
import { useEffect } from 'preact/hooks';
import { CONSOLE_PATHS, STAFF_ROLES } from '@civic-kiosk/protocol/staff-api';
import type { StaffRole } from '@civic-kiosk/protocol/staff-api';
import { PASSWORD_POLICY } from '@civic-kiosk/protocol/staff-users';
import type { StaffUserView, UpdateStaffUserRequest } from '@civic-kiosk/protocol/staff-users';
import { ApiError } from '../../api/client.ts';
import { listUsers, updateUser } from '../../api/users.ts';
import { t } from '../../i18n/index.ts';
import type { AreaProps } from '../area.tsx';
import { formatTime } from '../format.ts';
import { CreateUserDialog } from './create-user.tsx';
import { ResetPasswordDialog } from './reset-password.tsx';
import './users.css';

/** What the status line says: a string key, the account and, for role changes, the role. */
type Said = { key: string; username: string; role?: StaffRole; code?: string };

type Open = { kind: 'create' } | { kind: 'reset'; user: StaffUserView } | undefined;

/** The audit log filtered to one account. */
export const userTrailPath = (id: string): string => `${CONSOLE_PATHS.audit}?targetType=staff-user&targetId=${encodeURIComponent(id)}`;

const said = (s: Said | undefined): string => (s ? t(s.key, { username: s.username, code: s.code, role: s.role && t(`roles.${s.role}`) }) : '');

function stateOf(u: StaffUserView): string {
  const states = [u.disabled ? t('users.state.disabled') : t('users.state.active')];
  if (u.locked) states.push(t('users.state.locked'));
  if (u.mustChangePassword) states.push(t('users.state.mustChange'));
  return states.join(t('users.separator'));
}

export function View({ app }: AreaProps): JSX.Element {
  const users = useSignal<StaffUserView[] | undefined>(undefined);
  // Kept as a key and its values, so it reads in the language chosen after it was said.
  const message = useSignal<Said | undefined>(undefined);
  const error = useSignal('');
  const open = useSignal<Open>(undefined);
  const me = app.user.value?.id;

  const load = () =>
    listUsers(app.api).then(
      (list) => {
        users.value = list;
        error.value = '';
      },
      (e: Error) => (error.value = t('users.error.load', { message: e.message })),
    );
  useEffect(() => void load(), []);

  const replace = (u: StaffUserView) => (users.value = (users.peek() ?? []).map((x) => (x.id === u.id ? u : x)));
  const change = async (u: StaffUserView, patch: UpdateStaffUserRequest, done: Said) => {
    try {
      replace(await updateUser(app.api, u.id, patch));
      message.value = done;
    } catch (e) {
      message.value = { key: 'users.error.change', username: u.username, code: e instanceof ApiError ? e.code : 'unknown' };
      void load();
    }
  };

  const list = users.value;
  return (
    <main id="main" class="users">
      <div class="users-head">
        <h1>{t('users.heading')}</h1>
        {/* Lockouts and first-login changes happen elsewhere: the list is read again on request. */}
        <button type="button" class="refresh" onClick={() => void load()}>{t('users.refresh')}</button>
        <button type="button" class="primary" onClick={() => (open.value = { kind: 'create' })}>{t('users.create.open')}</button>
      </div>
      <section class="policy" aria-labelledby="policy-heading">
        <h2 id="policy-heading">{t('users.policy.heading')}</h2>
        <ul>
          <li>{t('users.policy.length', { minLength: PASSWORD_POLICY.minLength })}</li>
          <li>{t('users.policy.guessable', { minScore: PASSWORD_POLICY.minScore })}</li>
          <li>{t('users.policy.firstLogin')}</li>
          <li>{t('users.policy.lockout')}</li>
        </ul>
      </section>
      <p role="status" class="status">{said(message.value)}</p>
      {error.value && <p role="alert" class="error">{error.value}</p>}
      {list && (
        <table class="data users-table">
          <caption>{t('users.caption', { count: list.length })}</caption>
          <thead>
            <tr>
              {['username', 'role', 'state', 'failedLogins', 'createdAt', 'actions'].map((c) => (
                <th scope="col" key={c}>{t(`users.column.${c}`)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {list.map((u) => (
              <tr key={u.id} class={u.disabled ? 'disabled' : undefined}>
                <th scope="row">{u.username}</th>
                <td>
                  <select
                    aria-label={t('users.roleOf', { username: u.username })}
                    value={u.role}
                    disabled={u.id === me}
                    onChange={(e) => {
                      const role = e.currentTarget.value as StaffRole;
                      void change(u, { role }, { key: 'users.done.role', username: u.username, role });
                    }}
                  >
                    {STAFF_ROLES.map((r) => (
                      <option key={r} value={r}>{t(`roles.${r}`)}</option>
                    ))}
                  </select>
                </td>
                <td class={u.locked || u.disabled ? 'attention' : undefined}>{stateOf(u)}</td>
                <td>{u.failedLogins}</td>
                <td>{formatTime(u.createdAt)}</td>
                <td>
                  <div class="user-actions">
                    {u.id !== me && (
                      <button type="button" onClick={() => void change(u, { disabled: !u.disabled }, { key: u.disabled ? 'users.done.enabled' : 'users.done.disabled', username: u.username })}>
                        {t(u.disabled ? 'users.enable' : 'users.disable', { username: u.username })}
                      </button>
                    )}
                    <button type="button" onClick={() => (open.value = { kind: 'reset', user: u })}>{t('users.reset.open', { username: u.username })}</button>
                    {u.locked && (
                      <button type="button" onClick={() => void change(u, { unlock: true }, { key: 'users.done.unlocked', username: u.username })}>
                        {t('users.unlock', { username: u.username })}
                      </button>
                    )}
                    <a
                      href={userTrailPath(u.id)}
                      onClick={(e) => {
                        e.preventDefault();
                        // The audit area reads its filter from the address when it opens.
                        app.go(CONSOLE_PATHS.audit);
                        history.replaceState(null, '', userTrailPath(u.id));
                      }}
                    >
                      {t('users.trail', { username: u.username })}
                    </a>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {open.value?.kind === 'create' && (
        <CreateUserDialog
          api={app.api}
          onClose={() => (open.value = undefined)}
          onDone={(u) => {
            users.value = [...(users.peek() ?? []), u].sort((a, b) => a.username.localeCompare(b.username));
            message.value = { key: 'users.done.created', username: u.username, role: u.role };
            open.value = undefined;
          }}
        />
      )}
      {open.value?.kind === 'reset' && (
        <ResetPasswordDialog
          api={app.api}
          user={open.value.user}
          onClose={() => (open.value = undefined)}
          onDone={(u) => {
            replace(u);
            message.value = { key: 'users.done.reset', username: u.username };
          }}
        />
      )}
    </main>
  );
}
