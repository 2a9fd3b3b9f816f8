/**
 * `npm run fuzz` with a tiny count: the campaign command keeps working (CI runs the parsers'
 * property tests; the full campaign is run by hand, see the README).
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { FUZZ_TARGETS } from '../fuzz/targets.ts';

const root = path.resolve(import.meta.dirname, '../..');
const campaign = (env: Record<string, string>) =>
  spawnSync(path.join(root, 'node_modules/.bin/tsx'), ['bench/fuzz/campaign.ts'], { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 240_000 });

describe('fuzz campaign command', () => {
  it('feeds every parser, reports typed errors, the slowest input and throughput, and exits 0', () => {
    const r = campaign({ FUZZ_RUNS: '300', FUZZ_SEED: '1' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('seed 1');
    for (const t of FUZZ_TARGETS) expect(r.stdout).toMatch(new RegExp(`^${t.name}: 300 inputs in [\\d.]+ s \\([\\d,]+/s\\); slowest [\\d.]+ ms`, 'm'));
    // Malformed input reaches the parsers' checks: typed errors of the parsers' own classes.
    expect(r.stdout).toMatch(/^ {4}CcidFrameError garbage +[\d,]+$/m);
    expect(r.stdout).toMatch(/^ {4}TamperedManifestError manifest-malformed +[\d,]+$/m);
    expect(r.stdout).toContain(`all ${FUZZ_TARGETS.length} parsers clean`);
  }, 300_000);

  it('refuses a bad setting or an unknown parser with exit 64', () => {
    const r = campaign({ FUZZ_RUNS: '10', FUZZ_TARGETS: 'no-such-parser' });
    expect(r.status).toBe(64);
    expect(r.stderr).toContain('no such target: no-such-parser');
  }, 120_000);
});
