/**
 * The content studio frames the kiosk UI (`/kiosk-preview`). Only that page may be framed, and
 * only by this origin, as a sandbox without this origin; only its build files and its media
 * may be loaded from the sandbox's opaque origin. Every other answer keeps the server's policy.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContentFileStore } from '../../src/content/file-store.ts';
import { DIALECTS, withApp } from '../support/app.ts';
import type { TestApp } from '../support/app.ts';
import { MEDIA_SAMPLES, SCRIPTED_SVG } from '../support/media-samples.ts';

const directives = (res: LightMyRequestResponse): string[] =>
  String(res.headers['content-security-policy'])
    .split(';')
    .map((d) => d.trim());

describe.each(DIALECTS)('kiosk preview headers (%s)', (dialect) => {
  let t: TestApp;
  let dir: string;
  let png: string;
  let svg: string;
  let json: string;
  beforeAll(async () => {
    // A stand-in build: these tests are about the headers, not the kiosk's bundle.
    dir = await mkdtemp(path.join(tmpdir(), 'kiosk-preview-headers-'));
    await mkdir(path.join(dir, 'assets'));
    await writeFile(path.join(dir, 'preview.html'), '<!doctype html><title>preview</title><script type="module" src="/kiosk-preview/assets/preview-abc123.js"></script>');
    await writeFile(path.join(dir, 'assets/preview-abc123.js'), 'export {};');
    t = await withApp(dialect, { config: { kioskPreviewDir: dir } });
    const store = new ContentFileStore(t.services.db, t.clock.now);
    png = (await store.put(MEDIA_SAMPLES['image/png'], 'image/png')).sha256;
    svg = (await store.put(SCRIPTED_SVG, 'image/svg+xml')).sha256;
    json = (await store.put(new TextEncoder().encode('{"notices":[]}'), 'application/json')).sha256;
  });
  afterAll(async () => {
    await t.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves the preview page sandboxed without this origin, framed only by this origin, connecting nowhere', async () => {
    const res = await t.inject({ method: 'GET', url: '/kiosk-preview' });
    expect(res.statusCode).toBe(200);
    expect(directives(res)).toEqual(expect.arrayContaining(['sandbox allow-scripts', "frame-ancestors 'self'", "script-src 'self'", "connect-src 'none'", "form-action 'none'", "frame-src 'none'"]));
    expect(String(res.headers['content-security-policy'])).not.toMatch(/allow-same-origin|unsafe-inline|unsafe-eval|\*/);
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('lets the sandbox load its build files and the drafts\' images, and nothing else', async () => {
    const asset = await t.inject({ method: 'GET', url: '/kiosk-preview/assets/preview-abc123.js' });
    expect(asset.statusCode).toBe(200);
    expect([asset.headers['access-control-allow-origin'], asset.headers['cross-origin-resource-policy']]).toEqual(['*', 'cross-origin']);
    const image = await t.inject({ method: 'GET', url: `/kiosk-preview/content/files/${png}` });
    expect(image.statusCode).toBe(200);
    expect(image.headers['content-type']).toBe('image/png');
    expect(image.rawPayload).toEqual(Buffer.from(MEDIA_SAMPLES['image/png']));
    expect(directives(image)).toEqual(expect.arrayContaining(['sandbox', "default-src 'none'"]));
    expect([image.headers['cross-origin-resource-policy'], image.headers['access-control-allow-origin']]).toEqual(['cross-origin', undefined]);
    // The seed release's SVG images show on screens; opened on their own they run nothing, as at /api/content/files.
    const drawing = await t.inject({ method: 'GET', url: `/kiosk-preview/content/files/${svg}` });
    expect([drawing.statusCode, drawing.headers['content-disposition']]).toEqual([200, `attachment; filename="${svg}.svg"`]);
    expect(directives(drawing)).toEqual(expect.arrayContaining(['sandbox', "default-src 'none'"]));
    expect(String(drawing.headers['content-security-policy'])).not.toMatch(/allow-scripts|script-src/);
    // Content JSON (drafts travel by message) and unknown hashes are not served here.
    for (const sha of [json, 'f'.repeat(64)]) expect((await t.inject({ method: 'GET', url: `/kiosk-preview/content/files/${sha}` })).statusCode).toBe(404);
    expect((await t.inject({ method: 'GET', url: '/kiosk-preview/assets/..%2Fpreview.html' })).statusCode).toBe(400);
  });

  it('keeps the server policy everywhere else: no framing, same-origin resources', async () => {
    for (const url of ['/', '/content', '/api/staff/me', `/api/content/files/${png}`, '/kiosk-preview/assets/missing-abc.js']) {
      const res = await t.inject({ method: 'GET', url });
      expect(directives(res), url).toContain("frame-ancestors 'none'");
      expect(res.headers['x-frame-options'], url).toBe('DENY');
      expect(res.headers['cross-origin-resource-policy'], url).toBe('same-origin');
      expect(res.headers['access-control-allow-origin'], url).toBeUndefined();
    }
  });
});
