/**
 * The kiosk side of the content studio's preview tests: the kiosk UI built in preview mode
 * (served by the district server at /kiosk-preview), and the kiosk's own terminal build served
 * with a given release, to compare a preview with what a terminal shows.
 */
import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { BrowserContext, Page } from 'playwright-core';
import { makeRelease, startStaticServer } from '../../../../kiosk/test/support/static-server.ts';
import type { StaticServer } from '../../../../kiosk/test/support/static-server.ts';

const require = createRequire(import.meta.url);
const KIOSK_DIR = path.resolve(import.meta.dirname, '../../../../kiosk');

/** Builds the kiosk's preview UI into a fresh temporary folder (for `kioskPreviewDir`). */
export async function buildKioskPreview(): Promise<string> {
  const outDir = await mkdtemp(path.join(tmpdir(), 'kiosk-preview-'));
  const vite = path.join(path.dirname(require.resolve('vite/package.json')), 'bin/vite.js');
  const config = path.join(KIOSK_DIR, 'vite.preview.config.ts');
  await promisify(execFile)(process.execPath, [vite, 'build', '--config', config, '--outDir', outDir, '--logLevel', 'error'], { maxBuffer: 16 * 1024 * 1024 });
  return outDir;
}

/**
 * The kiosk test support that builds dist/ui (shared with the kiosk's own browser tests: one
 * build per source change, under their lock). Loaded by a computed path because that module is
 * written for the DOM library, which this test tree is type-checked without.
 */
async function ensureKioskBuilt(): Promise<string> {
  const support = path.join(KIOSK_DIR, 'test/support/browser.ts');
  const { ensureBuilt, UI_DIR } = (await import(support)) as { ensureBuilt(): Promise<void>; UI_DIR: string };
  await ensureBuilt();
  return UI_DIR;
}

/**
 * A terminal's bridge reduced to what an information screen needs (enrolled, online, nothing
 * else), as page source: the terminal whose screen the preview is compared with.
 */
const TERMINAL_BRIDGE = `(() => {
  const info = { enrolled: true, terminalId: 'T-0042', terminalName: null, serverUrl: null, appVersion: '0.1.0', contentReleaseId: 'r-draft', online: true, maintenance: false, shell: 'browser' };
  const answers = { 'terminal.info': info, 'devices.health': {} };
  const call = (channel) => async () => answers[channel];
  // Any service the bridge has (or gains), every call answered with nothing.
  const service = (name) => new Proxy({}, { get: (_t, method) => call(name + '.' + String(method)) });
  window.kiosk = new Proxy({}, { get: (_t, key) => (key === 'then' ? undefined : key === 'on' ? () => () => undefined : key === 'endSession' ? call(key) : service(String(key))) });
})();`;

export interface TerminalUi {
  /** A page of the kiosk's terminal build at 1080x1920 showing `content` (type → file). */
  open(context: BrowserContext): Promise<Page>;
  close(): Promise<void>;
}

/** The kiosk's terminal build, served with a release made of `content` (one JSON file per type). */
export async function serveTerminalUi(content: Record<string, unknown>): Promise<TerminalUi> {
  const uiDir = await ensureKioskBuilt();
  const files = Object.fromEntries(Object.entries(content).map(([type, body]) => [`${type}.json`, new TextEncoder().encode(JSON.stringify(body))]));
  const index = { schemaVersion: 1, files: Object.fromEntries(Object.keys(content).map((type) => [type, `${type}.json`])) };
  const server: StaticServer = await startStaticServer(uiDir, makeRelease('r-draft', { ...files, 'index.json': new TextEncoder().encode(JSON.stringify(index)) }));
  return {
    async open(context) {
      const page = await context.newPage();
      await page.setViewportSize({ width: 1080, height: 1920 });
      await page.addInitScript({ content: TERMINAL_BRIDGE });
      await page.goto(server.url);
      return page;
    },
    close: () => server.close(),
  };
}
