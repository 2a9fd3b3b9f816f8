/**
 * The whole UI: the screen for the current mode, the emergency overlay above everything, and
 * the idle countdown. Screens stay mounted (hidden) under an emergency so nothing is lost.
 */
import { useEffect } from 'preact/hooks';
import { EmergencyOverlay } from '../components/emergency/index.tsx';
import { IdleDialog } from '../components/idle-dialog/index.tsx';
import { LazyScreen } from '../components/lazy-screen/index.tsx';
import { StaffCorner } from '../components/staff-corner/index.tsx';
import { StatusBar } from '../components/status-bar/index.tsx';
import { Attract } from '../screens/attract/index.tsx';
import { MODE_SCREENS, screenOf } from '../screens/registry.ts';
import { useKiosk, useT } from '../state/context.ts';
import { speak } from '../state/speech.ts';

export function App() {
  const { state } = useKiosk();
  const { t, lang } = useT();
  const mode = state.mode.value;
  const emergency = state.emergency.value;
  const idle = state.idle.value;
  const elderly = state.session.value.elderly.value;
  const route = state.session.value.route.value;

  useEffect(() => {
    document.documentElement.lang = lang;
    document.documentElement.classList.toggle('elderly', elderly);
  }, [lang, elderly]);

  // Elderly mode speaks what each screen is for, in the screen's language: session screens
  // themselves once shown (components/screen), the other modes here.
  const speechKey = emergency || mode === 'session' ? null : `speech.${mode}`;
  useEffect(() => {
    if (elderly && speechKey) speak(t(speechKey), lang);
  }, [elderly, speechKey, lang]);
  useEffect(() => {
    if (elderly && emergency) speak(`${emergency.title[lang]}. ${emergency.body[lang]}`, lang);
  }, [elderly, emergency?.id, lang]);

  return (
    <>
      <div class="app" hidden={emergency !== null} data-mode={mode}>
        <StatusBar />
        {mode === 'attract' && <Attract />}
        {mode === 'session' && <LazyScreen id={route.name} load={screenOf(route).load} params={route.params} />}
        {mode !== 'attract' && mode !== 'session' && <LazyScreen id={`mode:${mode}`} load={MODE_SCREENS[mode]} />}
        {mode !== 'enrolment' && <StaffCorner />}
      </div>
      {emergency && <EmergencyOverlay emergency={emergency} />}
      {!emergency && idle.phase === 'warning' && <IdleDialog remainingMs={idle.remainingMs} />}
    </>
  );
}
