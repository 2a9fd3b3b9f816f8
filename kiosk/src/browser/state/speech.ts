/**
 * Spoken guidance for elderly mode, with a voice in the current language when the system has
 * one (the utterance's `lang` still tells the engine which language to use when it has none).
 */
import type { Lang } from '../i18n/index.ts';

let muted = false;
const synth = (): SpeechSynthesis | undefined => (muted || typeof speechSynthesis === 'undefined' ? undefined : speechSynthesis);

/** No speech from this page at all (the content studio's preview sits on a staff desk). */
export function muteSpeech(): void {
  muted = true;
}

export function speak(text: string, lang: Lang): void {
  const s = synth();
  if (!s || !text) return;
  s.cancel();
  const u = new SpeechSynthesisUtterance(text);
  u.lang = lang;
  const prefix = lang === 'zh-CN' ? 'zh' : 'en';
  const voice = s.getVoices().find((v) => v.lang === lang) ?? s.getVoices().find((v) => v.lang.startsWith(prefix));
  if (voice) u.voice = voice;
  u.rate = 0.9;
  s.speak(u);
}

export function stopSpeaking(): void {
  synth()?.cancel();
}
