import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normaliseStatementCode, STATEMENT_CODE_ALPHABET, statementCodeFromRandom } from '../src/common/statement-code.ts';

const randomBytes = fc.uint8Array({ minLength: 15, maxLength: 15 });

describe('statement verification codes', () => {
  it('formats 15 random symbols and a check symbol in four groups', () => {
    const code = statementCodeFromRandom(new Uint8Array(15));
    expect(code).toMatch(/^[2-9A-HJ-NP-Z]{4}(-[2-9A-HJ-NP-Z]{4}){3}$/);
    expect(normaliseStatementCode(code)).toBe(code);
  });

  it('property: every generated code normalises to itself, whatever case, spaces and dashes', () => {
    fc.assert(
      fc.property(randomBytes, (bytes) => {
        const code = statementCodeFromRandom(bytes);
        expect(normaliseStatementCode(code)).toBe(code);
        expect(normaliseStatementCode(` ${code.toLowerCase().replaceAll('-', ' ')} `)).toBe(code);
      }),
    );
  });

  it('property: any single changed symbol fails the check', () => {
    fc.assert(
      fc.property(randomBytes, fc.nat(15), fc.integer({ min: 1, max: 31 }), (bytes, at, shift) => {
        const symbols = statementCodeFromRandom(bytes).replaceAll('-', '');
        const changed = STATEMENT_CODE_ALPHABET[(STATEMENT_CODE_ALPHABET.indexOf(symbols[at]!) + shift) % 32]!;
        expect(normaliseStatementCode(symbols.slice(0, at) + changed + symbols.slice(at + 1))).toBeUndefined();
      }),
    );
  });

  it('property: arbitrary text is either refused or a well-formed code, never an exception', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        const out = normaliseStatementCode(text);
        if (out !== undefined) expect(normaliseStatementCode(out)).toBe(out);
      }),
    );
  });

  it('refuses ambiguous symbols, wrong lengths and made-up codes', () => {
    expect(normaliseStatementCode('0OI1-2345-6789-ABCD')).toBeUndefined();
    expect(normaliseStatementCode('2345-6789-ABCD')).toBeUndefined();
    expect(normaliseStatementCode('')).toBeUndefined();
  });
});
