/** The GB18030 encoder the ESC/POS encoder needs, built on iconv-lite (a real codec, not a table). */
import iconv from 'iconv-lite';
import type { GbTextEncoder } from '../common/escpos/text-codec.ts';

export const gb18030Encoder: GbTextEncoder = {
  encode: (text) => new Uint8Array(iconv.encode(text, 'gb18030')),
};
