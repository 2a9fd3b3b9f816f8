import { Readable } from 'node:stream';
import { z } from 'zod';
import { ContentType } from '@civic-kiosk/protocol/content';
import { ContentManifest, ContentPublicKey, GroupName, ManifestFile } from '@civic-kiosk/protocol/content-manifest';
import { staffActor } from '../audit/audit-log.ts';
import { ApiError, notFound } from '../errors.ts';
import { defineRoute } from '../http/route.ts';
import type { StaffPrincipal } from '../http/route.ts';
import type { RouteModule } from '../services.ts';
import { parseRange } from './range.ts';
import { ContentReleases } from './release-service.ts';
import { DEFAULT_CONTENT_DIR, ensureInitialRelease } from './seed.ts';

const EDITORS = { staff: ['admin', 'content-editor'] } as const;
const READERS = { staff: ['admin', 'content-editor', 'operator', 'auditor'] } as const;

const ReleaseSummary = z.object({
  releaseId: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  targets: z.array(z.string()),
  notBefore: z.string().nullable(),
  sourceReleaseId: z.string().nullable(),
  note: z.string(),
  files: z.number(),
  bytes: z.number(),
});
const PublishBody = z.strictObject({
  targets: z.array(GroupName).min(1).max(100),
  notBefore: z.iso.datetime({ offset: true }).optional(),
  note: z.string().max(500).optional(),
});
const Sha = z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/) });
const ReleaseParams = z.object({ releaseId: z.string().min(1).max(64) });

const actorOf = (staff: StaffPrincipal | undefined) => staffActor(staff!);

/**
 * Content routes: staff drafts and releases, the terminal's manifest, public keys and
 * content-addressed files. On first start the default content in `content/` is published.
 */
export const contentRoutes: RouteModule = async (s) => {
  const releases = new ContentReleases(s.db, s.audit, s.now);
  await releases.signingKey();
  if (await ensureInitialRelease(releases, process.env.CONTENT_SEED_DIR || DEFAULT_CONTENT_DIR)) s.log.info('published the default content release');

  return [
    defineRoute({
      method: 'GET',
      url: '/api/content/keys',
      summary: 'Public keys that sign content manifests (terminals pin them at enrolment)',
      tags: ['content'],
      auth: 'public',
      response: z.object({ keys: z.array(ContentPublicKey) }),
      async handler() {
        return { keys: await releases.publicKeys() };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/content/files/:sha256',
      summary: 'A content file by its sha256: immutable, ETag = hash, supports Range for resumed downloads',
      tags: ['content'],
      auth: 'public',
      params: Sha,
      raw: true,
      rawContentType: 'application/octet-stream',
      response: z.string(),
      async handler({ params, request, reply }) {
        const file = await releases.getFile(params.sha256);
        if (!file) throw notFound(`file ${params.sha256}`);
        const etag = `"${params.sha256}"`;
        reply
          .header('etag', etag)
          .header('cache-control', 'public, max-age=31536000, immutable')
          .header('accept-ranges', 'bytes')
          .header('x-content-type-options', 'nosniff')
          .type(file.mediaType);
        if (request.headers['if-none-match'] === etag) {
          await reply.code(304).send();
          return;
        }
        const ifRange = request.headers['if-range'];
        const range = ifRange && ifRange !== etag ? ({ kind: 'full' } as const) : parseRange(request.headers.range, file.size);
        if (range.kind === 'unsatisfiable') {
          await reply.code(416).header('content-range', `bytes */${file.size}`).type('application/json').send({ error: { code: 'range-not-satisfiable', message: `File has ${file.size} bytes` } });
          return;
        }
        // Streamed chunk by chunk: a resumed video download never loads the whole video.
        const [start, end] = range.kind === 'partial' ? [range.start, range.end] : [0, file.size - 1];
        if (range.kind === 'partial') reply.code(206).header('content-range', `bytes ${start}-${end}/${file.size}`);
        reply.header('content-length', String(end - start + 1));
        await reply.send(file.size === 0 ? Buffer.alloc(0) : Readable.from(file.read(start, end), { objectMode: false }));
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/terminal/content/manifest',
      summary: "The signed manifest a terminal should show now, and the next scheduled one for its group",
      tags: ['content', 'terminal'],
      auth: 'terminal',
      response: z.object({ current: ContentManifest.nullable(), upcoming: ContentManifest.nullable(), keys: z.array(ContentPublicKey) }),
      async handler({ terminal }) {
        const { current, upcoming } = await releases.forGroup(terminal!.group);
        return { current, upcoming, keys: await releases.publicKeys() };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/staff/content/drafts',
      summary: 'The working drafts of every content type',
      tags: ['content'],
      auth: READERS,
      response: z.object({ drafts: z.record(z.string(), z.unknown()) }),
      async handler() {
        return { drafts: await releases.drafts() };
      },
    }),
    defineRoute({
      method: 'PUT',
      url: '/api/staff/content/drafts/:type',
      summary: "Replace one content type's draft (validated by its schema)",
      tags: ['content'],
      auth: EDITORS,
      params: z.object({ type: ContentType }),
      body: z.unknown(),
      bodyLimit: 8 * 1024 * 1024,
      response: z.object({ type: ContentType, saved: z.literal(true) }),
      async handler({ params, body, staff }) {
        await releases.saveDraft(actorOf(staff), params.type, body);
        return { type: params.type, saved: true as const };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/staff/content/files',
      summary: 'Upload an image or video (raw bytes, Content-Type application/octet-stream); returns its hash for use in drafts',
      tags: ['content'],
      auth: EDITORS,
      query: z.object({ type: ManifestFile.shape.type.exclude(['application/json']) }),
      bodyLimit: 200 * 1024 * 1024,
      status: 201,
      response: z.object({ sha256: z.string(), size: z.number(), type: z.string() }),
      async handler({ query, request, staff }) {
        const bytes = request.body;
        if (!(bytes instanceof Uint8Array) || bytes.byteLength === 0) throw new ApiError('file-missing', 400, 'Send the file as an application/octet-stream body');
        const stored = await releases.putFile(bytes, query.type);
        await s.audit.record(actorOf(staff), 'content.file.upload', { type: 'content-file', id: stored.sha256 }, { size: stored.size, type: stored.type });
        return stored;
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/staff/content/releases',
      summary: 'Published releases, newest first',
      tags: ['content'],
      auth: READERS,
      response: z.object({ releases: z.array(ReleaseSummary) }),
      async handler() {
        return { releases: await releases.list() };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/staff/content/releases/:releaseId',
      summary: "A release's signed manifest",
      tags: ['content'],
      auth: READERS,
      params: ReleaseParams,
      response: z.object({ manifest: ContentManifest }),
      async handler({ params }) {
        return { manifest: await releases.manifest(params.releaseId) };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/staff/content/releases',
      summary: 'Publish the drafts as a new signed release for terminal groups, optionally not before a time',
      tags: ['content'],
      auth: EDITORS,
      body: PublishBody,
      status: 201,
      response: ReleaseSummary,
      async handler({ body, staff }) {
        return releases.publish(actorOf(staff), body);
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/staff/content/releases/:releaseId/republish',
      summary: 'Roll back: publish an earlier release again as the newest one',
      tags: ['content'],
      auth: EDITORS,
      params: ReleaseParams,
      body: PublishBody.partial(),
      status: 201,
      response: ReleaseSummary,
      async handler({ params, body, staff }) {
        return releases.republish(actorOf(staff), params.releaseId, body);
      },
    }),
  ];
};

