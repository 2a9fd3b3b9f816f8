/**
 * The rollout: per group the release in force and the next scheduled one; per terminal the
 * release its latest heartbeat reported and, when that is not its group's, the likeliest
 * reason, from what the server knows (status, heartbeats, the terminal's content-rejected
 * events).
 */
import type { Kysely } from 'kysely';
import { ROLLOUT_LIST_MAX } from '@civic-kiosk/protocol/content-studio';
import type { BehindReason, Rollout, TerminalRollout } from '@civic-kiosk/protocol/content-studio';
import type { ContentManifest } from '@civic-kiosk/protocol/content-manifest';
import type { TerminalView } from '@civic-kiosk/protocol/staff-api';
import type { Database } from '../db/schema.ts';
import type { TerminalRegistry } from '../terminals/terminal-registry.ts';
import { isIdleScreen, screenKeyOf } from '../fleet/terminal-status.ts';
import type { ContentReleases } from './release-service.ts';

/** What a kiosk reports when it refuses a release (kiosk-core's syncContent). */
const REJECTED_EVENT = 'content-rejected';

export interface RolloutDeps {
  db: Kysely<Database>;
  releases: ContentReleases;
  terminals: TerminalRegistry;
}

/** Why `t` does not run `expected` (released at `dueAt`); `rejectedAt` is its latest refusal. */
export function behindReason(t: TerminalView, dueAt: number, rejectedAt: number | undefined): BehindReason {
  if (t.status === 'pending') return 'not-enrolled';
  if (t.status === 'down') return 'offline';
  if (rejectedAt !== undefined && rejectedAt >= dueAt) return 'rejected';
  if (t.lastHeartbeatAt === null || t.lastHeartbeatAt < dueAt) return 'not-reported';
  if (t.heartbeat && !isIdleScreen(screenKeyOf(t.heartbeat.screen))) return 'busy';
  return 'downloading';
}

const dueAt = (m: ContentManifest): number => Date.parse(m.schedule?.notBefore ?? m.createdAt);

export async function contentRollout({ db, releases, terminals }: RolloutDeps): Promise<Rollout> {
  const fleet = (await terminals.list()).filter((t) => t.status !== 'revoked');
  const groups = [...new Set(fleet.map((t) => t.group))].sort();
  const byGroup = await releases.forGroups(groups);
  const since = Math.min(...[...byGroup.values()].flatMap((g) => (g.current ? [dueAt(g.current)] : [])));
  const rejections = new Map<string, { at: number; code: string }>();
  if (Number.isFinite(since)) {
    const rows = await db.selectFrom('terminal_events').select(['terminal_id', 'at', 'detail']).where('type', '=', REJECTED_EVENT).where('at', '>=', since).orderBy('at').execute();
    for (const r of rows) {
      const detail = JSON.parse(r.detail) as { code?: unknown } | null;
      rejections.set(r.terminal_id, { at: Number(r.at), code: typeof detail?.code === 'string' ? detail.code : REJECTED_EVENT });
    }
  }
  const rows: TerminalRollout[] = fleet.map((t) => {
    const current = byGroup.get(t.group)!.current;
    const reported = t.heartbeat?.contentVersion ?? null;
    const rejected = rejections.get(t.id);
    const behind = current && reported !== current.releaseId ? behindReason(t, dueAt(current), rejected?.at) : null;
    return {
      terminalId: t.id,
      name: t.name,
      group: t.group,
      reported,
      lastHeartbeatAt: t.lastHeartbeatAt,
      expected: current?.releaseId ?? null,
      behind,
      rejection: behind === 'rejected' ? rejected!.code : null,
    };
  });
  rows.sort((a, b) => Number(b.behind !== null) - Number(a.behind !== null) || a.group.localeCompare(b.group) || a.name.localeCompare(b.name));
  return {
    groups: groups.map((group) => {
      const { current, upcoming } = byGroup.get(group)!;
      const mine = rows.filter((r) => r.group === group);
      return {
        group,
        current: current ? { releaseId: current.releaseId, createdAt: current.createdAt } : null,
        upcoming: upcoming ? { releaseId: upcoming.releaseId, notBefore: upcoming.schedule!.notBefore! } : null,
        terminals: mine.length,
        upToDate: mine.filter((r) => r.expected !== null && r.reported === r.expected).length,
      };
    }),
    terminals: rows.slice(0, ROLLOUT_LIST_MAX),
    total: rows.length,
  };
}
