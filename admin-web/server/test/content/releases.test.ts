import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ContentVerificationError, encodeManifest, missingFiles, verifyFile, verifyManifest, type ContentManifest, type ContentPublicKey } from '@civic-kiosk/protocol/content-manifest';
import { parseContentFile } from '@civic-kiosk/protocol/content';
import { CONTENT_CHUNK_BYTES } from '../../src/content/file-store.ts';
import { DIALECTS, type TestApp } from '../support/app.ts';
import { MEDIA_SAMPLES } from '../support/media-samples.ts';
import { loginStaff, type StaffClient } from '../support/staff.ts';
import { appWithTerminal, TestTerminal } from '../support/terminal.ts';

interface ManifestAnswer { current: ContentManifest | null; upcoming: ContentManifest | null; keys: ContentPublicKey[] }

describe.each(DIALECTS)('content releases (%s)', (dialect) => {
  let t: TestApp;
  let editor: StaffClient;
  let kiosk: TestTerminal;
  beforeEach(async () => {
    ({ t, kiosk } = await appWithTerminal(dialect));
    editor = await loginStaff(t, 'content-editor');
  });
  afterEach(async () => t.close());

  const manifestFor = async (term: TestTerminal) => {
    const res = await term.request('GET', '/api/terminal/content/manifest');
    expect(res.statusCode).toBe(200);
    return res.json() as ManifestAnswer;
  };
  const fetchFile = (sha: string, headers: Record<string, string> = {}) => t.inject({ method: 'GET', url: `/api/content/files/${sha}`, headers });
  const publish = async (body: object) => {
    const res = await editor.request('POST', '/api/staff/content/releases', body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { releaseId: string };
  };

  it('publishes the default content on first start; a terminal verifies it and every file', async () => {
    const { current, keys } = await manifestFor(kiosk);
    expect(current).not.toBeNull();
    const manifest = await verifyManifest(encodeManifest(current!), keys);
    expect(manifest.targets).toEqual(['all']);
    for (const f of manifest.files) {
      const res = await fetchFile(f.sha256);
      expect(res.statusCode).toBe(200);
      await verifyFile(f, res.rawPayload);
    }
    const guidesEntry = manifest.files.find((f) => f.path === 'guides.json')!;
    const guides = parseContentFile('guides', (await fetchFile(guidesEntry.sha256)).rawPayload);
    expect(guides.guides.length).toBeGreaterThanOrEqual(10);
    const publicKeys = (await t.inject({ method: 'GET', url: '/api/content/keys' })).json() as { keys: ContentPublicKey[] };
    expect(publicKeys.keys).toEqual(keys);
  });

  it('detects a manifest tampered on the way (hash of a file swapped)', async () => {
    const { current, keys } = await manifestFor(kiosk);
    const tampered = { ...current!, files: current!.files.map((f, i) => (i === 0 ? { ...f, sha256: '0'.repeat(64) } : f)) };
    await expect(verifyManifest(encodeManifest(tampered), keys)).rejects.toBeInstanceOf(ContentVerificationError);
  });

  it('serves files immutably with strong caching and resumable ranges', async () => {
    const { current } = await manifestFor(kiosk);
    const f = current!.files.find((x) => x.size > 1000)!;
    const full = await fetchFile(f.sha256);
    expect(full.headers.etag).toBe(`"${f.sha256}"`);
    expect(full.headers['cache-control']).toContain('immutable');
    expect(full.headers['accept-ranges']).toBe('bytes');
    expect((await fetchFile(f.sha256, { 'if-none-match': `"${f.sha256}"` })).statusCode).toBe(304);
    // A download cut after 500 bytes resumes from there and the result verifies.
    const first = (await fetchFile(f.sha256, { range: 'bytes=0-499' }));
    expect(first.statusCode).toBe(206);
    expect(first.headers['content-range']).toBe(`bytes 0-499/${f.size}`);
    const rest = await fetchFile(f.sha256, { range: 'bytes=500-', 'if-range': `"${f.sha256}"` });
    expect(rest.statusCode).toBe(206);
    await verifyFile(f, Buffer.concat([first.rawPayload, rest.rawPayload]));
    expect((await fetchFile(f.sha256, { range: 'bytes=-10' })).rawPayload).toEqual(full.rawPayload.subarray(f.size - 10));
    const past = await fetchFile(f.sha256, { range: `bytes=${f.size}-` });
    expect(past.statusCode).toBe(416);
    expect(past.headers['content-range']).toBe(`bytes */${f.size}`);
    expect((await fetchFile('f'.repeat(64))).statusCode).toBe(404);
  });

  it('targets releases at groups, honours the schedule, and rolls back by re-publishing', async () => {
    const street = await TestTerminal.add(t, 'street');
    const initial = (await manifestFor(kiosk)).current!;
    const drafts = ((await editor.request('GET', '/api/staff/content/drafts')).json() as { drafts: Record<string, { hotlines: { name: object }[] }> }).drafts;
    const hotlines = drafts.hotlines!;
    hotlines.hotlines[0]!.name = { 'zh-CN': '市民热线（新）', en: 'Citizen hotline (new)' };
    expect((await editor.request('PUT', '/api/staff/content/drafts/hotlines', hotlines)).statusCode).toBe(200);
    const lobbyOnly = await publish({ targets: ['lobby'], note: 'new hotline name' });

    expect((await manifestFor(kiosk)).current!.releaseId).toBe(lobbyOnly.releaseId);
    expect((await manifestFor(street)).current!.releaseId).toBe(initial.releaseId);
    // Only the hotlines file (and the manifest) changed.
    const changed = missingFiles((await manifestFor(kiosk)).current!, new Set(initial.files.map((f) => f.sha256)));
    expect(changed.map((f) => f.path)).toEqual(['hotlines.json']);

    const later = new Date(t.clock.now() + 3600_000).toISOString();
    const scheduled = await publish({ targets: ['all'], notBefore: later });
    let answer = await manifestFor(street);
    expect(answer.current!.releaseId).toBe(initial.releaseId);
    expect(answer.upcoming!.releaseId).toBe(scheduled.releaseId);
    t.clock.advance(3600_000);
    answer = await manifestFor(street);
    expect(answer.current!.releaseId).toBe(scheduled.releaseId);
    expect(answer.upcoming).toBeNull();

    const rollback = await editor.request('POST', `/api/staff/content/releases/${initial.releaseId}/republish`, {});
    expect(rollback.statusCode).toBe(201);
    const back = (await manifestFor(kiosk)).current!;
    expect(back.releaseId).toBe((rollback.json() as { releaseId: string }).releaseId);
    expect(back.files).toEqual(initial.files);

    const list = (await editor.request('GET', '/api/staff/content/releases')).json() as { releases: { releaseId: string; sourceReleaseId: string | null }[] };
    expect(list.releases[0]!.sourceReleaseId).toBe(initial.releaseId);
    const audit = await t.services.db.selectFrom('audit_log').select('action').where('action', 'like', 'content.%').execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['content.draft.save', 'content.release.publish', 'content.release.republish']));
  });

  it('refuses invalid drafts and dangling image references, and non-editors', async () => {
    const bad = await editor.request('PUT', '/api/staff/content/drafts/hotlines', { hotlines: [{ id: 'x' }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('content-invalid');
    const attract = { items: [{ id: 'ghost', kind: 'image', file: 'e'.repeat(64), durationSeconds: 5, alt: { 'zh-CN': '无', en: 'none' } }] };
    expect((await editor.request('PUT', '/api/staff/content/drafts/attract', attract)).statusCode).toBe(200);
    const res = await editor.request('POST', '/api/staff/content/releases', { targets: ['all'] });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('content-inconsistent');
    const operator = await loginStaff(t, 'operator');
    expect((await operator.request('POST', '/api/staff/content/releases', { targets: ['all'] })).statusCode).toBe(403);
  });

  it('publishes an uploaded image referenced by a draft', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5f0d9b50000000049454e44ae426082', 'hex');
    const up = await t.inject({ method: 'POST', url: '/api/staff/content/files?type=image/png', headers: { cookie: editor.cookie, 'x-csrf-token': editor.csrfToken, 'content-type': 'application/octet-stream' }, payload: png });
    expect(up.statusCode, up.body).toBe(201);
    const { sha256 } = up.json() as { sha256: string };
    const attract = { items: [{ id: 'dot', kind: 'image', file: sha256, durationSeconds: 5, alt: { 'zh-CN': '点', en: 'dot' } }] };
    expect((await editor.request('PUT', '/api/staff/content/drafts/attract', attract)).statusCode).toBe(200);
    await publish({ targets: ['all'] });
    const m = (await manifestFor(kiosk)).current!;
    expect(m.files.find((f) => f.sha256 === sha256)).toMatchObject({ type: 'image/png', size: png.length });
  });

  it('serves a video larger than a storage chunk whole and in ranges across chunk boundaries, byte for byte', async () => {
    // 2.5 chunks of bytes that differ by position, so a chunk out of order or off by one shows.
    const video = Buffer.alloc(Math.floor(2.5 * CONTENT_CHUNK_BYTES));
    for (let i = 0; i < video.length; i++) video[i] = (i * 31 + (i >> 11)) & 0xff;
    video.set(MEDIA_SAMPLES['video/mp4']);
    const up = await t.inject({ method: 'POST', url: '/api/staff/content/files?type=video/mp4', headers: { cookie: editor.cookie, 'x-csrf-token': editor.csrfToken, 'content-type': 'application/octet-stream' }, payload: video });
    expect(up.statusCode, up.body).toBe(201);
    const { sha256 } = up.json() as { sha256: string };
    const full = await fetchFile(sha256);
    expect(full.statusCode).toBe(200);
    expect(full.headers['content-length']).toBe(String(video.length));
    expect(full.headers['content-type']).toBe('video/mp4');
    expect(full.rawPayload.equals(video)).toBe(true);
    const edge = CONTENT_CHUNK_BYTES;
    for (const [start, end] of [[edge - 10, edge + 9], [0, edge - 1], [edge, 2 * edge], [edge - 1, 2 * edge + 1], [2 * edge + 5, video.length - 1]] as const) {
      const part = await fetchFile(sha256, { range: `bytes=${start}-${end}` });
      expect(part.statusCode).toBe(206);
      expect(part.headers['content-range']).toBe(`bytes ${start}-${end}/${video.length}`);
      expect(part.headers['content-length']).toBe(String(end - start + 1));
      expect(part.rawPayload.equals(video.subarray(start, end + 1))).toBe(true);
    }
    // Uploading the same bytes again stores nothing new and serves the same file.
    const again = await t.inject({ method: 'POST', url: '/api/staff/content/files?type=video/mp4', headers: { cookie: editor.cookie, 'x-csrf-token': editor.csrfToken, 'content-type': 'application/octet-stream' }, payload: video });
    expect(again.json()).toMatchObject({ sha256 });
    expect((await fetchFile(sha256)).rawPayload.equals(video)).toBe(true);
  });
});
