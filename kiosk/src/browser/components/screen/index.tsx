/**
 * The frame of every session screen: a title, back and home, the screen body, and the footer
 * with the language switch and elderly mode. Screens give only their title and body.
 */
import type { ComponentChildren } from 'preact';
import { useKiosk, useT } from '../../state/context.ts';
import { LANGS } from '../../i18n/index.ts';

export function Screen({ title, children, home = false }: { title: string; children: ComponentChildren; home?: boolean }) {
  const { state, actions } = useKiosk();
  const { t, lang } = useT();
  const elderly = state.session.value.elderly.value;
  return (
    <div class="screen">
      <header class="screen-header">
        {!home && (
          <button type="button" class="button nav" onClick={actions.back} data-testid="nav-back">
            ‹ {t('nav.back')}
          </button>
        )}
        <h1 id="screen-title">{title}</h1>
        {!home && (
          <button type="button" class="button nav" onClick={actions.home} data-testid="nav-home">
            {t('nav.home')}
          </button>
        )}
      </header>
      {/* Focusable so the scrolled body is reachable by keyboard even without controls. */}
      <main class="screen-body" aria-labelledby="screen-title" tabIndex={0}>
        {children}
      </main>
      <footer class="screen-footer">
        <div role="group" aria-label={t('footer.language')} class="lang-switch">
          {LANGS.map((l) => (
            <button type="button" key={l} class="button toggle" lang={l} aria-pressed={l === lang} onClick={() => actions.setLanguage(l)}>
              {t(`footer.lang.${l}`)}
            </button>
          ))}
        </div>
        <button type="button" class="button toggle" aria-pressed={elderly} onClick={actions.toggleElderly} data-testid="elderly-toggle">
          {t('footer.elderly')}
        </button>
        <button type="button" class="button danger" onClick={() => void actions.wipe()} data-testid="finish">
          {t('footer.finish')}
        </button>
      </footer>
    </div>
  );
}
