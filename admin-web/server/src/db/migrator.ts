import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { DialectName } from './database.ts';
import { migrations } from './migrations/index.ts';

/** One schema change, written once for both dialects with the helpers in ./columns.ts. */
export interface Migration {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the schema as it was, not as typed today
  up(db: Kysely<any>, dialect: DialectName): Promise<void>;
}

/**
 * Applies pending migrations in name order, each in its own transaction. On PostgreSQL an
 * advisory lock keeps two instances starting together from racing.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- runs before and beneath any typed schema
export async function migrate(db: Kysely<any>, dialect: DialectName, list: readonly [string, Migration][] = migrations): Promise<string[]> {
  await db.schema
    .createTable('schema_migrations')
    .ifNotExists()
    .addColumn('name', 'varchar(200)', (c) => c.primaryKey())
    .addColumn('applied_at', 'bigint', (c) => c.notNull())
    .execute();
  const applied: string[] = [];
  const sorted = [...list].sort((a, b) => a[0].localeCompare(b[0]));
  for (const [name, migration] of sorted) {
    await db.transaction().execute(async (trx) => {
      if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(724155)`.execute(trx);
      const done = await sql<{ name: string }>`select name from schema_migrations where name = ${name}`.execute(trx);
      if (done.rows.length > 0) return;
      await migration.up(trx, dialect);
      await sql`insert into schema_migrations (name, applied_at) values (${name}, ${Date.now()})`.execute(trx);
      applied.push(name);
    });
  }
  return applied;
}
