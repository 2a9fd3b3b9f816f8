import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkCitizenId, citizenIdCheckDigit, isValidCitizenId } from '../../src/common/citizen-id.ts';
import { DEMO_ID_DOCUMENTS, DEMO_SOCIAL_SECURITY_HOLDERS } from '../../src/common/sim/demo-people.ts';

describe('citizen ID check digit (ISO 7064 MOD 11-2)', () => {
  it('gives X for the example number of GB 11643', () => {
    expect(citizenIdCheckDigit('11010519491231002')).toBe('X');
    expect(isValidCitizenId('11010519491231002X')).toBe(true);
  });

  it('rejects a number whose check digit is wrong', () => {
    expect(checkCitizenId('110105194912310021')).toEqual({ ok: false, problem: 'check-digit' });
  });

  it('rejects a malformed number and an impossible birth date', () => {
    expect(checkCitizenId('11010519491231002x')).toEqual({ ok: false, problem: 'format' });
    expect(checkCitizenId('31010419850230201X')).toEqual({ ok: false, problem: 'birth-date' });
  });

  it('accepts every demo person, all with Shanghai-issued or permit numbers', () => {
    for (const h of Object.values(DEMO_SOCIAL_SECURITY_HOLDERS)) {
      expect(isValidCitizenId(h.citizenId)).toBe(true);
      expect(h.citizenId.startsWith('31')).toBe(true);
    }
    for (const d of Object.values(DEMO_ID_DOCUMENTS)) expect(isValidCitizenId(d.idNumber)).toBe(true);
  });

  it('detects every single-digit change of a valid number', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 16 }), fc.integer({ min: 1, max: 9 }), (pos, delta) => {
        const base = '31010419850312201';
        const valid = base + citizenIdCheckDigit(base);
        const changed = valid.slice(0, pos) + String((Number(valid[pos]) + delta) % 10) + valid.slice(pos + 1);
        expect(checkCitizenId(changed).ok).toBe(false);
      }),
    );
  });
});
