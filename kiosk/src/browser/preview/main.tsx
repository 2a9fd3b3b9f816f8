/**
 * Entry of the kiosk UI in the console's draft preview (`kiosk/preview.html`, served by the
 * district server in a sandboxed frame of the content studio). The same App, screens and
 * strings as a terminal, with the preview bridge instead of a privileged side, and content
 * from the drafts the console posts instead of a release. Nothing here keeps time for a person:
 * the clock runs, the idle timeout never does, no service worker is registered, and nothing is spoken.
 */
import { batch } from '@preact/signals';
import { render } from 'preact';
import { PreviewShow } from '@civic-kiosk/protocol/kiosk-preview';
import type { PreviewAnswer } from '@civic-kiosk/protocol/kiosk-preview';
import { App } from '../app/index.tsx';
import { lockDown } from '../lockdown.ts';
import { createActions } from '../state/actions.ts';
import { KioskContext } from '../state/context.ts';
import { createKioskState } from '../state/index.ts';
import { muteSpeech } from '../state/speech.ts';
import { createPreviewBridge, PREVIEW_TERMINAL } from './bridge.ts';
import { applyPreview } from './show.ts';
import '../styles.css';

lockDown(window);
// Elderly mode is previewed as it looks; a terminal's spoken guidance would talk at the desk.
muteSpeech();
const bridge = createPreviewBridge();
// Where a terminal's preload puts its bridge: script in the frame finds only this one.
(window as unknown as { kiosk: typeof bridge }).kiosk = bridge;
const state = createKioskState();
state.info.value = PREVIEW_TERMINAL;
const actions = createActions(state, bridge);

// The status bar's clock moves; the person never goes idle, so nothing wipes the preview.
setInterval(() => batch(() => (state.now.value = state.lastActivity.value = Date.now())), 1000);

// The console is this document's parent on the same server; the frame's own origin is opaque
// (sandbox), so the parent is recognised by its window and the server's origin.
const answer = (message: PreviewAnswer) => window.parent.postMessage(message, location.origin);
window.addEventListener('message', (event) => {
  if (event.source !== window.parent || event.origin !== location.origin) return;
  const show = PreviewShow.safeParse(event.data);
  if (!show.success) return;
  const problems = applyPreview(state, show.data);
  answer({ kind: 'kiosk-preview.shown', problems: problems.map((p) => p.slice(0, 500)).slice(0, 20) });
});

const kiosk = { state, actions };
const root = document.getElementById('root') as HTMLElement;
state.session.subscribe((session) =>
  render(
    <KioskContext.Provider value={kiosk}>
      <App key={session.id} />
    </KioskContext.Provider>,
    root,
  ),
);
answer({ kind: 'kiosk-preview.ready' });
