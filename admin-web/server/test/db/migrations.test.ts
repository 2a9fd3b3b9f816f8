import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sha256Hex } from '@civic-kiosk/protocol/content-bytes';
import { CONTENT_CHUNK_BYTES, ContentFileStore } from '../../src/content/file-store.ts';
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

  it('split content files stored as one blob into chunks on upgrade, and serve them unchanged', async () => {
    await migrate(t.handle.db, dialect, migrations.filter(([name]) => name < '0202'));
    const bytes = Buffer.alloc(Math.floor(1.5 * CONTENT_CHUNK_BYTES));
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7) & 0xff;
    const sha256 = await sha256Hex(bytes);
    await t.handle.db.insertInto('content_files').values({ sha256, size: bytes.length, media_type: 'video/webm', data: bytes, created_at: 1 } as never).execute();

    expect(await migrate(t.handle.db, dialect)).toContain('0202_content_file_chunks');
    const file = (await new ContentFileStore(t.handle.db, () => 2).get(sha256))!;
    expect(file).toMatchObject({ size: bytes.length, mediaType: 'video/webm' });
    const read = async (start: number, end: number) => {
      const parts: Uint8Array[] = [];
      for await (const p of file.read(start, end)) parts.push(p);
      return Buffer.concat(parts);
    };
    expect((await read(0, bytes.length - 1)).equals(bytes)).toBe(true);
    expect((await read(CONTENT_CHUNK_BYTES - 3, CONTENT_CHUNK_BYTES + 2)).equals(bytes.subarray(CONTENT_CHUNK_BYTES - 3, CONTENT_CHUNK_BYTES + 3))).toBe(true);
  });
});
