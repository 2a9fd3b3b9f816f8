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
  const kiosk = { state, actions };
  const root = document.getElementById('root') as HTMLElement;
  // A new tree for every person, rendered from fresh elements: the wipe (a new session)
  // unmounts the last person's. Preact keeps earlier vnodes of a component that re-renders by
  // itself (the original element, back-links from its children), and with them the tree and
  // DOM they rendered, with the text and handlers of the last person's screens.
  state.session.subscribe((session) =>
    render(
      <KioskContext.Provider value={kiosk}>
        <PaymentsContext.Provider value={payments}>
          <App key={session.id} />
        </PaymentsContext.Provider>
      </KioskContext.Provider>,
      root,
    ),
  );
  // Once the first screen is painted: the worker's script and its precache downloads would
  // otherwise compete with the first screen for the network and the main thread.
  if ('serviceWorker' in navigator && location.protocol !== 'file:') {
    requestAnimationFrame(() => setTimeout(() => navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => undefined), 0));
  }
}

void start();
