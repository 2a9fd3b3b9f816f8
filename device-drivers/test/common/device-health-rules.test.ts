import { describe, expect, it } from 'vitest';
import { printerHealth } from '../../src/common/device-health-rules.ts';

const ok = { online: true, paper: 'ok', coverOpen: false, error: false } as const;

describe('printerHealth', () => {
  it.each([
    [ok, { state: 'ready' }],
    [{ ...ok, paper: 'near-end' }, { state: 'degraded', reasons: ['paper-near-end'] }],
    [{ ...ok, online: false, paper: 'out' }, { state: 'absent', reasons: ['paper-out'] }],
    [{ ...ok, online: false, coverOpen: true }, { state: 'absent', reasons: ['cover-open'] }],
    [{ ...ok, online: false }, { state: 'absent', reasons: ['offline'] }],
    [{ ...ok, online: false, error: true, paper: 'near-end' }, { state: 'absent', reasons: ['offline', 'printer-error'] }],
  ] as const)('%j is %j', (status, health) => {
    expect(printerHealth(status)).toEqual(health);
  });
});
