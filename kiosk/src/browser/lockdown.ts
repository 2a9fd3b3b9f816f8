/**
 * What the page itself does against a stranger at the screen (the privileged side also denies
 * navigation, new windows and permissions): no new windows, no leaving the app's origin by a
 * link, no dropped files or links, no context menu, no pinch zoom or text dragging.
 */
export function lockDown(win: Window): void {
  win.open = () => null;
  const prevent = (e: Event) => e.preventDefault();
  for (const type of ['dragover', 'drop', 'dragstart', 'contextmenu', 'gesturestart'] as const) {
    win.addEventListener(type, prevent, { capture: true });
  }
  win.addEventListener(
    'click',
    (e) => {
      const a = (e.target as Element | null)?.closest?.('a[href]');
      if (a && new URL((a as HTMLAnchorElement).href, win.location.href).origin !== win.location.origin) e.preventDefault();
    },
    { capture: true },
  );
  win.addEventListener('auxclick', prevent, { capture: true });
  // Ctrl/Alt shortcuts (new window, history, zoom, find, save) do nothing on a kiosk.
  win.addEventListener(
    'keydown',
    (e) => {
      if (e.ctrlKey || e.metaKey || e.altKey || e.key === 'F5' || e.key === 'F11' || e.key === 'F12') e.preventDefault();
    },
    { capture: true },
  );
}
