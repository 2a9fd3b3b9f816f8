/**
 * Finding: an editor could upload an SVG with a <script>, served same-origin as image/svg+xml
 * without a CSP, which ran with the viewer's staff session. Uploads are now checked against
 * their bytes (SVG refused) and every file answer is sandboxed, so files stored before the
 * check cannot run script either (the Chromium test shows it in a browser).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContentFileStore } from '../../src/content/file-store.ts';
import { DIALECTS, withApp } from '../support/app.ts';
import type { TestApp } from '../support/app.ts';
import { loginStaff } from '../support/staff.ts';
import type { StaffClient } from '../support/staff.ts';
import { MEDIA_SAMPLES, SCRIPTED_SVG } from '../support/media-samples.ts';

describe.each(DIALECTS)('content files cannot run script on the server origin (%s)', (dialect) => {
  let t: TestApp;
  let editor: StaffClient;
  beforeAll(async () => {
    t = await withApp(dialect);
    editor = await loginStaff(t, 'content-editor');
  });
  afterAll(async () => {
    await t.close();
  });

  const upload = (type: string, bytes: Uint8Array) =>
    t.inject({ method: 'POST', url: `/api/staff/content/files?type=${encodeURIComponent(type)}`, headers: { cookie: editor.cookie, 'x-csrf-token': editor.csrfToken, 'content-type': 'application/octet-stream' }, payload: Buffer.from(bytes) });
  const fileCount = async () => (await t.services.db.selectFrom('content_files').select('sha256').execute()).length;

  it('serves every file sandboxed and unsniffable, including an SVG with a script stored before uploads were checked', async () => {
    const old = await new ContentFileStore(t.services.db, t.clock.now).put(SCRIPTED_SVG, 'image/svg+xml');
    const png = await upload('image/png', MEDIA_SAMPLES['image/png']);
    expect(png.statusCode, png.body).toBe(201);
    for (const sha of [old.sha256, png.json().sha256 as string]) {
      for (const headers of [{}, { range: 'bytes=0-3' }, { 'if-none-match': `"${sha}"` }, { range: 'bytes=999999-' }]) {
        const res = await t.inject({ method: 'GET', url: `/api/content/files/${sha}`, headers });
        const policy = String(res.headers['content-security-policy']);
        expect(policy.split(';').map((d) => d.trim())).toEqual(expect.arrayContaining(['sandbox', "default-src 'none'"]));
        expect(policy).not.toMatch(/script-src|allow-scripts|unsafe-eval/);
        expect(res.headers['x-content-type-options']).toBe('nosniff');
      }
    }
    // An SVG is a document a browser would open as a page: it is only ever offered as a download.
    const svg = await t.inject({ method: 'GET', url: `/api/content/files/${old.sha256}` });
    expect(svg.headers['content-disposition']).toBe(`attachment; filename="${old.sha256}.svg"`);
    const image = await t.inject({ method: 'GET', url: `/api/content/files/${png.json().sha256}` });
    expect(image.headers['content-disposition']).toBe(`inline; filename="${png.json().sha256}.png"`);
  });

  it('refuses SVG uploads with a typed error and stores nothing', async () => {
    const before = await fileCount();
    const res = await upload('image/svg+xml', SCRIPTED_SVG);
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe('media-type-not-allowed');
    expect(await fileCount()).toBe(before);
  });

  it('refuses bytes that are not what the upload says they are, and stores nothing', async () => {
    const before = await fileCount();
    const html = new TextEncoder().encode('<html><script>fetch("/api/staff/me")</script></html>');
    for (const [type, bytes] of [
      ['image/png', html],
      ['image/png', SCRIPTED_SVG],
      ['image/png', MEDIA_SAMPLES['image/jpeg']],
      ['video/mp4', MEDIA_SAMPLES['video/webm']],
      ['image/webp', MEDIA_SAMPLES['image/png']],
    ] as const) {
      const res = await upload(type, bytes);
      expect(res.statusCode, `${type}: ${res.body}`).toBe(415);
      expect(res.json().error.code).toBe('media-type-mismatch');
    }
    const empty = await t.inject({ method: 'POST', url: '/api/staff/content/files?type=image/png', headers: { cookie: editor.cookie, 'x-csrf-token': editor.csrfToken, 'content-type': 'application/octet-stream' }, payload: Buffer.alloc(0) });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.code).toBe('file-missing');
    expect(await fileCount()).toBe(before);
  });

  it('accepts each allowed type by its real header and serves it back as that type', async () => {
    for (const [type, bytes] of Object.entries(MEDIA_SAMPLES)) {
      const res = await upload(type, bytes);
      expect(res.statusCode, `${type}: ${res.body}`).toBe(201);
      const file = await t.inject({ method: 'GET', url: `/api/content/files/${res.json().sha256}` });
      expect(file.headers['content-type']).toBe(type);
      expect(file.rawPayload.equals(Buffer.from(bytes))).toBe(true);
    }
  });
});
