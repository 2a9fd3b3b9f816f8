/** How the usage reports name services, screens and steps and write counts and durations. */
import { lang, t } from '../../i18n/index.ts';


/** A service's name in the console's language; an id the console does not know shows as itself. */
export const serviceName = (id: string): string => t(`usage.service.${id}`, { defaultValue: id });

/** A kiosk screen (its route name) in the console's language, or its route name. */
export const screenName = (id: string): string => t(`usage.screen.${id}`, { defaultValue: id });

const numbers = new Map<string, Intl.NumberFormat>();
/** A count with the language's digit grouping. */
export function formatCount(n: number): string {
  let f = numbers.get(lang.value);
  if (!f) numbers.set(lang.value, (f = new Intl.NumberFormat(lang.value)));
  return f.format(n);
}

/** A share (0..1) as a whole-number-and-one-decimal percentage. */
export const formatShare = (share: number): string => `${(share * 100).toFixed(1)}%`;

/** Seconds as `h:mm:ss`, the way playout logs write durations. */
export function formatDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}
