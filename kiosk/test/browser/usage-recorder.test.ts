/**
 * The page's usage recorder on signals moved as the kiosk's actions move them (no Chromium
 * needed): the facts a person's moves produce, in order. (The Chromium tests run it on the real
 * state and actions.)
 */
import { batch, signal } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import type { KioskMode } from '../../src/common/session.ts';
import type { UsageFact } from '../../src/common/usage/facts.ts';
import { recordUsage } from '../../src/browser/usage/recorder.ts';

type Route = { name: string; params?: Record<string, string> };

/**
 * The kiosk state's signals the recorder reads, moved as the kiosk's actions move them (a new
 * session object per person, the step cleared on every route change).
 */
function kiosk() {
  let ids = 0;
  const newSession = () => ({ id: ++ids, route: signal<Route>({ name: 'home' }), guidance: signal<string | null>(null), lang: signal<'zh-CN' | 'en'>('zh-CN'), elderly: signal(false), history: [] as Route[] });
  const mode = signal<KioskMode>('attract');
  const session = signal(newSession());
  const facts: UsageFact[] = [];
  recordUsage({ mode, session }, (f) => facts.push(f));
  const go = (r: Route) =>
    batch(() => {
      session.value.route.value = r;
      session.value.guidance.value = null;
    });
  const wipe = () =>
    batch(() => {
      session.value = newSession();
      mode.value = 'attract';
    });
  const actions = {
    start: () => ((mode.value = 'session'), go({ name: 'home' })),
    navigate: (r: Route) => (session.value.history.push(session.value.route.value), go(r)),
    back: () => go(session.value.history.pop() ?? { name: 'home' }),
    home: () => go({ name: 'home' }),
    guide: (key: string) => (session.value.guidance.value = key),
    setLanguage: (lang: 'zh-CN' | 'en') => (session.value.lang.value = lang),
    toggleElderly: () => (session.value.elderly.value = !session.value.elderly.value),
    wipe,
    /** A card taken out: the person is forgotten and a fresh home shown (`actions.holderGone`). */
    holderGone: () => (wipe(), actions.start()),
    staff: () => (mode.value = 'staff-pin'),
  };
  /** The facts since the last call. */
  const taken = () => facts.splice(0);
  return { actions, taken };
}

describe('usage facts from the kiosk state', () => {
  it('a page that (re)loads ends whatever session the privileged side thought was running', () => {
    const { taken } = kiosk();
    expect(taken()).toEqual([{ kind: 'session-ended' }]);
  });

  it('counts a service once per entry, however many of its screens are shown, and its completion once', () => {
    const { actions, taken } = kiosk();
    taken();
    actions.start();
    expect(taken()).toEqual([{ kind: 'session-started' }, { kind: 'language', lang: 'zh-CN' }, { kind: 'screen', screen: 'home' }]);
    actions.navigate({ name: 'guides' });
    actions.navigate({ name: 'guide', params: { id: 'g1' } });
    actions.back();
    actions.navigate({ name: 'guide', params: { id: 'g2' } });
    expect(taken()).toEqual([
      { kind: 'screen', screen: 'guides' },
      { kind: 'service-started', service: 'guides' },
      { kind: 'screen', screen: 'guide' },
      { kind: 'service-completed', service: 'guides' },
      { kind: 'screen', screen: 'guides' },
      { kind: 'screen', screen: 'guide' },
    ]);
    actions.home();
    actions.navigate({ name: 'bills' });
    actions.guide('billsStep.awaiting-payment');
    actions.guide('billsStep.done');
    expect(taken()).toEqual([
      { kind: 'screen', screen: 'home' },
      { kind: 'screen', screen: 'bills' },
      { kind: 'service-started', service: 'bills' },
      { kind: 'service-completed', service: 'bills' },
    ]);
  });

  it('reports each language a session uses once, and elderly mode once', () => {
    const { actions, taken } = kiosk();
    actions.start();
    actions.setLanguage('en');
    actions.toggleElderly();
    actions.toggleElderly();
    actions.toggleElderly();
    actions.setLanguage('zh-CN');
    expect(taken().filter((f) => f.kind === 'language' || f.kind === 'elderly')).toEqual([
      { kind: 'language', lang: 'zh-CN' },
      { kind: 'language', lang: 'en' },
      { kind: 'elderly', on: true },
    ]);
  });

  it('a card taken out ends the session and the next person starts a new one at home', () => {
    const { actions, taken } = kiosk();
    actions.start();
    actions.navigate({ name: 'social-security', params: { card: 'inserted' } });
    actions.guide('socialSecurity.pin');
    actions.guide('socialSecurity.medical');
    taken();
    actions.holderGone();
    expect(taken()).toEqual([{ kind: 'session-ended' }, { kind: 'session-started' }, { kind: 'language', lang: 'zh-CN' }, { kind: 'screen', screen: 'home' }]);
    actions.wipe();
    expect(taken()).toEqual([{ kind: 'session-ended' }]);
  });

  it('staff mode is no session of a resident', () => {
    const { actions, taken } = kiosk();
    taken();
    actions.staff();
    expect(taken()).toEqual([]);
  });
});
