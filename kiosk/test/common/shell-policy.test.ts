import { describe, expect, it } from 'vitest';
import { blockedShortcut, contentSecurityPolicy, isAllowedNavigation, permissionDecision } from '../../src/common/shell-policy.ts';

describe('navigation policy', () => {
  it('allows only the app origin', () => {
    expect(isAllowedNavigation('app://kiosk/')).toBe(true);
    expect(isAllowedNavigation('app://kiosk/bills/water?x=1#y')).toBe(true);
    for (const url of [
      'https://example.com/',
      'file:///etc/passwd',
      'app://other/',
      'app://kiosk.evil/',
      'http://kiosk/',
      'javascript:alert(1)',
      'data:text/html,<script>1</script>',
      'about:blank',
      'chrome://settings',
      'devtools://devtools/bundled/inspector.html',
      'not a url',
      '',
    ]) {
      expect(isAllowedNavigation(url), url).toBe(false);
    }
  });

  it('takes another origin for browser mode', () => {
    expect(isAllowedNavigation('http://127.0.0.1:8090/x', 'http://127.0.0.1:8090')).toBe(true);
    expect(isAllowedNavigation('http://127.0.0.1:8091/x', 'http://127.0.0.1:8090')).toBe(false);
  });
});

describe('permission policy', () => {
  it('denies devices, location, notifications and the clipboard; allows fullscreen from the app only', () => {
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'clipboard-sanitized-write', 'hid', 'serial', 'usb', 'midi', 'pointerLock', 'openExternal', 'display-capture', 'unknown']) {
      expect(permissionDecision(p, 'app://kiosk/'), p).toBe(false);
    }
    expect(permissionDecision('fullscreen', 'app://kiosk/')).toBe(true);
    expect(permissionDecision('fullscreen', 'https://example.com/')).toBe(false);
  });
});

describe('shortcut policy', () => {
  const key = (k: string, mods: Partial<Record<'control' | 'shift' | 'alt' | 'meta', boolean>> = {}) => ({ type: 'keyDown', key: k, ...mods });

  it('swallows DevTools, reload, quit, close, print, zoom and history keys in production', () => {
    for (const input of [
      key('F12'),
      key('F5'),
      key('F11'),
      key('r', { control: true }),
      key('R', { control: true, shift: true }),
      key('I', { control: true, shift: true }),
      key('J', { control: true, shift: true }),
      key('w', { control: true }),
      key('q', { control: true }),
      key('p', { control: true }),
      key('+', { control: true }),
      key('-', { control: true }),
      key('0', { control: true }),
      key('F4', { alt: true }),
      key('ArrowLeft', { alt: true }),
      key('Tab', { alt: true }),
      key('d', { meta: true }),
      key('BrowserBack'),
      // Find, address bar, caret browsing, menus and the context menu.
      key('F3'),
      key('F6'),
      key('F7'),
      key('F10', { shift: true }),
      key('ContextMenu'),
      key('k', { control: true }),
      key('PageDown', { control: true }),
      key('_', { control: true, shift: true }),
    ]) {
      expect(blockedShortcut(input, true), JSON.stringify(input)).toBe(true);
    }
  });

  it('lets typing, editing keys and the keyup events through', () => {
    for (const input of [key('a'), key('1'), key('Enter'), key('Backspace'), key('Escape'), key('c', { control: true }), key('v', { control: true }), key('A', { shift: true }), key('Alt')]) {
      expect(blockedShortcut(input, true), JSON.stringify(input)).toBe(false);
    }
    expect(blockedShortcut({ type: 'keyUp', key: 'F12' }, true)).toBe(false);
  });

  it('blocks nothing in development', () => {
    expect(blockedShortcut(key('F12'), false)).toBe(false);
    expect(blockedShortcut(key('r', { control: true }), false)).toBe(false);
  });
});

describe('content security policy', () => {
  it('allows own scripts only, no plugins, frames, base or form targets', () => {
    const csp = contentSecurityPolicy();
    const directives = new Map(csp.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('frame-src')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(directives.get('form-action')).toEqual(["'none'"]);
    expect(csp).not.toContain('unsafe-eval');
    expect(directives.get('connect-src')).toEqual(["'self'"]);
    expect(contentSecurityPolicy({ connect: ['ws://127.0.0.1:8090'] })).toContain("connect-src 'self' ws://127.0.0.1:8090");
  });
});
