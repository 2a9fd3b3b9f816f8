/**
 * Entry of the kiosk UI: get the bridge, build the state, wire the bridge events, lock the
 * page down, render, and register the service worker after the first paint.
 */
import { render } from 'preact';
import { App } from './app/index.tsx';
import { getBridge } from './bridge/index.ts';
import { lockDown } from './lockdown.ts';
import { PaymentsContext, startPayments } from './payment/context.ts';
import { createActions } from './state/actions.ts';
import { connectBridge } from './state/bridge-events.ts';
import { KioskContext } from './state/context.ts';
import { createKioskState } from './state/index.ts';
import './styles.css';

async function start(): Promise<void> {
  lockDown(window);
  const bridge = await getBridge();
  const state = createKioskState();
  const actions = createActions(state, bridge);
  connectBridge(state, actions, bridge, () => location.reload());
  // Reconciles unfinished payments before the bill screens take new ones.
  const payments = startPayments(state, actions, bridge);
  // Any touch or key counts as activity, except while the countdown is up: then only its
  // buttons (or the backdrop) answer, so the dialog cannot vanish under a finger and let the
  // touch land on the screen beneath.
  const onActivity = () => state.idle.value.phase === 'active' && actions.activity();
  for (const type of ['pointerdown', 'keydown'] as const) window.addEventListener(type, onActivity, { capture: true, passive: true });
  setInterval(actions.tick, 1000);
  render(
    <KioskContext.Provider value={{ state, actions }}>
      <PaymentsContext.Provider value={payments}>
        <App />
      </PaymentsContext.Provider>
    </KioskContext.Provider>,
    document.getElementById('root') as HTMLElement,
  );
  // Once the first screen is painted: the worker's script and its precache downloads would
  // otherwise compete with the first screen for the network and the main thread.
  if ('serviceWorker' in navigator && location.protocol !== 'file:') {
    requestAnimationFrame(() => setTimeout(() => navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => undefined), 0));
  }
}

void start();
