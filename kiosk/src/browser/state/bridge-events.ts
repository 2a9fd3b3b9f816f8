/**
 * The one place bridge events become state, and state changes become bridge reports.
 * Returns a function that disconnects everything (tests, hot reload).
 */
import { effect } from '@preact/signals';
import type { KioskBridge } from '../../common/bridge.ts';
import { recordUsage } from '../usage/recorder.ts';
import type { KioskActions } from './actions.ts';
import type { KioskState } from './index.ts';

/** Screens that show a card holder's data: taking out the card or document they read ends them. */
const HOLDER_ROUTES = new Set(['social-security', 'residence-permit', 'mailbox']);

export function connectBridge(state: KioskState, actions: KioskActions, bridge: KioskBridge, reloadPage: () => void): () => void {
  const offs = [
    bridge.on('online', ({ online }) => (state.online.value = online)),
    bridge.on('emergency', (e) => (state.bridgeEmergency.value = e)),
    bridge.on('device-health', (h) => (state.health.value = h)),
    bridge.on('maintenance', ({ on }) => actions.send(on ? 'maintenance-on' : 'maintenance-off')),
    // A new release is swapped in place; a staff command reloads the whole page.
    bridge.on('content', () => void actions.loadContent()),
    bridge.on('card', ({ reader, present }) => {
      state.cards.value = { ...state.cards.value, [reader]: present };
      const s = state.session.value;
      const route = s.route.value.name;
      if (present && reader === 'social-security' && (state.mode.value === 'attract' || (state.mode.value === 'session' && route === 'home'))) {
        // A card put in while nobody uses another service opens its service directly.
        if (state.mode.value === 'attract') actions.start();
        actions.navigate({ name: 'social-security', params: { card: 'inserted' } });
      } else if (!present && state.mode.value === 'session' && HOLDER_ROUTES.has(route) && s.holderReader.value === reader) void actions.holderGone();
    }),
    bridge.on('holder-ended', () => {
      if (state.mode.value === 'session' && HOLDER_ROUTES.has(state.session.value.route.value.name)) void actions.holderGone();
    }),
    bridge.on('reload', ({ reason }) => (reason === 'content' ? void actions.loadContent() : reloadPage())),
  ];
  offs.push(recordUsage(state, (fact) => void bridge.usage.record(fact).catch(() => undefined)));
  let last = '';
  offs.push(
    effect(() => {
      const s = state.screenState.value;
      const key = JSON.stringify(s);
      if (key === last) return;
      last = key;
      bridge.terminal.reportScreen(s).catch(() => undefined);
    }),
  );
  void actions.refreshInfo().catch(() => undefined);
  void actions.refreshHealth().catch(() => undefined);
  void actions.loadContent();
  return () => offs.forEach((off) => off());
}
