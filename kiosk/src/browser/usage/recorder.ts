/**
 * Turns what the kiosk state does into usage facts for the privileged side: a session begun and
 * ended, each screen shown, a service entered and completed (common/usage/screens.ts decides
 * when), the languages used and elderly mode switched on. It reads signals only (mode, route,
 * the step a screen shows, language, elderly mode), never inputs or answers, so no fact can
 * carry what a person typed or was shown about themselves.
 */
import { effect, untracked } from '@preact/signals';
import type { ReadonlySignal } from '@preact/signals';
import type { KioskMode } from '../../common/session.ts';
import type { KioskService } from '@civic-kiosk/protocol/kiosk-services';
import type { USAGE_LANGS, UsageFact } from '../../common/usage/facts.ts';
import { completesService, isSessionScreen, SCREEN_SERVICE } from '../../common/usage/screens.ts';

type Lang = (typeof USAGE_LANGS)[number];

/** The part of the kiosk state the recorder reads (`KioskState` has it). */
export interface UsageSource {
  mode: ReadonlySignal<KioskMode>;
  session: ReadonlySignal<{
    id: number;
    route: ReadonlySignal<{ name: string; params?: Readonly<Record<string, string>> }>;
    /** The step a multi-step screen shows (its `speech.*` key). */
    guidance: ReadonlySignal<string | null>;
    lang: ReadonlySignal<Lang>;
    elderly: ReadonlySignal<boolean>;
  }>;
}

/** What has been reported of the session in progress (compared with the state on each change). */
interface Reported {
  id: number;
  screen: string | null;
  service: KioskService | null;
  completed: boolean;
  langs: Lang[];
  elderly: boolean;
}

/** Reports facts in the order they happen; returns the function that stops it. */
export function recordUsage(state: UsageSource, record: (fact: UsageFact) => void): () => void {
  let current: Reported | null = null;
  // A page (re)loaded on the attract loop: whatever session the privileged side thought was
  // running belonged to a page that is gone.
  record({ kind: 'session-ended' });
  return effect(() => {
    const inSession = state.mode.value === 'session';
    const session = state.session.value;
    const route = session.route.value;
    const guidance = session.guidance.value;
    const lang = session.lang.value;
    const elderly = session.elderly.value;
    untracked(() => {
      if (current && (!inSession || current.id !== session.id)) {
        record({ kind: 'session-ended' });
        current = null;
      }
      if (!inSession) return;
      if (!current) {
        record({ kind: 'session-started' });
        current = { id: session.id, screen: null, service: null, completed: false, langs: [], elderly: false };
      }
      const c = current;
      if (!c.langs.includes(lang)) {
        c.langs.push(lang);
        record({ kind: 'language', lang });
      }
      if (elderly && !c.elderly) {
        c.elderly = true;
        record({ kind: 'elderly', on: true });
      }
      if (!isSessionScreen(route.name)) return;
      // The same screen again (start() routes home onto the fresh session's home) is not a new showing.
      const screen = `${route.name}${JSON.stringify(route.params ?? {})}`;
      if (screen !== c.screen) {
        c.screen = screen;
        record({ kind: 'screen', screen: route.name });
        const service = SCREEN_SERVICE[route.name];
        if (service !== c.service) {
          c.service = service;
          c.completed = false;
          if (service) record({ kind: 'service-started', service });
        }
      }
      if (c.service && !c.completed && completesService(route.name, guidance)) {
        c.completed = true;
        record({ kind: 'service-completed', service: c.service });
      }
    });
  });
}
