/**
 * Entry of the kiosk UI: get the bridge, build the state, wire the bridge events, lock the
 * page down, register the service worker and render.
 */
import { render } from 'preact';
import type { KioskBridge } from '../common/bridge.ts';
import { App } from './app/index.tsx';
import { lockDown } from './lockdown.ts';
import { PaymentsContext, startPayments } from './payment/context.ts';
import { createActions } from './state/actions.ts';
import { connectBridge } from './state/bridge-events.ts';
import { KioskContext } from './state/context.ts';
import { createKioskState } from './state/index.ts';
import './styles.css';

async function start(): Promise<void> {
  lockDown(window);
  const bridge = await getKioskBridge();
  const state = createKioskState();
  const actions = createActions(state, bridge);
  connectBridge(state, actions, bridge, () => location.reload());
  // Reconciles unfinished payments before the bill screens take new ones.
  const payments = startPayments(state, actions, bridge);
  // Any touch or key counts as activity for the idle timeout.
  for (const type of ['pointerdown', 'keydown'] as const) window.addEventListener(type, actions.activity, { capture: true, passive: true });
  setInterval(actions.tick, 1000);
  if ('serviceWorker' in navigator && location.protocol !== 'file:') {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => undefined);
  }
  render(
    <KioskContext.Provider value={{ state, actions }}>
      <PaymentsContext.Provider value={payments}>
        <App />
      </PaymentsContext.Provider>
    </KioskContext.Provider>,
    document.getElementById('root') as HTMLElement,
  );
}

async function getKioskBridge(): Promise<KioskBridge> {
  const injected = (window as unknown as { kiosk?: KioskBridge }).kiosk;
  if (injected) return injected;
  throw new Error('no kiosk bridge');
}

void start();
