/**
 * What the page itself does against a stranger at the screen (the privileged side also denies
 * navigation, new windows and permissions): no new windows, no link that leaves the window or
 * the app's origin, no dropped files or links, no context menu, no pinch zoom or text
 * dragging, and the same shortcut policy as the Electron shell (`blockedShortcut`).
 */
import { blockedShortcut, isAllowedNavigation } from '../common/shell-policy.ts';

export function lockDown(win: Window): void {
  win.open = () => null;
  const prevent = (e: Event) => e.preventDefault();
  for (const type of ['dragover', 'drop', 'dragstart', 'contextmenu', 'gesturestart'] as const) {
    win.addEventListener(type, prevent, { capture: true });
  }
  win.addEventListener(
    'click',
    (e) => {
      const a = (e.target as Element | null)?.closest?.('a[href]') as HTMLAnchorElement | null | undefined;
      if (!a) return;
      // A modifier or a target opens another tab or window, even for the app's own pages.
      const elsewhere = e.ctrlKey || e.shiftKey || e.metaKey || e.altKey || (a.target !== '' && a.target !== '_self');
      if (elsewhere || !isAllowedNavigation(new URL(a.href, win.location.href).href, win.location.origin)) e.preventDefault();
    },
    { capture: true },
  );
  win.addEventListener('auxclick', prevent, { capture: true });
  win.addEventListener(
    'keydown',
    (e) => {
      if (blockedShortcut({ type: 'keyDown', key: e.key, control: e.ctrlKey, meta: e.metaKey, alt: e.altKey, shift: e.shiftKey }, true)) e.preventDefault();
    },
    { capture: true },
  );
}
