import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import type { SqliteDatabase } from 'kysely';
import type { Database } from './schema.ts';

export type DialectName = 'sqlite' | 'postgres';

/** Cross-instance notifications: LISTEN/NOTIFY on PostgreSQL, in-process on SQLite. */
export interface Notifier {
  publish(channel: string, payload: string): Promise<void>;
  subscribe(channel: string, handler: (payload: string) => void): Promise<void>;
}

export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: DialectName;
  notifier: Notifier;
  /** True when the database answers a trivial query. */
  ping(): Promise<boolean>;
  destroy(): Promise<void>;
}

export interface DatabaseOptions {
  dataDir: string;
  databaseUrl?: string;
  /** PostgreSQL schema (created when missing). */
  schema?: string;
}

const INT8_OID = 20;
// Millisecond timestamps and counters are int8; they fit a double, so read them as numbers.
const pgTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

export async function openDatabase(opts: DatabaseOptions): Promise<DatabaseHandle> {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl, opts.schema ?? 'public') : openSqlite(opts.dataDir);
}

// Kysely prepares every query afresh; better-sqlite3 statements are reusable, and preparing
// is a large share of a small query's cost. Kysely runs one query at a time per connection.
const STATEMENT_CACHE_SIZE = 1000;

function withStatementCache(file: BetterSqlite3.Database): SqliteDatabase {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => file.close(),
    prepare(sqlText: string) {
      let stmt = cache.get(sqlText);
      if (stmt) {
        // Re-insert: the Map's order is then least-recently-used first.
        cache.delete(sqlText);
      } else {
        stmt = file.prepare(sqlText);
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      }
      cache.set(sqlText, stmt);
      return stmt;
    },
  };
}

/** True when the database answers: what /healthz reports. */
async function ping(db: Kysely<Database>): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}

function openSqlite(dataDir: string): DatabaseHandle {
  mkdirSync(dataDir, { recursive: true });
  const file = new BetterSqlite3(path.join(dataDir, 'civic-kiosk.sqlite'));
  file.pragma('journal_mode = WAL');
  file.pragma('synchronous = NORMAL');
  file.pragma('foreign_keys = ON');
  file.pragma('busy_timeout = 5000');
  // Heartbeats rewrite the same few pages (terminal rows, the newest index leaves) thousands of
  // times a second; a 16 MB WAL lets each checkpoint copy such a page once for many commits.
  file.pragma('wal_autocheckpoint = 4000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(file) }) });
  const bus = new EventEmitter();
  bus.setMaxListeners(0);
  return {
    db,
    dialect: 'sqlite',
    notifier: {
      async publish(channel, payload) {
        bus.emit(channel, payload);
      },
      async subscribe(channel, handler) {
        bus.on(channel, handler);
      },
    },
    ping: () => ping(db),
    async destroy() {
      await db.destroy();
    },
  };
}

function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`invalid schema name '${name}'`);
  return `"${name}"`;
}

async function openPostgres(url: string, schema: string): Promise<DatabaseHandle> {
  const connection = { connectionString: url, types: pgTypes, options: `-c search_path=${quoteIdent(schema)}` };
  const setup = new pg.Client({ connectionString: url });
  await setup.connect();
  try {
    await setup.query(`create schema if not exists ${quoteIdent(schema)}`);
  } finally {
    await setup.end();
  }
  const pool = new pg.Pool({ ...connection, max: 10 });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  // One dedicated connection holds the LISTENs; it reconnects if the server drops it.
  const handlers = new Map<string, ((payload: string) => void)[]>();
  let listener: pg.Client | undefined;
  let closed = false;
  const connectListener = async (): Promise<pg.Client> => {
    const client = new pg.Client(connection);
    await client.connect();
    client.on('notification', (m) => {
      for (const h of handlers.get(m.channel) ?? []) h(m.payload ?? '');
    });
    client.on('error', () => {
      listener = undefined;
      if (!closed) setTimeout(() => void connectListener().catch(() => undefined), 1000);
    });
    for (const channel of handlers.keys()) await client.query(`listen ${quoteIdent(channel)}`);
    listener = client;
    return client;
  };
  return {
    db,
    dialect: 'postgres',
    notifier: {
      async publish(channel, payload) {
        await sql`select pg_notify(${channel}, ${payload})`.execute(db);
      },
      async subscribe(channel, handler) {
        const first = !handlers.has(channel);
        handlers.set(channel, [...(handlers.get(channel) ?? []), handler]);
        const client = listener ?? (await connectListener());
        if (first) await client.query(`listen ${quoteIdent(channel)}`);
      },
    },
    ping: () => ping(db),
    async destroy() {
      closed = true;
      await listener?.end().catch(() => undefined);
      await db.destroy();
    },
  };
}
