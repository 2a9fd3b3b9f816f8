/**
 * All state of the kiosk UI, made by one function so tests and screenshots can build their own.
 * Signals hold facts; everything derived is `computed`. Per-person state lives in `session`
 * and is reset by the one wipe action (actions.ts).
 */
import { computed, signal } from '@preact/signals';
import type { BridgeEvents, DeviceHealthMap, EmergencyState, ScreenState, TerminalInfo } from '../../common/bridge.ts';
import { idleConfigFor, idlePhase } from '../../common/idle.ts';
import type { IdleConfig, IdlePhase } from '../../common/idle.ts';
import { isAttended } from '../../common/session.ts';
import type { KioskMode } from '../../common/session.ts';
import type { LoadedContent } from '../content/index.ts';
import { DEFAULT_LANG } from '../i18n/index.ts';
import type { Lang } from '../i18n/index.ts';
import { screenOf } from '../screens/registry.ts';
import type { Route } from '../screens/registry.ts';

export type CardReader = BridgeEvents['card']['reader'];

export interface Clock {
  now(): number;
}

/** An emergency as shown: from the bridge (pushed) or from a message in force in the content. */
export interface ShownEmergency {
  id: string;
  title: { 'zh-CN': string; en: string };
  body: { 'zh-CN': string; en: string };
}

let sessions = 0;

/** Everything about the person at the screen. Reset as a whole by the wipe. */
export function createSession() {
  return {
    /** Which person this is (the UI is rendered anew for each: see main.tsx). */
    id: ++sessions,
    route: signal<Route>({ name: 'home' }),
    history: signal<Route[]>([]),
    lang: signal<Lang>(DEFAULT_LANG),
    elderly: signal(false),
    /** Free-form per-screen inputs (search text, selections, account numbers ...). */
    inputs: signal<Readonly<Record<string, string>>>({}),
    /**
     * The `speech.*` key of the step a multi-step screen shows (PIN pad, outcome ...), spoken
     * instead of the route's own; cleared on every route change.
     */
    guidance: signal<string | null>(null),
    /**
     * The reader holding the card or document the screen on show reads or was opened from:
     * taking that one out ends the holder screen; another reader emptying does not. Cleared on
     * every route change.
     */
    holderReader: signal<CardReader | null>(null),
  };
}
export type Session = ReturnType<typeof createSession>;

export function createKioskState(clock: Clock = { now: () => Date.now() }) {
  const info = signal<TerminalInfo | null>(null);
  const online = signal(true);
  const bridgeEmergency = signal<EmergencyState>({ active: false });
  const health = signal<DeviceHealthMap>({});
  /** Whether a card or document sits in each reader, as the device manager last said (nothing personal). */
  const cards = signal<Readonly<Record<CardReader, boolean>>>({ 'social-security': false, id: false });
  const content = signal<LoadedContent | null>(null);
  const contentError = signal<string | null>(null);
  const mode = signal<KioskMode>('attract');
  const now = signal(clock.now());
  const lastActivity = signal(clock.now());
  const session = signal<Session>(createSession());

  const emergency = computed<ShownEmergency | null>(() => {
    const e = bridgeEmergency.value;
    if (e.active && e.title && e.body) return { id: e.id ?? 'pushed', title: e.title, body: e.body };
    const m = content.value?.emergenciesAt(now.value)[0];
    return m ? { id: m.id, title: m.title, body: m.body } : null;
  });

  const idleConfig = computed<IdleConfig>(() => {
    const s = session.value;
    const base = mode.value === 'session' ? screenOf(s.route.value).idle : STAFF_IDLE;
    return idleConfigFor(base, s.elderly.value);
  });

  const idle = computed<IdlePhase>(() =>
    isAttended(mode.value) ? idlePhase(lastActivity.value, now.value, idleConfig.value) : { phase: 'active' },
  );

  const screenState = computed<ScreenState>(() => {
    if (emergency.value) return { mode: 'emergency' };
    const m = mode.value;
    if (m === 'session') return { mode: 'session', service: screenOf(session.value.route.value).service };
    if (m === 'staff' || m === 'staff-pin') return { mode: 'staff' };
    return { mode: m };
  });

  return { clock, info, online, bridgeEmergency, health, cards, content, contentError, mode, now, lastActivity, session, emergency, idleConfig, idle, screenState };
}
export type KioskState = ReturnType<typeof createKioskState>;

/** Staff and PIN screens time out like a short session: a technician who walks away is logged out. */
const STAFF_IDLE: IdleConfig = { timeoutMs: 60_000, warningMs: 15_000 };
