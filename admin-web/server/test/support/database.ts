import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase } from '../../src/db/database.ts';
import type { DatabaseHandle } from '../../src/db/database.ts';

export type Dialect = 'sqlite' | 'postgres';
/** Every server test runs against both: `describe.each(DIALECTS)('... (%s)', (dialect) => ...)`. */
export const DIALECTS: Dialect[] = ['sqlite', 'postgres'];

export function testDatabaseUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    throw new Error('TEST_DATABASE_URL is not set: the server suite runs against PostgreSQL too. Run `npm test`, or start one with scripts/lib/postgres.mjs and export TEST_DATABASE_URL.');
  }
  return url;
}

/** Where a test's data lives: its own SQLite directory, and on PostgreSQL its own schema. */
export interface DatabaseLocation {
  dataDir: string;
  databaseUrl?: string;
  schema?: string;
  /** Deletes the directory and drops the schema. */
  remove(): Promise<void>;
}

export function freshDatabaseLocation(dialect: Dialect): DatabaseLocation {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'civic-server-test-'));
  const databaseUrl = dialect === 'postgres' ? testDatabaseUrl() : undefined;
  const schema = databaseUrl ? `t_${randomBytes(6).toString('hex')}` : undefined;
  return {
    dataDir,
    databaseUrl,
    schema,
    async remove() {
      if (databaseUrl && schema) {
        const client = new pg.Client({ connectionString: databaseUrl });
        await client.connect();
        await client.query(`drop schema if exists "${schema}" cascade`);
        await client.end();
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface TestDatabase {
  handle: DatabaseHandle;
  close(): Promise<void>;
}

/** A fresh, empty database without the app. */
export async function withDatabase(dialect: Dialect): Promise<TestDatabase> {
  const location = freshDatabaseLocation(dialect);
  const handle = await openDatabase(location);
  return {
    handle,
    async close() {
      await handle.destroy();
      await location.remove();
    },
  };
}
