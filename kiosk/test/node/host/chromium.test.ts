import { describe, expect, it } from 'vitest';
import { chromiumArgs, chromiumEnv, findChromium, hasDisplay } from '../../../src/node/host/chromium.ts';

describe('Chromium app mode', () => {
  it('opens only the kiosk URL, in app and kiosk mode, with its own quiet profile', () => {
    const args = chromiumArgs('http://127.0.0.1:8090/#kiosk-token=abc', { userDataDir: '/var/lib/k/profile', kiosk: true, root: false });
    expect(args).toContain('--app=http://127.0.0.1:8090/#kiosk-token=abc');
    expect(args).toContain('--kiosk');
    expect(args).toContain('--user-data-dir=/var/lib/k/profile');
    for (const flag of ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']) expect(args).toContain(flag);
    expect(args).not.toContain('--no-sandbox');
  });

  it('drops the sandbox only when running as root, and full screen only when asked', () => {
    const args = chromiumArgs('http://127.0.0.1:8090/', { userDataDir: '/tmp/p', kiosk: false, root: true });
    expect(args).toContain('--no-sandbox');
    expect(args).not.toContain('--kiosk');
  });

  it('runs the browser on Shanghai time whatever zone the host has, keeping the rest of its environment', () => {
    expect(chromiumEnv({ TZ: 'UTC', DISPLAY: ':0' })).toEqual({ TZ: 'Asia/Shanghai', DISPLAY: ':0' });
  });

  it('honours CHROMIUM_PATH and needs a display', () => {
    expect(findChromium({ CHROMIUM_PATH: '/nonexistent/chromium' })).toBeUndefined();
    expect(hasDisplay({})).toBe(false);
    expect(hasDisplay({ WAYLAND_DISPLAY: 'wayland-0' })).toBe(true);
  });
});
