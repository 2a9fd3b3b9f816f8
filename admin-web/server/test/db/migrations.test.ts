import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../src/db/migrator.ts';
import { migrations } from '../../src/db/migrations/index.ts';
import { DIALECTS, withDatabase } from '../support/database.ts';
import type { TestDatabase } from '../support/database.ts';

describe.each(DIALECTS)('migrations (%s)', (dialect) => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await withDatabase(dialect);
  });
  afterEach(() => t.close());

  it('apply once, in order, and a second start applies nothing', async () => {
    expect(await migrate(t.handle.db, dialect)).toEqual(migrations.map(([name]) => name));
    expect(await migrate(t.handle.db, dialect)).toEqual([]);
  });

  it('carry the nonces of the last minutes across the upgrade that re-keys them, so a replay stays refused', async () => {
    const before = migrations.filter(([name]) => name < '0104');
    await migrate(t.handle.db, dialect, before);
    const seen = { terminal_id: 'term-1', nonce: 'nonce-seen-before-the-upgrade', expires_at: 1_790_000_300_000 };
    await t.handle.db.insertInto('terminal_nonces').values(seen).execute();

    expect(await migrate(t.handle.db, dialect)).toContain('0104_terminal_nonces_by_time');
    expect(await t.handle.db.selectFrom('terminal_nonces').selectAll().execute()).toEqual([seen]);
    // The same signed request again (same timestamp, so the same expiry) is a conflict.
    const replay = await t.handle.db.insertInto('terminal_nonces').values(seen).onConflict((oc) => oc.columns(['expires_at', 'terminal_id', 'nonce']).doNothing()).returning('nonce').execute();
    expect(replay).toEqual([]);
    // Pruning by expiry still works on the new key.
    await sql`delete from terminal_nonces where expires_at < ${seen.expires_at + 1}`.execute(t.handle.db);
    expect(await t.handle.db.selectFrom('terminal_nonces').selectAll().execute()).toEqual([]);
  });
});
