/**
 * Who is logged in and which console page shows: the session (unknown while it is checked,
 * null when logged out), the path, and why the login page shows (expired, logged out).
 */
import { computed, effect, signal } from '@preact/signals';
import { CONTENT_READERS } from '@civic-kiosk/protocol/content-studio';
import { CONSOLE_PATHS, FLEET_OPERATORS, hasRole, STAFF_ROLES } from '@civic-kiosk/protocol/staff-api';
import type { ConsolePath, FleetPage, StaffRole, StaffSession } from '@civic-kiosk/protocol/staff-api';
import { FLEET_WATCHERS } from '@civic-kiosk/protocol/staff-live';
import { FINANCE_READERS } from '@civic-kiosk/protocol/staff-money';
import { AUDIT_READERS } from '@civic-kiosk/protocol/staff-users';
import { USAGE_READERS } from '@civic-kiosk/protocol/usage';
import { ApiClient } from '../api/client.ts';
import { prefetchFirstPage } from './fleet.ts';
import { createLive } from './live.ts';

export type LoginNotice = 'sessionEnded' | 'loggedOut' | undefined;

/** Pages of the console and the roles that see each in the navigation (the lists the server enforces). */
export const NAV: readonly { path: ConsolePath; label: string; roles: readonly StaffRole[] }[] = [
  { path: CONSOLE_PATHS.fleet, label: 'nav.fleet', roles: STAFF_ROLES },
  { path: CONSOLE_PATHS.alerts, label: 'nav.alerts', roles: FLEET_WATCHERS },
  { path: CONSOLE_PATHS.broadcasts, label: 'nav.broadcasts', roles: FLEET_WATCHERS },
  { path: CONSOLE_PATHS.content, label: 'nav.content', roles: CONTENT_READERS },
  { path: CONSOLE_PATHS.money, label: 'nav.money', roles: FINANCE_READERS },
  { path: CONSOLE_PATHS.usage, label: 'nav.usage', roles: USAGE_READERS },
  { path: CONSOLE_PATHS.users, label: 'nav.users', roles: ['admin'] },
  { path: CONSOLE_PATHS.audit, label: 'nav.audit', roles: AUDIT_READERS },
];

/** The terminal a detail address (`/fleet/<id>`) names; undefined for any other path. */
export function terminalIdOf(pathname: string): string | undefined {
  const match = /^\/fleet\/([^/]+)$/.exec(pathname);
  try {
    return match ? decodeURIComponent(match[1]!) : undefined;
  } catch {
    return undefined;
  }
}

/** What a role may do beyond reading; the server enforces the same lists. */
export const canCommandFleet = (role: StaffRole): boolean => hasRole(FLEET_OPERATORS, role);

export function createConsole(fetchImpl?: typeof fetch) {
  const user = signal<StaffSession['user'] | null | undefined>(undefined);
  const path = signal<string>(location.pathname);
  const notice = signal<LoginNotice>(undefined);
  /** The address shown before the login page took over (a deep link, an expired session's page, with its query): back there after login. */
  let returnTo: string | undefined = location.pathname + location.search;
  /** The password was set by someone else: the console shows only the change-password screen. */
  const mustChangePassword = signal(false);
  /** The user chose to change their password (the shell's button): the same screen, with a way back. */
  const changingPassword = signal(false);
  const api = new ApiClient({
    fetch: fetchImpl,
    onSessionEnded() {
      if (!user.value) return;
      user.value = null;
      notice.value = 'sessionEnded';
      returnTo = location.pathname + location.search;
      go(CONSOLE_PATHS.login, true);
    },
  });

  /** Shows `to`; an address may carry a query (an area's view and filters), the page is chosen by its path. */
  function go(to: string, replace = false): void {
    const pathname = to.split('?')[0]!;
    if (to === path.value) return;
    history[replace ? 'replaceState' : 'pushState'](null, '', to);
    path.value = pathname;
  }
  addEventListener('popstate', () => (path.value = location.pathname));

  // The event stream is open while someone is logged in (and past any forced password change).
  const live = createLive(api);
  effect(() => {
    const u = user.value;
    if (u && !mustChangePassword.value) live.connect(u.role);
    else live.disconnect();
  });

  /** The page to show: login without a session, else the first page the role may see. */
  const page = computed<ConsolePath | undefined>(() => {
    const u = user.value;
    if (u === undefined) return undefined;
    if (u === null) return CONSOLE_PATHS.login;
    const allowed = NAV.filter((n) => n.roles.includes(u.role));
    // A terminal's detail is part of the fleet page: whoever sees the fleet sees it.
    if (terminalIdOf(path.value) !== undefined && allowed.some((n) => n.path === CONSOLE_PATHS.fleet)) return CONSOLE_PATHS.terminal;
    return allowed.find((n) => n.path === path.value)?.path ?? allowed[0]?.path;
  });

  return {
    api,
    live,
    user,
    path,
    notice,
    mustChangePassword,
    changingPassword,
    page,
    go,
    /** The fleet's first page when the console opened on it (taken once by the fleet view). */
    firstFleetPage: undefined as Promise<FleetPage | undefined> | undefined,
    async start(): Promise<void> {
      // Every role's first page is the fleet: its rows are fetched while the session is checked.
      if (path.value === CONSOLE_PATHS.home || path.value === CONSOLE_PATHS.fleet) this.firstFleetPage = prefetchFirstPage(api);
      const session = await api.resume();
      mustChangePassword.value = session?.mustChangePassword ?? false;
      user.value = session?.user ?? null;
    },
    async login(username: string, password: string): Promise<void> {
      const session = await api.login({ username, password });
      notice.value = undefined;
      mustChangePassword.value = session.mustChangePassword;
      user.value = session.user;
      go(returnTo && returnTo !== CONSOLE_PATHS.login && returnTo !== CONSOLE_PATHS.home ? returnTo : CONSOLE_PATHS.fleet);
      returnTo = undefined;
    },
    async changePassword(current: string, next: string): Promise<void> {
      const session = await api.changePassword({ current, next });
      mustChangePassword.value = session.mustChangePassword;
      changingPassword.value = false;
    },
    async logout(): Promise<void> {
      // A session that already ended is as good as logged out.
      await api.logout().catch(() => undefined);
      user.value = null;
      notice.value = 'loggedOut';
      returnTo = undefined;
      go(CONSOLE_PATHS.login);
    },
  };
}

export type Console = ReturnType<typeof createConsole>;
