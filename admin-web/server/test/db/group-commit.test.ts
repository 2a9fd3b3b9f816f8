import { sql } from 'kysely';
import type { Kysely, Transaction } from 'kysely';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GroupCommit } from '../../src/db/group-commit.ts';
import type { Database } from '../../src/db/schema.ts';
import { DIALECTS, withDatabase } from '../support/database.ts';
import type { TestDatabase } from '../support/database.ts';

// A scratch table outside the typed schema: the group commit does not care what it writes.
type Untyped = Kysely<{ scratch: { k: string; lane: string } }>;
const untyped = (trx: Transaction<Database>) => trx as unknown as Untyped;

describe.each(DIALECTS)('GroupCommit (%s)', (dialect) => {
  let t: TestDatabase;
  let commits: GroupCommit;
  const rows = async () => (await sql<{ k: string }>`select k from scratch order by k`.execute(t.handle.db)).rows.map((r) => r.k);

  beforeEach(async () => {
    t = await withDatabase(dialect);
    await sql`create table scratch (k varchar(64) primary key, lane varchar(16) not null)`.execute(t.handle.db);
    commits = new GroupCommit(t.handle.db);
  });
  afterEach(() => t.close());

  /** A writer inserting its keys; true for each key it inserted. */
  const inserter = (lane: string, seen: (readonly string[])[] = []) =>
    commits.writer<string, boolean>(async (trx, keys) => {
      seen.push(keys);
      await untyped(trx)
        .insertInto('scratch')
        .values(keys.map((k) => ({ k, lane })))
        .execute();
      return keys.map(() => true);
    });

  it('writes what two writers submit together in one transaction and answers each submitter', async () => {
    const seenA: (readonly string[])[] = [];
    const seenB: (readonly string[])[] = [];
    const a = inserter('nonces', seenA);
    const b = inserter('heartbeats', seenB);
    const transactions = vi.spyOn(t.handle.db, 'startTransaction');
    const results = await Promise.all([a('a1'), b('b1'), a('a2'), b('b2'), b('b3')]);
    expect(results).toEqual([true, true, true, true, true]);
    expect(seenA).toEqual([['a1', 'a2']]);
    expect(seenB).toEqual([['b1', 'b2', 'b3']]);
    // One transaction, so one commit, carried all five rows.
    expect(transactions).toHaveBeenCalledTimes(1);
    expect(await rows()).toEqual(['a1', 'a2', 'b1', 'b2', 'b3']);
  });

  it('fails only the writer that failed: its rows are rolled back, the other writer commits', async () => {
    const good = inserter('good');
    const bad = commits.writer<string, boolean>(async (trx, keys) => {
      await untyped(trx)
        .insertInto('scratch')
        .values(keys.map((k) => ({ k, lane: 'bad' })))
        .execute();
      throw new Error('back office exploded after writing');
    });
    const settled = await Promise.allSettled([good('g1'), bad('x1'), good('g2'), bad('x2')]);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected']);
    expect((settled[1] as PromiseRejectedResult).reason).toMatchObject({ message: 'back office exploded after writing' });
    expect(await rows()).toEqual(['g1', 'g2']);
  });

  it('rejects a writer that answers for the wrong number of items, and writes nothing of it', async () => {
    const short = commits.writer<string, boolean>(async (trx, keys) => {
      await untyped(trx)
        .insertInto('scratch')
        .values(keys.map((k) => ({ k, lane: 'short' })))
        .execute();
      return [true];
    });
    await expect(Promise.all([short('s1'), short('s2')])).rejects.toThrow(/2 items/);
    expect(await rows()).toEqual([]);
  });

  it('groups what arrives while a commit is running into the next commit', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const batches: (readonly string[])[] = [];
    const slow = commits.writer<string, string>(async (trx, keys) => {
      batches.push(keys);
      if (batches.length === 1) await gate;
      await untyped(trx)
        .insertInto('scratch')
        .values(keys.map((k) => ({ k, lane: 'slow' })))
        .execute();
      return keys.map((k) => `stored ${k}`);
    });
    const first = slow('k1');
    await new Promise((r) => setTimeout(r, 20));
    const later = [slow('k2'), slow('k3'), slow('k4')];
    await new Promise((r) => setTimeout(r, 20));
    expect(batches).toEqual([['k1']]);
    release();
    expect(await Promise.all([first, ...later])).toEqual(['stored k1', 'stored k2', 'stored k3', 'stored k4']);
    expect(batches).toEqual([['k1'], ['k2', 'k3', 'k4']]);
    expect(await rows()).toEqual(['k1', 'k2', 'k3', 'k4']);
  });

  it('rejects every item of a batch whose statement fails, and keeps working afterwards', async () => {
    const a = inserter('a');
    // The same key twice in one statement violates the primary key: the statement fails.
    await expect(Promise.all([a('dup'), a('dup')])).rejects.toThrow();
    expect(await rows()).toEqual([]);
    expect(await a('after')).toBe(true);
    expect(await rows()).toEqual(['after']);
  });
});
