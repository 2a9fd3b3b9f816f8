/**
 * Spoken guidance for elderly mode, with a voice in the current language when the system has
 * one (the utterance's `lang` still tells the engine which language to use when it has none).
 */
import type { Lang } from '../i18n/index.ts';

const synth = (): SpeechSynthesis | undefined => (typeof speechSynthesis === 'undefined' ? undefined : speechSynthesis);

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
