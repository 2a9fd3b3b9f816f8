import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeIdText, encodeIdText, IdTextError } from '../../../src/common/id-reader/text-block.ts';
import { DEMO_ID_DOCUMENTS } from '../../../src/common/sim/demo-people.ts';

/** Writes `text` as UCS-2 LE at `offset`, the way a card lays out its fields. */
function put(block: Uint8Array, offset: number, text: string): void {
  for (let i = 0; i < text.length; i++) {
    block[offset + i * 2] = text.charCodeAt(i) & 0xff;
    block[offset + i * 2 + 1] = text.charCodeAt(i) >> 8;
  }
}

function handMade(marker: string, validTo: string): Uint8Array {
  const block = new Uint8Array(256);
  put(block, 0, ' '.repeat(128));
  put(block, 0, '赵丽华');
  put(block, 30, '2');
  put(block, 32, '01');
  put(block, 36, '19880918');
  put(block, 52, '上海市徐汇区漕溪北路88弄3号1201室');
  put(block, 122, '310104198809180027');
  put(block, 158, '上海市公安局徐汇分局');
  put(block, 188, '20181009');
  put(block, 204, validTo);
  put(block, 248, marker);
  return block;
}

describe('ID text block', () => {
  it('decodes the fixed-width UCS-2 fields at the offsets of protocols.md', () => {
    expect(decodeIdText(handMade(' ', '20381009'))).toEqual({ ...DEMO_ID_DOCUMENTS['id-card'] });
  });

  it('tells the card kinds apart by the character at bytes 248-249', () => {
    expect(decodeIdText(handMade('J', '20381009')).kind).toBe('residence-permit');
    expect(decodeIdText(handMade('I', '20381009')).kind).toBe('foreign-permanent-residence');
  });

  it('takes the kind mapping from configuration', () => {
    expect(decodeIdText(handMade('Y', '20381009'), { Y: 'residence-permit', ' ': 'id-card' }).kind).toBe('residence-permit');
    expect(() => decodeIdText(handMade('Y', '20381009'))).toThrow(expect.objectContaining({ code: 'unknown-kind' }));
  });

  it('reports 长期 as long-term', () => {
    expect(decodeIdText(handMade(' ', '长期')).validTo).toBe('long-term');
  });

  it('round-trips every demo document', () => {
    for (const doc of Object.values(DEMO_ID_DOCUMENTS)) expect(decodeIdText(encodeIdText(doc))).toEqual(doc);
  });

  it('rejects a bad date and a short block with typed errors', () => {
    expect(() => decodeIdText(handMade(' ', '20381350'))).toThrow(expect.objectContaining({ code: 'bad-date' }));
    expect(() => decodeIdText(new Uint8Array(100))).toThrow(expect.objectContaining({ code: 'bad-length' }));
  });

  it('rejects a day the calendar does not have (a broken card must not yield "2038-02-30")', () => {
    expect(() => decodeIdText(handMade(' ', '20380230'))).toThrow(expect.objectContaining({ code: 'bad-date' }));
    expect(() => decodeIdText(handMade(' ', '20390229'))).toThrow(expect.objectContaining({ code: 'bad-date' }));
    expect(decodeIdText(handMade(' ', '20400229')).validTo).toBe('2040-02-29');
  });

  it('throws only IdTextError on random blocks', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 256, maxLength: 256 }), (block) => {
        try {
          decodeIdText(block);
        } catch (e) {
          expect(e).toBeInstanceOf(IdTextError);
        }
      }),
    );
  });
});
