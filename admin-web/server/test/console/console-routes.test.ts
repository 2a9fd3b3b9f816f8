/** Before the console is built, its paths say so in the server's error model; nothing else changes. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withApp } from '../support/app.ts';
import type { TestApp } from '../support/app.ts';

describe('admin console not built', () => {
  let t: TestApp;
  let empty: string;
  beforeAll(async () => {
    empty = await mkdtemp(path.join(tmpdir(), 'no-console-'));
    t = await withApp('sqlite', { config: { adminConsoleDir: empty } });
  });
  afterAll(async () => {
    await t?.close();
    await rm(empty, { recursive: true, force: true });
  });

  it('answers its pages with 404 console-not-built and its assets with 404 not-found', async () => {
    for (const url of ['/', '/login', '/fleet']) {
      const res = await t.inject({ method: 'GET', url });
      expect([url, res.statusCode, res.json().error.code]).toEqual([url, 404, 'console-not-built']);
    }
    const asset = await t.inject({ method: 'GET', url: '/assets/index-abc.js' });
    expect([asset.statusCode, asset.json().error.code]).toEqual([404, 'not-found']);
    const otherType = await t.inject({ method: 'GET', url: '/assets/secrets.txt' });
    expect(otherType.statusCode).toBe(404);
  });
});
