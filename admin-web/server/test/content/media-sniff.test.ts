import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MEDIA_SNIFF_BYTES, sniffMediaType, UPLOAD_MEDIA_TYPES } from '../../src/content/media-sniff.ts';
import { MEDIA_SAMPLES, SCRIPTED_SVG } from '../support/media-samples.ts';

const bytes = (maxLength = 600) => fc.uint8Array({ maxLength });
const concat = (...parts: ArrayLike<number>[]) => Uint8Array.from(parts.flatMap((p) => Array.from(p)));
const ascii = (s: string) => Array.from(s, (c) => c.charCodeAt(0));

/** One EBML element with a one-byte size (values here are short). */
const element = (id: readonly number[], value: readonly number[]) => [...id, 0x80 | value.length, ...value];
/** An EBML header holding `elements` (each a byte list), then whatever follows. */
const ebml = (elements: number[][]) => {
  const body = elements.flat();
  return [0x1a, 0x45, 0xdf, 0xa3, 0x80 | body.length, ...body];
};
const EBML_OTHER = fc.constantFrom([0x42, 0x86], [0x42, 0xf7], [0x42, 0xf2], [0x42, 0xf3], [0x42, 0x87], [0x42, 0x85], [0xec]).chain((id) => fc.array(fc.nat(255), { maxLength: 8 }).map((v) => element(id, v)));

describe('sniffMediaType', () => {
  it('recognises each uploadable type from its real header, whatever follows', () => {
    fc.assert(
      fc.property(fc.constantFrom(...UPLOAD_MEDIA_TYPES), bytes(), (type, tail) => {
        expect(sniffMediaType(concat(MEDIA_SAMPLES[type], tail))).toBe(type);
      }),
    );
  });

  it('is total: any bytes give an uploadable type or nothing, decided by the first MEDIA_SNIFF_BYTES alone', () => {
    fc.assert(
      fc.property(fc.oneof(bytes(), fc.constantFrom(...UPLOAD_MEDIA_TYPES).chain((t) => bytes().map((b) => concat(MEDIA_SAMPLES[t].subarray(0, b.length % 40), b)))), (b) => {
        const type = sniffMediaType(b);
        expect(type === undefined || UPLOAD_MEDIA_TYPES.includes(type)).toBe(true);
        expect(sniffMediaType(b.subarray(0, MEDIA_SNIFF_BYTES))).toBe(type);
      }),
    );
  });

  it('never takes a text document (SVG, HTML, XML) for media', () => {
    fc.assert(
      fc.property(fc.constantFrom('', ' ', '\n', '\ufeff'), fc.string({ maxLength: 300 }), (lead, rest) => {
        expect(sniffMediaType(new TextEncoder().encode(`${lead}<${rest}`))).toBeUndefined();
      }),
    );
    expect(sniffMediaType(SCRIPTED_SVG)).toBeUndefined();
  });

  it('takes an EBML file for WebM exactly when its header says DocType webm, wherever the DocType sits', () => {
    fc.assert(
      fc.property(fc.array(EBML_OTHER, { maxLength: 4 }), fc.array(EBML_OTHER, { maxLength: 4 }), fc.constantFrom('webm', 'matroska', 'webmx', 'web'), bytes(50), (before, after, docType, tail) => {
        const file = concat(ebml([...before, element([0x42, 0x82], ascii(docType)), ...after]), tail);
        expect(sniffMediaType(file)).toBe(docType === 'webm' ? 'video/webm' : undefined);
      }),
    );
  });

  it('takes an ISO BMFF ftyp box for MP4 unless it is QuickTime or malformed', () => {
    fc.assert(
      fc.property(fc.nat(64), fc.stringMatching(/^[ -~]{4}$/), bytes(50), (size, brand, tail) => {
        const file = concat([0, 0, 0, size], ascii('ftyp'), ascii(brand), tail);
        const expected = size >= 16 && brand !== 'qt  ' && file.length >= 12 ? 'video/mp4' : undefined;
        expect(sniffMediaType(file)).toBe(expected);
      }),
    );
  });
});
