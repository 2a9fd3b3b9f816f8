import { sql } from 'kysely';
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { FleetStatus, StatusRules } from './terminal-status.ts';
import { NEVER_STUCK } from './terminal-status.ts';

type Eb = ExpressionBuilder<Database, 'terminals'>;

/**
 * `deriveStatus` as a WHERE condition, so the fleet list filters by status in the database
 * (10,000 terminals are not loaded to show one page). Kept equal to `deriveStatus` by a test.
 */
export function statusCondition(eb: Eb, status: FleetStatus, now: number, rules: StatusRules): Expression<SqlBool> {
  if (status === 'pending' || status === 'revoked') return eb('status', '=', status);
  const downBefore = now - rules.heartbeatIntervalMs * rules.missedHeartbeatsForDown;
  const lastSeen = eb.fn.coalesce('last_heartbeat_at', 'enrolled_at', sql.lit(now));
  const down = eb(lastSeen, '<', downBefore);
  const stuck = eb.and([
    eb('screen_since', 'is not', null),
    eb('screen_since', '<', now - rules.stuckAfterMs),
    eb('screen_key', 'is not', null),
    ...[...NEVER_STUCK].map((mode) => eb('screen_key', 'not like', `${mode}/%`)),
  ]);
  const active = eb('status', '=', 'active');
  if (status === 'down') return eb.and([active, down]);
  if (status === 'stuck') return eb.and([active, eb.not(down), stuck]);
  return eb.and([active, eb.not(down), eb.not(stuck)]);
}
