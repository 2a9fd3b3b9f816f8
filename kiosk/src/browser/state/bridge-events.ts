/**
 * The one place bridge events become state, and state changes become bridge reports.
 * Returns a function that disconnects everything (tests, hot reload).
 */
import { effect } from '@preact/signals';
import type { KioskBridge } from '../../common/bridge.ts';
import type { KioskActions } from './actions.ts';
import type { KioskState } from './index.ts';

export function connectBridge(state: KioskState, actions: KioskActions, bridge: KioskBridge, reloadPage: () => void): () => void {
  const offs = [
    bridge.on('online', ({ online }) => (state.online.value = online)),
    bridge.on('emergency', (e) => (state.bridgeEmergency.value = e)),
    bridge.on('device-health', (h) => (state.health.value = h)),
    bridge.on('maintenance', ({ on }) => actions.send(on ? 'maintenance-on' : 'maintenance-off')),
    // A new release is swapped in place; a staff command reloads the whole page.
    bridge.on('content', () => void actions.loadContent()),
    bridge.on('reload', ({ reason }) => (reason === 'content' ? void actions.loadContent() : reloadPage())),
  ];
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
