/**
 * Every screen a person can reach in a session, by route name. To add a screen: make a folder
 * under screens/ whose index.tsx default-exports the component, add an entry here, strings
 * under `screens.<name>` and `speech.<name>` in both i18n files, and (for a service) a tile in
 * home/tiles.ts. Screens load lazily so the first screen stays small.
 */
import type { ComponentType } from 'preact';
import type { IdleConfig } from '../../common/idle.ts';
import type { KioskMode } from '../../common/session.ts';
import { isSessionScreen } from '../../common/usage/screens.ts';
import type { SessionScreen } from '../../common/usage/screens.ts';

export interface Route {
  name: string;
  params?: Readonly<Record<string, string>>;
}

export interface ScreenProps {
  params: Readonly<Record<string, string>>;
}

export interface ScreenDef {
  /** Reported to the server as the session's service. */
  service: string;
  idle: IdleConfig;
  load: () => Promise<{ default: ComponentType<ScreenProps> }>;
}

const BROWSE: IdleConfig = { timeoutMs: 60_000, warningMs: 20_000 };
/** Reading a long guide or catalogue entry takes a while. */
const READ: IdleConfig = { timeoutMs: 120_000, warningMs: 20_000 };

/** Card and permit screens show a person's data: forget them sooner than a browsing session. */
const HOLDER: IdleConfig = { timeoutMs: 45_000, warningMs: 15_000 };

/** Keyed by the session screens usage statistics know (common/usage/screens.ts), so the two cannot differ. */
export const SCREENS: Readonly<Record<SessionScreen, ScreenDef>> = {
  home: { service: 'home', idle: BROWSE, load: () => import('./home/index.tsx') },
  bills: { service: 'bills', idle: BROWSE, load: () => import('./bills/index.tsx') },
  // Personal data on screen: a shorter idle, so a person who walks away is forgotten sooner.
  'social-security': { service: 'social-security', idle: HOLDER, load: () => import('./social-security/index.tsx') },
  'residence-permit': { service: 'residence-permit', idle: HOLDER, load: () => import('./residence-permit/index.tsx') },
  mailbox: { service: 'mailbox', idle: HOLDER, load: () => import('./mailbox/index.tsx') },
  guides: { service: 'guides', idle: BROWSE, load: () => import('./guides/index.tsx') },
  guide: { service: 'guides', idle: READ, load: () => import('./guide-detail/index.tsx') },
  disclosure: { service: 'disclosure', idle: BROWSE, load: () => import('./disclosure/index.tsx') },
  'disclosure-entry': { service: 'disclosure', idle: READ, load: () => import('./disclosure-entry/index.tsx') },
  hotlines: { service: 'hotlines', idle: BROWSE, load: () => import('./hotlines/index.tsx') },
  notices: { service: 'notices', idle: BROWSE, load: () => import('./notices/index.tsx') },
  notice: { service: 'notices', idle: READ, load: () => import('./notice-detail/index.tsx') },
  page: { service: 'notices', idle: READ, load: () => import('./info-page/index.tsx') },
  map: { service: 'service-points', idle: BROWSE, load: () => import('./map/index.tsx') },
};

export function screenOf(route: Route): ScreenDef {
  return isSessionScreen(route.name) ? SCREENS[route.name] : SCREENS.home;
}

type Loader = ScreenDef['load'];

/** Screens of the modes other than attract and session (those two are built into the app). */
export const MODE_SCREENS: Readonly<Record<Exclude<KioskMode, 'attract' | 'session'>, Loader>> = {
  enrolment: () => import('./enrolment/index.tsx'),
  'staff-pin': () => import('./staff-pin/index.tsx'),
  staff: () => import('./staff/index.tsx'),
  maintenance: () => import('./maintenance/index.tsx'),
};
