import type { ComponentChildren, JSX } from 'preact';
import { CONSOLE_PATHS } from '@civic-kiosk/protocol/staff-api';
import type { StaffSession } from '@civic-kiosk/protocol/staff-api';
import { lang, setLang, t } from '../i18n/index.ts';
import { NAV } from '../state/session.ts';
import type { Console } from '../state/session.ts';

/** Header, the role's navigation and the page. */
export function Shell({ app, user, children }: { app: Console; user: StaffSession['user']; children: ComponentChildren }): JSX.Element {
  const current = app.page.value;
  return (
    <>
      <a class="skip" href="#main">{t('app.skip')}</a>
      <header>
        <p class="brand">{t('app.title')}</p>
        <nav aria-label={t('shell.nav')}>
          <ul>
            {NAV.filter((n) => n.roles.includes(user.role)).map((n) => (
              <li key={n.path}>
                <a
                  href={n.path}
                  aria-current={n.path === current ? 'page' : undefined}
                  onClick={(e) => {
                    e.preventDefault();
                    app.go(n.path);
                  }}
                >
                  {t(n.label)}
                  {n.path === CONSOLE_PATHS.alerts && <OpenAlerts app={app} />}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <LanguageSwitch />
        <p class="user">{t('shell.user', { username: user.username, role: t(`roles.${user.role}`) })}</p>
        <button type="button" onClick={() => (app.changingPassword.value = true)}>{t('shell.changePassword')}</button>
        <button type="button" onClick={() => void app.logout()}>{t('shell.logout')}</button>
      </header>
      {children}
    </>
  );
}

export function LanguageSwitch(): JSX.Element {
  const other = lang.value === 'zh-CN' ? 'en' : 'zh-CN';
  return (
    <button type="button" lang={other} aria-label={`${t('app.language')}: ${t('app.langName')}`} onClick={() => setLang(other)}>
      {t('app.langName')}
    </button>
  );
}

/** The open-alert count beside its navigation link, kept current by the event stream. */
function OpenAlerts({ app }: { app: Console }): JSX.Element | null {
  const open = app.live.openAlerts.value;
  if (!open) return null;
  return (
    <span class="badge">
      <span aria-hidden="true">{open}</span>
      <span class="sr-only">{t('alerts.openCount', { count: open })}</span>
    </span>
  );
}
