import { Readable } from 'node:stream';
import { z } from 'zod';
import { ContentType } from '@civic-kiosk/protocol/content';
import { CONTENT_PATHS, ContentManifest, ContentManifestAnswer, ContentPublicKey, ManifestFile } from '@civic-kiosk/protocol/content-manifest';
import { CONTENT_EDITORS, CONTENT_READERS, ContentInForce, DraftSaved, DraftsAnswer, PublishRequest, ReleaseList, ReleaseSummary, Rollout, UploadedFile } from '@civic-kiosk/protocol/content-studio';
import { staffActor } from '../../audit/audit-log.ts';
import { ApiError, notFound } from '../../errors.ts';
import { defineRoute } from '../../http/route.ts';
import type { RouteModule } from '../../services.ts';
import { contentFileHeaders } from '../../content/file-headers.ts';
import type { MediaType } from '../../content/file-store.ts';
import { isUploadMediaType, sniffMediaType, UPLOAD_MEDIA_TYPES } from '../../content/media-sniff.ts';
import type { UploadMediaType } from '../../content/media-sniff.ts';
import { parseRange } from '../../content/range.ts';
import { contentRollout } from '../../content/rollout.ts';

const EDITORS = { staff: CONTENT_EDITORS } as const;
const READERS = { staff: CONTENT_READERS } as const;

const Sha = z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/) });
const ReleaseParams = z.object({ releaseId: z.string().min(1).max(64) });

/** Only media a browser never runs script from may be uploaded; refused before the body is read. */
function uploadable(declared: MediaType): UploadMediaType {
  if (isUploadMediaType(declared)) return declared;
  throw new ApiError('media-type-not-allowed', 415, `${declared} is not accepted (SVG can carry script); upload one of ${UPLOAD_MEDIA_TYPES.join(', ')}`);
}

/** The type an upload's first bytes show, which must be the type it was sent as. */
function checkUpload(declared: UploadMediaType, head: Uint8Array): UploadMediaType {
  if (head.byteLength === 0) throw new ApiError('file-missing', 400, 'Send the file as an application/octet-stream body');
  const actual = sniffMediaType(head);
  if (actual !== declared) throw new ApiError('media-type-mismatch', 415, `The file is not ${declared}${actual ? ` but ${actual}` : ''}`);
  return actual;
}

/**
 * Content routes: staff drafts and releases, the terminal's manifest, public keys and
 * content-addressed files.
 */
export const contentRoutes: RouteModule = (s) => {
  const { releases, contentFiles } = s;
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
      url: CONTENT_PATHS.file(':sha256'),
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
          .headers(contentFileHeaders(file))
          .header('etag', etag)
          .header('cache-control', 'public, max-age=31536000, immutable')
          .header('accept-ranges', 'bytes')
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
      url: CONTENT_PATHS.manifest,
      summary: "The signed manifest a terminal should show now, and the next scheduled one for its group",
      tags: ['content', 'terminal'],
      auth: 'terminal',
      response: ContentManifestAnswer,
      async handler({ terminal }) {
        const { current, upcoming } = await releases.forGroup(terminal.group);
        return { current, upcoming, keys: await releases.publicKeys() };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/staff/content/drafts',
      summary: 'The working drafts of every content type',
      tags: ['content'],
      auth: READERS,
      response: DraftsAnswer,
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
      response: DraftSaved,
      async handler({ params, body, staff }) {
        await releases.saveDraft(staffActor(staff), params.type, body);
        return { type: params.type, saved: true as const };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/staff/content/files',
      summary: 'Upload a PNG, JPEG or WebP image or an MP4 or WebM video (raw bytes, Content-Type application/octet-stream, checked against `type`); returns its hash for use in drafts',
      tags: ['content'],
      auth: EDITORS,
      query: z.object({ type: ManifestFile.shape.type.exclude(['application/json']) }),
      bodyLimit: s.config.contentUploadLimitBytes,
      streamBody: true,
      status: 201,
      response: UploadedFile,
      async handler({ query, bodyStream, staff }) {
        const declared = uploadable(query.type);
        const stored = await contentFiles.putStream(bodyStream!, (head) => checkUpload(declared, head));
        await s.audit.record(staffActor(staff), 'content.file.upload', { type: 'content-file', id: stored.sha256 }, { size: stored.size, type: stored.type });
        return stored;
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/staff/content/releases',
      summary: 'Published releases, newest first',
      tags: ['content'],
      auth: READERS,
      response: ReleaseList,
      async handler() {
        return { releases: await releases.list() };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/staff/content/in-force',
      summary: 'The content of the newest due release (any group), per type: what the drafts are compared with',
      tags: ['content'],
      auth: READERS,
      response: ContentInForce,
      async handler() {
        return releases.contentInForce();
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/staff/content/rollout',
      summary: "Per group the release in force and the next scheduled one; per terminal the release it reports and why it is behind",
      tags: ['content'],
      auth: READERS,
      response: Rollout,
      async handler() {
        return contentRollout({ db: s.db, releases, terminals: s.terminals });
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
      body: PublishRequest,
      status: 201,
      response: ReleaseSummary,
      async handler({ body, staff }) {
        return releases.publish(staffActor(staff), body);
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/staff/content/releases/:releaseId/republish',
      summary: 'Roll back: publish an earlier release again as the newest one',
      tags: ['content'],
      auth: EDITORS,
      params: ReleaseParams,
      body: PublishRequest.partial(),
      status: 201,
      response: ReleaseSummary,
      async handler({ params, body, staff }) {
        return releases.republish(staffActor(staff), params.releaseId, body);
      },
    }),
  ];
};

