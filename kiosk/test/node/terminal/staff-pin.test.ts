import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashStaffPin, StaffPinGuard } from '../../../src/node/terminal/staff-pin.ts';

async function guard(now: { t: number }, dir?: string) {
  const dataDir = dir ?? (await mkdtemp(path.join(tmpdir(), 'kiosk-pin-')));
  const hash = await hashStaffPin('246810');
  const reports: unknown[] = [];
  const g = new StaffPinGuard(dataDir, () => hash, (type, detail) => reports.push({ type, ...detail }), () => now.t);
  await g.open();
  return { g, reports, dataDir };
}

describe('staff PIN', () => {
  it('accepts the right PIN and reports every use without the PIN', async () => {
    const now = { t: 1_000_000 };
    const { g, reports } = await guard(now);
    expect(await g.verify('246810')).toEqual({ ok: true });
    expect(await g.verify('111111')).toMatchObject({ ok: false, error: 'wrong-pin', retryAfterSeconds: 1 });
    expect(reports).toEqual([
      { type: 'staff-pin', result: 'ok', failures: 0 },
      { type: 'staff-pin', result: 'wrong', failures: 1 },
    ]);
    expect(JSON.stringify(reports)).not.toContain('246810');
  });

  it('refuses tries during the wait, locks after five wrong PINs, and keeps the lock across a restart', async () => {
    const now = { t: 1_000_000 };
    const { g, dataDir } = await guard(now);
    await g.verify('000000');
    // Too soon: not even the right PIN is checked.
    expect(await g.verify('246810')).toMatchObject({ ok: false, error: 'wrong-pin' });
    for (let i = 0; i < 4; i++) {
      now.t += 60_000;
      await g.verify('000000');
    }
    now.t += 60_000;
    expect(await g.verify('246810')).toMatchObject({ ok: false, error: 'locked' });
    const restarted = await guard(now, dataDir);
    expect(await restarted.g.verify('246810')).toMatchObject({ ok: false, error: 'locked' });
    now.t += 16 * 60_000;
    expect(await restarted.g.verify('246810')).toEqual({ ok: true });
  });
});
