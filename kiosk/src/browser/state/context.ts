/** State and actions reach components through context, so tests can render with their own. */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { translator } from '../i18n/index.ts';
import type { KioskActions } from './actions.ts';
import type { KioskState } from './index.ts';

export interface Kiosk {
  state: KioskState;
  actions: KioskActions;
}

export const KioskContext = createContext<Kiosk | null>(null);

export function useKiosk(): Kiosk {
  const k = useContext(KioskContext);
  if (!k) throw new Error('useKiosk outside <KioskContext.Provider>');
  return k;
}

/** The translator for the current session language; reading it subscribes the component. */
export function useT() {
  const { state } = useKiosk();
  const lang = state.session.value.lang.value;
  return { t: translator(lang), lang };
}
