/**
 * Delta content updates: a terminal that holds release A and is told about release B
 * fetches only the files whose hashes it lacks (with one download cut half-way and resumed
 * by Range). Prints bytes fetched / bytes changed; target <= 1.05 including the manifest.
 *
 *   npx tsx bench/content-update.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SYSTEM_ACTOR } from '../admin-web/server/src/audit/audit-log.ts';
import { buildApp } from '../admin-web/server/src/app.ts';
import { defaultConfig } from '../admin-web/server/src/config.ts';
import type { AttractFile, NoticesFile } from '../protocol/src/common/content.ts';
import { encodeManifest, missingFiles, verifyFile, verifyManifest, type ContentManifest } from '../protocol/src/common/content-manifest.ts';

const dataDir = mkdtempSync(path.join(tmpdir(), 'bench-content-'));
const app = await buildApp(defaultConfig({ dataDir, port: 0, logLevel: 'silent', processMetrics: false, print: () => undefined, terminals: { ...defaultConfig().terminals, backgroundTimers: false } }));
const base = await app.listen({ host: '127.0.0.1', port: 0 });
const s = app.services;
const releases = s.releases;
const keys = await releases.publicKeys();

let fetched = 0;
async function download(sha256: string, range?: string): Promise<Uint8Array> {
  const res = await fetch(`${base}/api/content/files/${sha256}`, range ? { headers: { range } } : {});
  const bytes = new Uint8Array(await res.arrayBuffer());
  fetched += bytes.byteLength;
  return bytes;
}
async function current(): Promise<ContentManifest> {
  const m = (await releases.forGroup('lobby')).current!;
  const bytes = encodeManifest(m);
  fetched += bytes.byteLength;
  return verifyManifest(bytes, keys);
}

// The terminal syncs release A completely.
const a = await current();
for (const f of a.files) await verifyFile(f, await download(f.sha256));
const have = new Set(a.files.map((f) => f.sha256));
const bytesA = fetched;

// Staff change a notice and replace one attract poster with a new, larger one.
const drafts = await releases.drafts();
const notices = drafts.notices as NoticesFile;
notices.notices[0]!.title = { 'zh-CN': '2026年度城乡居民医保缴费截止提醒', en: 'Residents\' medical insurance for 2026: last call' };
await releases.saveDraft(SYSTEM_ACTOR, 'notices', notices);
const shapes = Array.from({ length: 900 }, (_, i) => `<circle cx="${(i * 37) % 1080}" cy="${(i * 53) % 1920}" r="${8 + (i % 40)}" fill="#${((i * 2654435761) >>> 8).toString(16).padStart(6, '0').slice(0, 6)}" opacity="0.5"/>`).join('\n');
const poster = new TextEncoder().encode(`<svg xmlns="http://www.w3.org/2000/svg" width="1080" height="1920" viewBox="0 0 1080 1920"><rect width="1080" height="1920" fill="#123456"/>\n${shapes}\n<text x="540" y="960" font-size="96" text-anchor="middle" fill="#fff">冬季用气安全</text></svg>\n`);
const stored = await releases.putFile(poster, 'image/svg+xml');
const attract = drafts.attract as AttractFile;
attract.items[1] = { ...attract.items[1]!, file: stored.sha256 };
await releases.saveDraft(SYSTEM_ACTOR, 'attract', attract);
await releases.publish(SYSTEM_ACTOR, { targets: ['all'], note: 'bench release B' });

// The terminal learns of B and fetches what it lacks; the poster download is cut half-way and resumed.
fetched = 0;
const b = await current();
const manifestBytes = fetched;
const lacking = missingFiles(b, have);
const changedBytes = lacking.reduce((n, f) => n + f.size, 0);
for (const f of lacking) {
  let bytes: Uint8Array;
  if (f.size > 4096) {
    const half = Math.floor(f.size / 2);
    const first = await download(f.sha256, `bytes=0-${half - 1}`);
    const rest = await download(f.sha256, `bytes=${half}-`);
    bytes = new Uint8Array([...first, ...rest]);
  } else bytes = await download(f.sha256);
  await verifyFile(f, bytes);
}

const totalB = b.files.reduce((n, f) => n + f.size, 0);
console.log(`release A: ${a.files.length} files, ${bytesA} bytes fetched for a full sync`);
console.log(`release B: ${b.files.length} files (${totalB} bytes), ${lacking.length} changed: ${lacking.map((f) => f.path).join(', ')}`);
console.log(`bytes changed: ${changedBytes}; bytes fetched: ${fetched} (manifest ${manifestBytes}, files ${fetched - manifestBytes})`);
console.log(`fetched / changed, files only: ${((fetched - manifestBytes) / changedBytes).toFixed(3)}`);
console.log(`fetched / changed, with manifest: ${(fetched / changedBytes).toFixed(3)} (target <= 1.05)`);
console.log(`fetched / full release B: ${(fetched / totalB).toFixed(3)}`);

await app.close();
rmSync(dataDir, { recursive: true, force: true });
if (fetched / changedBytes > 1.05) process.exitCode = 1;
