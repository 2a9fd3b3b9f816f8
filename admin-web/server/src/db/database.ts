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
  /**
   * Called once listening again after the connection that listens was lost: notifications
   * published meanwhile were missed, so subscribers re-read what they would have been told.
   */
  onReconnect(handler: () => void): void;
}

/** The application name of the connection holding the LISTENs (operators see it in pg_stat_activity). */
export const LISTENER_APPLICATION_NAME = 'civic-kiosk-listener';

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
      // In-process: nothing to lose.
      onReconnect() {},
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
  // An idle pooled connection that PostgreSQL drops is discarded by the pool and replaced on
  // the next query; unhandled, the pool's error event would end the process.
  pool.on('error', () => undefined);
  // A connection lost while checked out but between queries (a transaction waiting on the
  // group commit) emits its error on the client, where the pool listens only while it is
  // idle: unheard, it ended the process when PostgreSQL restarted. Its next query fails
  // instead (a 503) and the pool drops it on release.
  pool.on('connect', (client) => client.on('error', () => undefined));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  // One dedicated connection holds the LISTENs. If it is lost (PostgreSQL restarted, a
  // network cut, an idle-session timeout) it is re-opened with back-off until it is back.
  const handlers = new Map<string, ((payload: string) => void)[]>();
  const reconnected: (() => void)[] = [];
  let listener: pg.Client | undefined;
  let reconnecting = false;
  let closed = false;
  const connectListener = async (): Promise<pg.Client> => {
    const client = new pg.Client({ ...connection, application_name: `${LISTENER_APPLICATION_NAME}:${schema}` });
    client.on('notification', (m) => {
      for (const h of handlers.get(m.channel) ?? []) h(m.payload ?? '');
    });
    let lost = false;
    const onLost = () => {
      if (lost) return;
      lost = true;
      if (listener === client) listener = undefined;
      client.end().catch(() => undefined);
      if (!closed) void reconnect();
    };
    client.on('error', onLost);
    client.on('end', onLost);
    try {
      await client.connect();
      for (const channel of handlers.keys()) await client.query(`listen ${quoteIdent(channel)}`);
    } catch (e) {
      lost = true;
      await client.end().catch(() => undefined);
      throw e;
    }
    listener = client;
    return client;
  };
  const reconnect = async () => {
    if (reconnecting) return;
    reconnecting = true;
    try {
      for (let delayMs = 100; !closed; delayMs = Math.min(delayMs * 2, 10_000)) {
        await new Promise((r) => setTimeout(r, delayMs));
        if (closed) return;
        try {
          await connectListener();
        } catch {
          continue; // PostgreSQL is not back yet.
        }
        for (const fn of reconnected) fn();
        return;
      }
    } finally {
      reconnecting = false;
    }
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
        // A reconnection under way listens on every channel, this one included.
        if (reconnecting) return;
        const client = listener ?? (await connectListener());
        if (first) await client.query(`listen ${quoteIdent(channel)}`);
      },
      onReconnect(handler) {
        reconnected.push(handler);
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
