/**
 * Finding: bodies were read whole before anyone was asked who sent them, so one anonymous
 * 100 MB upload cost the server 70 MB of memory. Now auth runs before a body is read, every
 * route's body is capped, and uploads stream into storage up to a limit.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TerminalApiPaths } from '@civic-kiosk/protocol/terminal-api';
import { DIALECTS, withApp } from '../support/app.ts';
import type { TestApp } from '../support/app.ts';
import { uploadUntilAnswered } from '../support/http-upload.ts';
import { loginStaff } from '../support/staff.ts';
import type { StaffClient } from '../support/staff.ts';
import { listen } from '../support/terminal.ts';

const MiB = 1024 * 1024;
const UPLOAD_LIMIT = 4 * MiB;
/** The start of an MP4 (ISO BMFF `ftyp` box), so the bytes pass the media check. */
const MP4_HEAD = Buffer.from('000000186674797069736f6d0000020069736f6d69736f32', 'hex');
/** A body announced by its length, and one sent without (chunked). */
const FRAMINGS = (total: number): Record<string, string>[] => [{ 'content-length': String(total) }, { 'transfer-encoding': 'chunked' }];
/**
 * What a client gets to send before it reads the refusal: socket buffers on both ends of the
 * loopback, plus what the server drops while it lingers. A server that reads the body first
 * lets the whole 100 MiB through.
 */
const UNREAD_SLACK = 32 * MiB;

describe.each(DIALECTS)('request bodies are bounded and read only for callers allowed to send them (%s)', (dialect) => {
  let t: TestApp;
  let base: string;
  let editor: StaffClient;
  beforeAll(async () => {
    t = await withApp(dialect, { config: { contentUploadLimitBytes: UPLOAD_LIMIT } });
    base = await listen(t);
    editor = await loginStaff(t, 'content-editor');
  });
  afterAll(async () => {
    await t.close();
  });

  const uploadUrl = `/api/staff/content/files?type=video/mp4`;
  const stored = async () => ({
    files: (await t.services.db.selectFrom('content_files').select('sha256').execute()).length,
    chunks: (await t.services.db.selectFrom('content_file_chunks').select('sha256').execute()).length,
  });

  it('refuses an anonymous 100 MB upload before reading it', async () => {
    const total = 100 * MiB;
    for (const framing of FRAMINGS(total)) {
      const res = await uploadUntilAnswered(base + uploadUrl, { headers: { 'content-type': 'application/octet-stream', ...framing }, total, head: MP4_HEAD });
      expect(res.status).toBe(401);
      expect(JSON.parse(res.body).error.code).toBe('unauthenticated');
      expect(res.bytesSent).toBeLessThan(UNREAD_SLACK);
    }
  });

  it('refuses a large body to a signed terminal route from a caller that is not an enrolled terminal before reading it', async () => {
    const total = 50 * MiB;
    const res = await uploadUntilAnswered(base + TerminalApiPaths.heartbeat, { headers: { 'content-type': 'application/json', 'content-length': String(total) }, total });
    expect(res.status).toBe(401);
    expect(JSON.parse(res.body).error.code).toBe('signature-missing');
    expect(res.bytesSent).toBeLessThan(UNREAD_SLACK);
  });

  it('cuts off a client that goes on sending after its refusal', async () => {
    // Sends 64 KiB every 10 ms whatever the server says, until the connection breaks.
    const outcome = await new Promise<{ status: number | undefined; sent: number; ms: number }>((resolve) => {
      const started = Date.now();
      const req = request(base + uploadUrl, { method: 'POST', headers: { 'content-type': 'application/octet-stream', 'content-length': String(100 * MiB) } });
      let status: number | undefined;
      let sent = 0;
      req.on('response', (res) => {
        status = res.statusCode;
        res.resume();
      });
      const timer = setInterval(() => {
        if (sent >= 100 * MiB) return;
        req.write(Buffer.alloc(64 * 1024));
        sent += 64 * 1024;
      }, 10);
      req.on('error', () => undefined);
      req.on('close', () => {
        clearInterval(timer);
        resolve({ status, sent, ms: Date.now() - started });
      });
    });
    expect(outcome.status).toBe(401);
    expect(outcome.sent).toBeLessThan(UNREAD_SLACK);
    expect(outcome.ms).toBeLessThan(10_000);
  });

  it("caps a staff member's JSON body to what the route needs, far below the upload limit", async () => {
    const res = await editor.request('POST', '/api/staff/content/releases', { targets: ['all'], note: 'x'.repeat(200 * 1024) });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('body-too-large');
  });

  it('answers an over-limit upload with 413 and stores nothing, whether or not it announced its length', async () => {
    const before = await stored();
    const total = UPLOAD_LIMIT + MiB;
    for (const framing of FRAMINGS(total)) {
      const res = await uploadUntilAnswered(base + uploadUrl, {
        headers: { 'content-type': 'application/octet-stream', cookie: editor.cookie, 'x-csrf-token': editor.csrfToken, ...framing },
        total,
        head: MP4_HEAD,
      });
      expect(res.status).toBe(413);
      expect(JSON.parse(res.body).error).toEqual({ code: 'body-too-large', message: expect.stringContaining('4194304') });
      expect(res.bytesSent).toBeLessThanOrEqual(total);
    }
    expect(await stored()).toEqual(before);
    expect(await t.services.db.selectFrom('content_upload_chunks').select('seq').execute()).toEqual([]);
  });

  it('documents the upload as a byte stream with its limit', async () => {
    const doc = (await t.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const body = doc.paths['/api/staff/content/files'].post.requestBody;
    expect(Object.keys(body.content)).toEqual(['application/octet-stream']);
    expect(body.description).toBe(`At most ${UPLOAD_LIMIT} bytes`);
  });

  it('writes an upload to storage while it is still arriving, not after holding it whole', async () => {
    const total = 3 * MiB + 123;
    let seenWhileArriving = 0;
    const res = await uploadUntilAnswered(base + uploadUrl, {
      headers: { 'content-type': 'application/octet-stream', cookie: editor.cookie, 'x-csrf-token': editor.csrfToken, 'content-length': String(total) },
      total,
      head: MP4_HEAD,
      async progress(sent) {
        if (sent < 2.5 * MiB || seenWhileArriving > 0) return;
        // Two full chunks have been sent: the server stores them before the rest arrives.
        for (let i = 0; i < 200 && seenWhileArriving < 2; i++) {
          seenWhileArriving = (await t.services.db.selectFrom('content_upload_chunks').select('seq').execute()).length;
          if (seenWhileArriving < 2) await new Promise((r) => setTimeout(r, 25));
        }
      },
    });
    expect(res.status, res.body).toBe(201);
    expect(seenWhileArriving).toBe(2);
    const { sha256, size } = JSON.parse(res.body) as { sha256: string; size: number };
    expect(size).toBe(total);
    const file = await t.inject({ method: 'GET', url: `/api/content/files/${sha256}` });
    expect(file.rawPayload.length).toBe(total);
    expect(file.rawPayload.subarray(0, MP4_HEAD.length).equals(MP4_HEAD)).toBe(true);
    expect(await t.services.db.selectFrom('content_upload_chunks').select('seq').execute()).toEqual([]);
  });
});
