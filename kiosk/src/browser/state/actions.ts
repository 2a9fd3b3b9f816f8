/**
 * Everything that changes the kiosk state. Components call these; none of them keeps state of
 * its own. `wipe` is the one action that forgets the person at the screen.
 */
import { batch } from '@preact/signals';
import type { DeviceKind, EnrolRequest, KioskBridge, StaffPinResult, TerminalEvent } from '../../common/bridge.ts';
import { nextMode } from '../../common/session.ts';
import type { KioskModeEvent } from '../../common/session.ts';
import type { Lang } from '../i18n/index.ts';
import type { Route } from '../screens/registry.ts';
import { createSession } from './index.ts';
import type { CardReader, KioskState } from './index.ts';
import { stopSpeaking } from './speech.ts';

export type SessionStoreCleaner = () => Promise<void>;

export function createActions(state: KioskState, bridge: KioskBridge) {
  /** Stores that keep per-person data (e.g. IndexedDB tables): cleared by every wipe. */
  const sessionStores = new Set<SessionStoreCleaner>();

  const send = (event: KioskModeEvent): boolean => {
    const next = nextMode(state.mode.value, event);
    if (next) state.mode.value = next;
    return next !== undefined;
  };
  const report = (event: TerminalEvent) => bridge.terminal.reportEvent(event).catch(() => undefined);
  const activity = () => {
    state.lastActivity.value = state.clock.now();
  };
  const route = (r: Route, history: Route[]) => {
    const s = state.session.value;
    batch(() => {
      s.history.value = history;
      s.route.value = r;
      s.guidance.value = null;
      s.holderReader.value = null;
    });
    activity();
  };

  /** A bridge service whose every call counts as the person's activity (it keeps the session alive). */
  const active = <S extends object>(service: S): S =>
    Object.fromEntries(
      Object.entries(service).map(([name, call]) => [
        name,
        (...args: unknown[]) => {
          activity();
          return (call as (...a: unknown[]) => unknown)(...args);
        },
      ]),
    ) as S;

  const actions = {
    send,
    activity,
    /** Social-security card services on the holder session the privileged side keeps. */
    socialSecurity: active(bridge.socialSecurity),
    /** Residence-permit services on the document on the ID reader. */
    permit: active(bridge.permit),
    /** The holder's citizen mailbox, on whichever holder session is open. */
    mailbox: active(bridge.mailbox),
    /** The receipt printer, for what a person prints in a session (a mailbox message ...). */
    printer: active(bridge.printer),
    /** The reader whose card or document the screen on show depends on (see Session.holderReader). */
    holdReader(reader: CardReader | null) {
      state.session.value.holderReader.value = reader;
    },
    /** The `speech.*` key of the step a screen shows now (see Session.guidance). */
    guide(key: string | null) {
      state.session.value.guidance.value = key;
    },
    registerSessionStore(cleaner: SessionStoreCleaner): () => void {
      sessionStores.add(cleaner);
      return () => sessionStores.delete(cleaner);
    },
    /** A touch on the attract loop starts a session at home. */
    start() {
      if (send('touch')) route({ name: 'home' }, []);
    },
    navigate(r: Route) {
      const s = state.session.value;
      route(r, [...s.history.value, s.route.value]);
    },
    back() {
      const h = state.session.value.history.value;
      route(h.at(-1) ?? { name: 'home' }, h.slice(0, -1));
    },
    home() {
      route({ name: 'home' }, []);
    },
    setLanguage(lang: Lang) {
      state.session.value.lang.value = lang;
      activity();
    },
    toggleElderly() {
      const e = state.session.value.elderly;
      e.value = !e.value;
      activity();
    },
    setInput(key: string, value: string) {
      const inputs = state.session.value.inputs;
      inputs.value = { ...inputs.value, [key]: value };
      activity();
    },
    /** Forget the person: signals, session stores, speech, the privileged side's buffers. */
    async wipe() {
      batch(() => {
        state.session.value = createSession();
        send('wipe');
      });
      stopSpeaking();
      await Promise.all([...sessionStores].map((clear) => clear().catch(() => undefined)));
      await bridge.endSession().catch(() => undefined);
    },
    /**
     * The person's card or document left its reader, or the holder session ended: forget them
     * and show a fresh home screen (a person at the screen is still there to use it).
     */
    async holderGone() {
      const wiped = actions.wipe();
      if (send('touch')) route({ name: 'home' }, []);
      await wiped;
    },
    /** Called every second: advances the clock and wipes a session that timed out. */
    tick() {
      state.now.value = state.clock.now();
      if (state.idle.value.phase === 'expired') void actions.wipe();
    },
    /** Proof of play: an attract item was on screen for `seconds` (not activity: nobody touched). */
    attractPlayed(item: string, seconds: number) {
      void bridge.usage.record({ kind: 'attract-played', item, seconds }).catch(() => undefined);
    },
    staffGesture() {
      if (send('staff-gesture')) {
        activity();
        void report({ type: 'staff-gesture' });
      }
    },
    async verifyStaffPin(pin: string): Promise<StaffPinResult> {
      activity();
      const result = await bridge.terminal.verifyStaffPin({ pin });
      if (result.ok) send('pin-ok');
      void report({ type: result.ok ? 'staff-login' : 'staff-login-failed', detail: result.ok ? undefined : { error: result.error } });
      return result;
    },
    async leaveStaff() {
      if (state.mode.value === 'staff') void report({ type: 'staff-logout' });
      await actions.wipe();
    },
    async refreshInfo() {
      const info = await bridge.terminal.info();
      batch(() => {
        state.info.value = info;
        state.online.value = info.online;
        if (!info.enrolled) send('not-enrolled');
        if (info.maintenance) send('maintenance-on');
      });
    },
    async refreshHealth() {
      state.health.value = await bridge.devices.health();
    },
    async enrol(request: EnrolRequest) {
      const info = await bridge.terminal.enrol(request);
      state.info.value = info;
      if (info.enrolled) send('enrolled');
      return info;
    },
    async selfTest(device: DeviceKind) {
      activity();
      const result = await bridge.devices.selfTest({ device });
      void report({ type: 'staff-self-test', detail: { device, ok: result.ok } });
      void actions.refreshHealth().catch(() => undefined);
      return result;
    },
    async printTestReceipt(lines: { text: string }[]) {
      activity();
      const result = await bridge.printer.print({ width: 32, lines, cut: true });
      void report({ type: 'staff-test-receipt', detail: { ok: result.ok } });
      return result;
    },
    async loadContent() {
      try {
        const { loadContent } = await import('../content/index.ts');
        const content = await loadContent();
        batch(() => {
          state.content.value = content;
          state.contentError.value = content.problems.length ? content.problems.join('\n') : null;
        });
      } catch (e) {
        // Keep what is showing: an old release beats an empty screen.
        state.contentError.value = (e as Error).message;
      }
    },
  };
  return actions;
}
export type KioskActions = ReturnType<typeof createActions>;
