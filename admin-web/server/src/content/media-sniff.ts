/**
 * Which media type a file's first bytes are, for the types editors may upload. Pure: bytes
 * in, a type or nothing out. Only raster images and video are on the list: each is a format
 * a browser never runs script from; SVG and HTML are documents that can, and are refused.
 */

export const UPLOAD_MEDIA_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'video/mp4', 'video/webm'] as const;
export type UploadMediaType = (typeof UPLOAD_MEDIA_TYPES)[number];

export const isUploadMediaType = (type: string): type is UploadMediaType => (UPLOAD_MEDIA_TYPES as readonly string[]).includes(type);

/** Bytes `sniffMediaType` needs to decide (fewer only when the whole file is shorter). */
export const MEDIA_SNIFF_BYTES = 256;

const ascii = (s: string) => Array.from(s, (c) => c.charCodeAt(0));
const PNG_SIGNATURE = [0x89, ...ascii('PNG\r\n\x1a\n')];
const EBML_MAGIC = [0x1a, 0x45, 0xdf, 0xa3];
const EBML_DOCTYPE_ID = 0x4282;

const startsWith = (bytes: Uint8Array, prefix: readonly number[], at = 0) => bytes.length >= at + prefix.length && prefix.every((b, i) => bytes[at + i] === b);

/** The media type a file starts as (its first MEDIA_SNIFF_BYTES decide), or undefined if none on the upload list. */
export function sniffMediaType(bytes: Uint8Array): UploadMediaType | undefined {
  const head = bytes.subarray(0, MEDIA_SNIFF_BYTES);
  if (startsWith(head, PNG_SIGNATURE)) return 'image/png';
  // SOI marker followed by the first segment's marker.
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(head, ascii('RIFF')) && startsWith(head, ascii('WEBP'), 8)) return 'image/webp';
  if (isIsoBmff(head)) return 'video/mp4';
  if (startsWith(head, EBML_MAGIC) && ebmlDocType(head) === 'webm') return 'video/webm';
  return undefined;
}

/** An ISO BMFF file opens with an `ftyp` box: size, `ftyp`, a printable major brand. */
function isIsoBmff(b: Uint8Array): boolean {
  if (b.length < 12 || !startsWith(b, ascii('ftyp'), 4)) return false;
  const size = ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
  const brandPrintable = [8, 9, 10, 11].every((i) => b[i]! >= 0x20 && b[i]! < 0x7f);
  // `qt  ` is QuickTime, which browsers do not play as MP4.
  return size >= 16 && brandPrintable && !startsWith(b, ascii('qt  '), 8);
}

/** An EBML variable-length integer at `at`: its length and value (marker bit removed for sizes). */
function vint(b: Uint8Array, at: number, keepMarker: boolean): { length: number; value: number } | undefined {
  const first = b[at];
  if (first === undefined || first === 0) return undefined;
  const length = Math.clz32(first) - 23;
  if (length > 8 || at + length > b.length) return undefined;
  let value = keepMarker ? first : first & (0xff >> length);
  for (let i = 1; i < length; i++) value = value * 256 + b[at + i]!;
  return { length, value };
}

/** The DocType string of the EBML header at the start of `b`, if the header lies within `b`. */
function ebmlDocType(b: Uint8Array): string | undefined {
  const headerSize = vint(b, EBML_MAGIC.length, false);
  if (!headerSize) return undefined;
  const start = EBML_MAGIC.length + headerSize.length;
  const end = Math.min(start + headerSize.value, b.length);
  for (let at = start; at < end; ) {
    const id = vint(b, at, true);
    const size = id && vint(b, at + id.length, false);
    if (!id || !size) return undefined;
    const data = at + id.length + size.length;
    if (data + size.value > end) return undefined;
    if (id.value === EBML_DOCTYPE_ID) return String.fromCharCode(...b.subarray(data, data + size.value)).replace(/\0+$/, '');
    at = data + size.value;
  }
  return undefined;
}
