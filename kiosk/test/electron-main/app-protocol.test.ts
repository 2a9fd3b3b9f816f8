import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';

const registered: unknown[] = [];
vi.mock('electron', () => ({ protocol: { registerSchemesAsPrivileged: (s: unknown[]) => registered.push(...s) } }));
const { appProtocolResponse, registerAppScheme } = await import('../../src/electron-main/app-protocol.ts');

async function ui() {
  const root = await mkdtemp(path.join(tmpdir(), 'kiosk-app-'));
  const dir = path.join(root, 'ui');
  await mkdir(path.join(dir, 'assets'), { recursive: true });
  await writeFile(path.join(dir, 'index.html'), '<!doctype html><title>ui</title>');
  await writeFile(path.join(dir, 'assets', 'a.js'), 'x');
  await writeFile(path.join(root, 'secret.txt'), 'secret');
  return dir;
}

const noContent = { active: undefined, servable: () => undefined };

describe('app:// protocol', () => {
  it('registers app as a standard, secure scheme', () => {
    registerAppScheme();
    expect(registered).toEqual([expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) })]);
  });

  it('serves the UI with the CSP, routes to index.html, and nothing outside the UI dir', async () => {
    const uiDir = await ui();
    const index = await appProtocolResponse('app://kiosk/', { uiDir, content: noContent });
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await (await appProtocolResponse('app://kiosk/bills', { uiDir, content: noContent })).text()).toContain('<title>ui</title>');
    expect((await appProtocolResponse('app://kiosk/assets/a.js', { uiDir, content: noContent })).headers.get('content-type')).toContain('javascript');
    const escape = await appProtocolResponse('app://kiosk/..%2fsecret.txt', { uiDir, content: noContent });
    expect(await escape.text()).not.toContain('secret');
    expect((await appProtocolResponse('app://other/', { uiDir, content: noContent })).status).toBe(404);
  });

  it('serves the active manifest and only files it lists', async () => {
    const uiDir = await ui();
    const blob = path.join(uiDir, 'assets', 'a.js');
    const content = {
      active: { releaseId: 'r1', manifest: {} as never, bytes: new TextEncoder().encode('{"releaseId":"r1"}') },
      servable: (sha: string) => (sha === 'a'.repeat(64) ? { path: blob, type: 'image/png' } : undefined),
    };
    expect(await (await appProtocolResponse('app://kiosk/content/manifest.json', { uiDir, content })).text()).toBe('{"releaseId":"r1"}');
    const file = await appProtocolResponse(`app://kiosk/content/files/${'a'.repeat(64)}`, { uiDir, content });
    expect(file.headers.get('content-type')).toBe('image/png');
    expect((await appProtocolResponse(`app://kiosk/content/files/${'b'.repeat(64)}`, { uiDir, content })).status).toBe(404);
  });
});
