/** How the console writes times: the current language, China time (where the terminals are). */
import { lang, t } from '../i18n/index.ts';

// A formatter is costly to build and the fleet list writes a time in every row: one per language and style.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(style: 'time' | 'clock'): Intl.DateTimeFormat {
  const key = `${lang.value} ${style}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(lang.value, style === 'time' ? { dateStyle: 'short', timeStyle: 'medium', timeZone: 'Asia/Shanghai' } : { timeStyle: 'short', timeZone: 'Asia/Shanghai' });
    formatters.set(key, f);
  }
  return f;
}

export function formatTime(ms: number | null): string {
  if (ms === null) return t('fleet.never');
  return formatter('time').format(ms);
}

/** A time of day only, for axes and spans within a day. */
export function formatClock(ms: number): string {
  return formatter('clock').format(ms);
}

/** Who did something, from the server's `staff:<username>` (or `system:...`) actor. */
export const actorName = (actor: string | null): string => (actor ?? '').replace(/^staff:/, '');
