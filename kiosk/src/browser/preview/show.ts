/**
 * Puts the kiosk state where a console preview asks (drafts.ts decides what): the drafts as the
 * content, the language and elderly mode of the session, and the screen showing the edited item.
 */
import { batch } from '@preact/signals';
import type { PreviewShow } from '@civic-kiosk/protocol/kiosk-preview';
import { contentOf } from '../content/index.ts';
import type { KioskState } from '../state/index.ts';
import { previewFiles, previewRoute, validDrafts } from './drafts.ts';

/** Applies one preview request to the state; answers the content types it left out. */
export function applyPreview(state: KioskState, show: PreviewShow): string[] {
  const { files, problems } = validDrafts(show.content);
  const shown = previewFiles(show, files);
  batch(() => {
    state.content.value = contentOf('preview', shown, problems);
    state.contentError.value = problems.length ? problems.join('\n') : null;
    const session = state.session.value;
    session.lang.value = show.lang;
    session.elderly.value = show.elderly;
    const message = show.screen === 'emergency' ? (shown.emergency?.messages.find((m) => m.id === show.item) ?? shown.emergency?.messages[0]) : undefined;
    state.bridgeEmergency.value = message ? { active: true, id: message.id, title: message.title, body: message.body } : { active: false };
    if (show.screen === 'attract') {
      state.mode.value = 'attract';
      return;
    }
    state.mode.value = 'session';
    const route = show.screen === 'emergency' ? { name: 'home' } : previewRoute(show.screen, show.item, shown);
    session.history.value = route.name === 'home' ? [] : [{ name: 'home' }];
    session.route.value = route;
  });
  return problems;
}
