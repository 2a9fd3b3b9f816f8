/**
 * The frame of every session screen, laid out for reach on a portrait screen: the header fills
 * the top third with information only (the service's icon, the title, an optional lead and
 * information panel); the
 * body holds the screen's controls; back/home and the session bar (language, elderly mode,
 * finish) sit at the bottom. Screens give only their title, lead and body.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ALargeSmall, ChevronLeft, ChevronsDown, House, LogOut } from 'lucide-preact';
import { useKiosk, useT } from '../../state/context.ts';
import { LANGS } from '../../i18n/index.ts';
import { screenOf } from '../../screens/registry.ts';
import { TILES } from '../../screens/home/tiles.ts';
import { speak } from '../../state/speech.ts';
import { Icon } from '../icon/index.tsx';

/**
 * `guard`, when given, stands between the person and leaving (back, home, finish): it gets the
 * way out and decides when to take it (the bill screens ask first while a QR order is open).
 */
export function Screen({
  title,
  lead,
  children,
  home = false,
  guard,
  info,
}: {
  title: string;
  lead?: string;
  children: ComponentChildren;
  home?: boolean;
  guard?: (leave: () => void) => void;
  /** Information (never controls) shown in the header under the title. */
  info?: ComponentChildren;
}) {
  const { state, actions } = useKiosk();
  const leave = (go: () => void) => () => (guard ? guard(go) : go());
  const { t, lang } = useT();
  const elderly = state.session.value.elderly.value;
  const route = state.session.value.route.value;
  const service = screenOf(route).service;
  const tile = home ? undefined : TILES.find((x) => x.route === route.name || x.route === service);
  const body = useRef<HTMLElement>(null);
  const more = useMoreBelow(body);
  // Elderly mode speaks what the screen (or the step it shows) is for once it is on screen,
  // and again when an emergency that covered it is over.
  const speechKey = `speech.${state.session.value.guidance.value ?? route.name}`;
  const covered = state.emergency.value !== null;
  useEffect(() => {
    if (elderly && !covered) speak(t(speechKey), lang);
  }, [elderly, speechKey, lang, covered]);
  return (
    <div class="screen">
      <header class="screen-header">
        {tile && <Icon icon={tile.icon} size="lg" />}
        <h1 id="screen-title">{title}</h1>
        {lead && <p class="screen-lead">{lead}</p>}
        {info}
      </header>
      {/* Focusable so the scrolled body is reachable by keyboard even without controls. */}
      <main class="screen-body" aria-labelledby="screen-title" tabIndex={0} ref={body}>
        {children}
        {more && (
          <p class="scroll-cue" data-testid="scroll-cue">
            <Icon icon={ChevronsDown} size="sm" />
            {t('nav.more')}
          </p>
        )}
      </main>
      <footer class="session-bar">
        {!home && (
          <div class="screen-nav">
            <button type="button" class="button nav" onClick={leave(actions.back)} data-testid="nav-back">
              <Icon icon={ChevronLeft} size="sm" />
              {t('nav.back')}
            </button>
            <button type="button" class="button nav" onClick={leave(actions.home)} data-testid="nav-home">
              <Icon icon={House} size="sm" />
              {t('nav.home')}
            </button>
          </div>
        )}
        <div class="session-row">
          <div role="group" aria-label={t('footer.language')} class="lang-switch">
            {LANGS.map((l) => (
              <button type="button" key={l} class="button toggle" lang={l} aria-pressed={l === lang} onClick={() => actions.setLanguage(l)}>
                {t(`footer.lang.${l}`)}
              </button>
            ))}
          </div>
          <button type="button" class="button toggle" aria-pressed={elderly} onClick={actions.toggleElderly} data-testid="elderly-toggle">
            <Icon icon={ALargeSmall} size="sm" />
            {t('footer.elderly')}
          </button>
          <button type="button" class="button danger" onClick={leave(() => void actions.wipe())} data-testid="finish">
            <Icon icon={LogOut} size="sm" />
            {t('footer.finish')}
          </button>
        </div>
      </footer>
    </div>
  );
}

/** Whether the body has more below what is shown: then an unmistakable cue says to scroll. */
function useMoreBelow(ref: { current: HTMLElement | null }): boolean {
  const [more, setMore] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const check = () => setMore(el.scrollTop + el.clientHeight < el.scrollHeight - 8);
    const observer = new ResizeObserver(check);
    observer.observe(el);
    for (const child of Array.from(el.children)) observer.observe(child);
    el.addEventListener('scroll', check, { passive: true });
    check();
    return () => {
      observer.disconnect();
      el.removeEventListener('scroll', check);
    };
  });
  return more;
}
