import { createHash, webcrypto } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '@civic-kiosk/protocol/canonical-json';
import { contentKeyId, signManifest, TamperedManifestError } from '@civic-kiosk/protocol/content-manifest';
import type { ContentManifest, ContentPublicKey } from '@civic-kiosk/protocol/content-manifest';
import { ContentStore } from '../../../src/node/content/content-store.ts';
import { ContentSync } from '../../../src/node/content/content-sync.ts';
import type { ContentSource } from '../../../src/node/content/content-sync.ts';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const bytes = (s: string) => new TextEncoder().encode(s);

async function signer() {
  const pair = (await webcrypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const raw = new Uint8Array(await webcrypto.subtle.exportKey('raw', pair.publicKey));
  const pkcs8 = new Uint8Array(await webcrypto.subtle.exportKey('pkcs8', pair.privateKey));
  const keyId = await contentKeyId(raw);
  const key: ContentPublicKey = { keyId, alg: 'Ed25519', publicKey: Buffer.from(raw).toString('hex') };
  return {
    key,
    async release(releaseId: string, files: Record<string, Uint8Array>): Promise<ContentManifest> {
      return signManifest(
        {
          schemaVersion: 1,
          releaseId,
          createdAt: '2026-11-20T08:00:00.000Z',
          targets: ['all'],
          files: Object.entries(files).map(([p, b]) => ({ path: p, sha256: sha(b), size: b.byteLength, type: p.endsWith('.json') ? 'application/json' : 'image/png' })),
        },
        pkcs8,
        keyId,
      );
    },
  };
}

/** A content server in memory: blobs by hash, Range honoured, a hook to cut a download short. */
function server(blobs: Map<string, Uint8Array>) {
  const state = { manifest: undefined as Uint8Array | undefined, upcoming: undefined as Uint8Array | undefined, offsets: [] as number[], cut: undefined as { hash: string; after: number } | undefined, tamper: undefined as string | undefined };
  const source: ContentSource = {
    manifest: async () => ({ current: state.manifest, upcoming: state.upcoming }),
    file: async (hash, offset) => {
      state.offsets.push(offset);
      let body = blobs.get(hash);
      if (!body) return new Response(null, { status: 404 });
      if (state.tamper === hash) body = bytes('not what was signed');
      body = body.subarray(offset);
      if (state.cut?.hash === hash) {
        const cut = body.subarray(0, state.cut.after);
        state.cut = undefined;
        // The connection drops mid-body.
        let pulls = 0;
        const stream = new ReadableStream({
          pull(c) {
            if (pulls++ === 0) c.enqueue(cut);
            else c.error(new Error('connection reset'));
          },
        });
        return new Response(stream, { status: offset > 0 ? 206 : 200 });
      }
      return new Response(new Uint8Array(body), { status: offset > 0 ? 206 : 200 });
    },
  };
  return { state, source };
}

async function setup() {
  const s = await signer();
  const dir = await mkdtemp(path.join(tmpdir(), 'kiosk-content-'));
  const store = new ContentStore(dir, () => [s.key]);
  await store.open();
  const blobs = new Map<string, Uint8Array>();
  const srv = server(blobs);
  const switched: string[] = [];
  let idle = true;
  const sync = new ContentSync({
    store,
    source: srv.source,
    trustedKeys: () => [s.key],
    groups: () => ['xuhui'],
    isIdle: () => idle,
    onSwitched: (r) => switched.push(r.releaseId),
  });
  const publish = async (id: string, files: Record<string, Uint8Array>) => {
    for (const b of Object.values(files)) blobs.set(sha(b), b);
    const m = await s.release(id, files);
    srv.state.manifest = bytes(canonicalJson(m));
    return m;
  };
  return { s, dir, store, srv, sync, switched, publish, setIdle: (v: boolean) => (idle = v) };
}

const index1 = bytes('{"notices":[]}');
const image = new Uint8Array(200_000).map((_, i) => i % 251);

describe('content sync', () => {
  it('downloads a signed release, switches to it and serves only its files', async () => {
    const t = await setup();
    await t.publish('r1', { 'index.json': index1, 'images/a.png': image });
    expect(await t.sync.sync()).toEqual({ status: 'switched', releaseId: 'r1' });
    expect(t.switched).toEqual(['r1']);
    expect(t.store.active?.releaseId).toBe('r1');
    expect(t.store.servable(sha(image))?.type).toBe('image/png');
    expect(await readFile(t.store.servable(sha(image))!.path)).toEqual(Buffer.from(image));
    expect(await t.sync.sync()).toEqual({ status: 'up-to-date', releaseId: 'r1' });
  });

  it('resumes an interrupted download with a Range request and never shows the half release', async () => {
    const t = await setup();
    await t.publish('r1', { 'index.json': index1 });
    await t.sync.sync();
    await t.publish('r2', { 'index.json': bytes('{"notices":[1]}'), 'images/a.png': image });
    t.srv.state.cut = { hash: sha(image), after: 70_000 };
    await expect(t.sync.sync()).rejects.toThrow();
    // The old release is still the one shown, complete.
    expect(t.store.active?.releaseId).toBe('r1');
    expect(t.store.servable(sha(image))).toBeUndefined();
    t.srv.state.offsets = [];
    expect(await t.sync.sync()).toEqual({ status: 'switched', releaseId: 'r2' });
    expect(t.srv.state.offsets).toContain(70_000);
    expect(await readFile(t.store.servable(sha(image))!.path)).toEqual(Buffer.from(image));
  });

  it('rejects a tampered manifest with the protocol error and keeps the old release', async () => {
    const t = await setup();
    await t.publish('r1', { 'index.json': index1 });
    await t.sync.sync();
    await t.publish('r2', { 'index.json': bytes('{"notices":[2]}') });
    t.srv.state.manifest = bytes(new TextDecoder().decode(t.srv.state.manifest!).replace('"r2"', '"r3"'));
    await expect(t.sync.sync()).rejects.toMatchObject({ code: 'manifest-bad-signature' });
    t.srv.state.manifest = bytes(new TextDecoder().decode(t.srv.state.manifest!).replace('{', '{ '));
    await expect(t.sync.sync()).rejects.toBeInstanceOf(TamperedManifestError);
    expect(t.store.active?.releaseId).toBe('r1');
  });

  it('refuses a file whose bytes do not match the manifest', async () => {
    const t = await setup();
    await t.publish('r1', { 'index.json': index1, 'images/a.png': image });
    t.srv.state.tamper = sha(image);
    await expect(t.sync.sync()).rejects.toMatchObject({ code: 'content-size-mismatch' });
    expect(t.store.active).toBeUndefined();
    expect(await t.store.haveHashes()).not.toContain(sha(image));
  });

  it('waits for the idle screen before switching', async () => {
    const t = await setup();
    await t.publish('r1', { 'index.json': index1 });
    t.setIdle(false);
    expect(await t.sync.sync()).toEqual({ status: 'waiting-for-idle', releaseId: 'r1' });
    expect(t.store.active).toBeUndefined();
    expect(await t.sync.idle()).toBeUndefined();
    t.setIdle(true);
    expect(await t.sync.idle()).toBe('r1');
    expect(t.switched).toEqual(['r1']);
  });

  /** r1 is current; r2, with an image r1 lacks, is scheduled next. */
  const withUpcoming = async () => {
    const t = await setup();
    await t.publish('r1', { 'index.json': index1 });
    const current = t.srv.state.manifest;
    await t.publish('r2', { 'index.json': bytes('{"notices":[9]}'), 'images/a.png': image });
    t.srv.state.upcoming = t.srv.state.manifest;
    t.srv.state.manifest = current;
    return t;
  };

  it('fetches the next scheduled release ahead without showing it, so its switch downloads nothing', async () => {
    const t = await withUpcoming();
    expect(await t.sync.sync()).toEqual({ status: 'switched', releaseId: 'r1' });
    expect(t.store.active?.releaseId).toBe('r1');
    expect(t.store.servable(sha(image))).toBeUndefined();
    expect(await t.store.haveHashes()).toContain(sha(image));
    t.srv.state.manifest = t.srv.state.upcoming;
    t.srv.state.upcoming = undefined;
    t.srv.state.offsets = [];
    expect(await t.sync.sync()).toEqual({ status: 'switched', releaseId: 'r2' });
    expect(t.srv.state.offsets).toEqual([]);
  });

  it('reports the current release fine when fetching the next scheduled one ahead fails, and retries it next sync', async () => {
    const t = await withUpcoming();
    t.srv.state.tamper = sha(image);
    expect(await t.sync.sync()).toEqual({ status: 'switched', releaseId: 'r1' });
    expect(t.store.active?.releaseId).toBe('r1');
    expect(await t.store.haveHashes()).not.toContain(sha(image));
    t.srv.state.tamper = undefined;
    expect(await t.sync.sync()).toEqual({ status: 'up-to-date', releaseId: 'r1' });
    expect(await t.store.haveHashes()).toContain(sha(image));
  });

  it('keeps the previous release for rollback, across a restart', async () => {
    const t = await setup();
    await t.publish('r1', { 'index.json': index1 });
    await t.sync.sync();
    await t.publish('r2', { 'index.json': bytes('{"notices":[2]}') });
    await t.sync.sync();
    expect(t.store.previous?.releaseId).toBe('r1');
    const reopened = new ContentStore(t.dir, () => [t.s.key]);
    await reopened.open();
    expect(reopened.active?.releaseId).toBe('r2');
    expect(await reopened.rollback()).toBe(true);
    expect(reopened.active?.releaseId).toBe('r1');
    expect(reopened.servable(sha(index1))).toBeDefined();
  });

  it('does not show a stored release whose manifest was altered on disk', async () => {
    const t = await setup();
    await t.publish('r1', { 'index.json': index1 });
    await t.sync.sync();
    const file = path.join(t.dir, 'releases', 'r1.json');
    await writeFile(file, (await readFile(file, 'utf8')).replace('index.json', 'index.jsom'));
    const reopened = new ContentStore(t.dir, () => [t.s.key]);
    await reopened.open();
    expect(reopened.active).toBeUndefined();
  });
});
