import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { layersRule } from '../layers.js';

const root = path.resolve(import.meta.dirname, '../..');

function lint(file: string, code: string): string[] {
  const linter = new Linter({ configType: 'flat' });
  const messages = linter.verify(
    code,
    [{ files: ['**/*.ts', '**/*.tsx'], languageOptions: { parser: tseslint.parser as Linter.Parser }, plugins: { local: { rules: { layers: layersRule } } }, rules: { 'local/layers': 'error' } }],
    path.join(root, file),
  );
  return messages.map((m) => m.message);
}

describe('runtime layer lint rule', () => {
  it('lets common import common and zod', () => {
    expect(lint('device-drivers/src/common/ccid/frame.ts', "import { z } from 'zod';\nimport { lrc } from './lrc.ts';")).toEqual([]);
  });

  it('stops common from importing node code, node builtins and runtime packages', () => {
    expect(lint('device-drivers/src/common/a.ts', "import { x } from '../node/serial.ts';")).toEqual([expect.stringContaining('common layer may not import the node layer')]);
    expect(lint('device-drivers/src/common/a.ts', "import fs from 'node:fs';")).toEqual([expect.stringContaining('needs Node')]);
    expect(lint('device-drivers/src/common/a.ts', "import iconv from 'iconv-lite';")).toEqual([expect.stringContaining('needs Node')]);
    expect(lint('device-drivers/src/common/a.ts', "import left from 'left-pad';")).toEqual([expect.stringContaining('not on the list')]);
  });

  it('stops the browser from importing node code or node packages', () => {
    expect(lint('kiosk/src/browser/app.tsx', "import { host } from '../node/host.ts';")).toEqual([expect.stringContaining('browser layer may not import the node layer')]);
    expect(lint('kiosk/src/browser/app.tsx', "import { SerialPort } from 'serialport';")).toEqual([expect.stringContaining('needs Node')]);
    expect(lint('kiosk/src/browser/app.tsx', "import { x } from '@civic-kiosk/device-drivers/node/serial-transport';")).toEqual([expect.stringContaining('browser layer may not import the node layer')]);
    expect(lint('kiosk/src/browser/app.tsx', "import { signal } from '@preact/signals';\nimport { x } from '@civic-kiosk/device-drivers/common/escpos';")).toEqual([]);
  });

  it('lets nothing but electron-main import electron-main, and electron only there and in preload', () => {
    expect(lint('kiosk/src/node/host.ts', "import { w } from '../electron-main/window.ts';")).toEqual([expect.stringContaining('node layer may not import the electron-main layer')]);
    expect(lint('kiosk/src/node/host.ts', "import { app } from 'electron';")).toEqual([expect.stringContaining('only for electron-main and preload')]);
    expect(lint('kiosk/src/electron-main/main.ts', "import { app } from 'electron';\nimport { h } from '../node/host.ts';")).toEqual([]);
    expect(lint('kiosk/src/preload/index.ts', "import { contextBridge } from 'electron';\nimport fs from 'node:fs';")).toEqual([expect.stringContaining('needs Node')]);
  });

  it('keeps browser packages out of node and treats the server and admin UI as node and browser', () => {
    expect(lint('admin-web/server/src/app.ts', "import { h } from 'preact';")).toEqual([expect.stringContaining('browser package')]);
    expect(lint('admin-web/ui/src/app.tsx', "import Fastify from 'fastify';")).toEqual([expect.stringContaining('needs Node')]);
  });

  it('reports a source file that belongs to no layer', () => {
    expect(lint('kiosk/src/misc/thing.ts', 'export const a = 1;')).toEqual([expect.stringContaining('belongs to no runtime layer')]);
  });
});
