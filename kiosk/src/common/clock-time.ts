/**
 * A local wall-clock time as `HH:mm` (24-hour), as the status bar shows it and content dayparts
 * are written. Built by hand rather than with `toLocaleTimeString`: the first Intl date format in
 * a fresh renderer loads ICU data, which used to delay the first screen, and both UI languages
 * write the time the same way.
 */
export function clockTime(d: Date): string {
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}
