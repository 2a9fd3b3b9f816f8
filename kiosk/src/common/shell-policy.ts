/**
 * The kiosk shell's lockdown decisions as pure functions, so they are tested without Electron:
 * which URLs the window may show, which permission requests pass, which keys are swallowed,
 * and the Content-Security-Policy both shells send.
 */

/** The privileged scheme the Electron shell serves the UI from (registered standard + secure). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'kiosk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/`;

/**
 * The origin a URL belongs to, as `scheme://host[:port]`. WHATWG URL gives `null` as the
 * origin of non-special schemes such as `app:`, so it is rebuilt from its parts here.
 */
export function originOf(url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  if (!u.host) return undefined;
  return `${u.protocol}//${u.host}`;
}

/** True only for a URL on the app's own origin (the only thing the window may ever show). */
export function isAllowedNavigation(url: string, appOrigin: string = APP_ORIGIN): boolean {
  const origin = originOf(url);
  return origin !== undefined && origin === appOrigin.toLowerCase();
}

/**
 * Permissions the UI may get. Speech synthesis, audio and video playback need none. Fullscreen
 * is harmless (the window already is) and lets a video element's fullscreen request succeed.
 * Everything else (camera, microphone, geolocation, notifications, USB/serial/HID from the page,
 * clipboard, pointer lock ...) is denied: devices are reached through the bridge only.
 */
export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['fullscreen']);

export function permissionDecision(permission: string, requestingUrl?: string, appOrigin: string = APP_ORIGIN): boolean {
  if (requestingUrl !== undefined && !isAllowedNavigation(requestingUrl, appOrigin)) return false;
  return ALLOWED_PERMISSIONS.has(permission);
}

/** The fields of Electron's `Input` (before-input-event) the shortcut policy reads. */
export interface KeyInput {
  type: string;
  key: string;
  control?: boolean;
  meta?: boolean;
  alt?: boolean;
  shift?: boolean;
}

/**
 * Keys that reload, close, print, open DevTools, zoom, navigate or leave the kiosk; F3 (find),
 * F6 (focus the address bar), F7 (caret browsing prompt), F10 (menu) and the context-menu key.
 */
const BLOCKED_PLAIN_KEYS = new Set(['F3', 'F5', 'F6', 'F7', 'F10', 'F11', 'F12', 'ContextMenu', 'BrowserBack', 'BrowserForward', 'BrowserRefresh', 'BrowserHome', 'BrowserSearch', 'Print']);
const BLOCKED_CTRL_KEYS = new Set(['r', 'w', 'q', 'p', 'o', 's', 'n', 't', 'u', 'f', 'g', 'h', 'j', 'k', 'e', 'l', 'd', 'b', '+', '=', '-', '_', '0', 'Tab', 'PageUp', 'PageDown', 'F4', 'F5']);
const BLOCKED_CTRL_SHIFT_KEYS = new Set(['i', 'j', 'c', 'r', 'n', 't', 'w', 'q', 'delete', 'm']);

/**
 * Whether a key press must be swallowed. In production that covers DevTools, reload, quit,
 * close, print, zoom, history navigation and every Alt/Meta chord (window manager escapes);
 * in development nothing is blocked so the developer keeps DevTools and reload.
 */
export function blockedShortcut(input: KeyInput, production: boolean): boolean {
  if (!production) return false;
  if (input.type !== 'keyDown' && input.type !== 'rawKeyDown') return false;
  const key = input.key.length === 1 ? input.key.toLowerCase() : input.key;
  if (BLOCKED_PLAIN_KEYS.has(input.key)) return true;
  if (input.alt || input.meta) return key !== 'Alt' && key !== 'Meta';
  if (input.control && input.shift && BLOCKED_CTRL_SHIFT_KEYS.has(key.toLowerCase())) return true;
  if (input.control && BLOCKED_CTRL_KEYS.has(key)) return true;
  return false;
}

export interface CspOptions {
  /** Extra `connect-src` sources, e.g. the browser-mode bridge `ws://127.0.0.1:8090`. */
  connect?: readonly string[];
}

/**
 * The Content-Security-Policy of the UI: own scripts only (no inline, no eval), no plugins, no
 * frames, no forms posting elsewhere. Styles allow inline because Vite and Preact set style
 * attributes; no script can come from it. Network only to the own origin (the bridge and the
 * content files are served there; the district server is reached by the privileged side).
 */
export function contentSecurityPolicy(options: CspOptions = {}): string {
  const connect = ["'self'", ...(options.connect ?? [])].join(' ');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    "font-src 'self' data:",
    `connect-src ${connect}`,
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "frame-src 'none'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}
