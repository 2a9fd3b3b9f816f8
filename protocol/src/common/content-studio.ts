/**
 * The console's content studio and the server's staff content routes: drafts, releases, the
 * release in force, uploads and the rollout (which terminal runs which release, and why not
 * the one it should).
 */
import { z } from 'zod';
import { ContentType } from './content.ts';
import { GroupName } from './content-manifest.ts';
import type { StaffRole } from './staff-api.ts';

/** Who edits drafts, uploads files, publishes and rolls back; every staff role reads. */
export const CONTENT_EDITORS = ['admin', 'content-editor'] as const satisfies readonly StaffRole[];
export const CONTENT_READERS = ['admin', 'content-editor', 'operator', 'auditor'] as const satisfies readonly StaffRole[];

export const ReleaseSummary = z.object({
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
export type ReleaseSummary = z.infer<typeof ReleaseSummary>;
export const ReleaseList = z.object({ releases: z.array(ReleaseSummary) });

export const PublishRequest = z.strictObject({
  targets: z.array(GroupName).min(1).max(100),
  notBefore: z.iso.datetime({ offset: true }).optional(),
  note: z.string().max(500).optional(),
});
export type PublishRequest = z.infer<typeof PublishRequest>;

/** The drafts of every content type that has one (each valid for its type's schema). */
export const DraftsAnswer = z.object({ drafts: z.partialRecord(ContentType, z.unknown()) });
export const DraftSaved = z.object({ type: ContentType, saved: z.literal(true) });

/** The newest due release (any group) and its content per type: what drafts are compared with. */
export const ContentInForce = z.object({
  releaseId: z.string().nullable(),
  content: z.partialRecord(ContentType, z.unknown()),
});
export type ContentInForce = z.infer<typeof ContentInForce>;

export const UploadedFile = z.object({ sha256: z.string(), size: z.number(), type: z.string() });
export type UploadedFile = z.infer<typeof UploadedFile>;

// ---- rollout ----------------------------------------------------------------------------

/** A release as one group sees it: the one in force, and the next scheduled one. */
export const GroupRollout = z.object({
  group: z.string(),
  current: z.object({ releaseId: z.string(), createdAt: z.string() }).nullable(),
  upcoming: z.object({ releaseId: z.string(), notBefore: z.string() }).nullable(),
  /** Its enrolled terminals, and how many of them run `current`. */
  terminals: z.number().int(),
  upToDate: z.number().int(),
});
export type GroupRollout = z.infer<typeof GroupRollout>;

/**
 * Why a terminal does not run its group's release in force, most telling first: it is not
 * enrolled or offline; it refused the release (a failed signature or file check); it has not
 * reported since the release came due; it shows a person's session (it switches on its idle
 * screen); or it is still downloading.
 */
export const BEHIND_REASONS = ['not-enrolled', 'offline', 'rejected', 'not-reported', 'busy', 'downloading'] as const;
export const BehindReason = z.enum(BEHIND_REASONS);
export type BehindReason = z.infer<typeof BehindReason>;

export const TerminalRollout = z.object({
  terminalId: z.string(),
  name: z.string(),
  group: z.string(),
  /** The release its latest heartbeat reported. */
  reported: z.string().nullable(),
  lastHeartbeatAt: z.number().nullable(),
  /** Its group's release in force (null: none published for it). */
  expected: z.string().nullable(),
  /** null: up to date (or nothing to run). */
  behind: BehindReason.nullable(),
  /** The terminal's own words when it refused the release (its error code). */
  rejection: z.string().nullable(),
});
export type TerminalRollout = z.infer<typeof TerminalRollout>;

/** The terminals listed: those behind first, at most ROLLOUT_LIST_MAX of them. */
export const ROLLOUT_LIST_MAX = 500;
export const Rollout = z.object({ groups: z.array(GroupRollout), terminals: z.array(TerminalRollout), total: z.number().int() });
export type Rollout = z.infer<typeof Rollout>;
