/**
 * ReceiptDocument → ESC/POS bytes. Mode commands are sent only when they change, which keeps
 * a typical receipt small on a 9600-baud line; QR codes use the printer's native GS ( k.
 */
import { cmd, QR_MAX_DATA, type Align } from './commands.ts';
import type { ReceiptDocument, TextSize } from './document.ts';
import { utf8Encode, type GbTextEncoder } from './text-codec.ts';
import { charWidth } from './width.ts';

export class EscPosEncodeError extends Error {
  override readonly name = 'EscPosEncodeError';
  constructor(
    readonly code: 'qr-too-long',
    message: string,
  ) {
    super(message);
  }
}

class ByteSink {
  private chunks: number[] = [];
  push(bytes: readonly number[] | Uint8Array): void {
    for (const b of bytes) this.chunks.push(b);
  }
  bytes(): Uint8Array {
    return Uint8Array.from(this.chunks);
  }
}

// eslint-disable-next-line no-control-regex
const ASCII_ONLY = /^[\u0000-\u007f]*$/;
const QUESTION = 0x3f;

/**
 * GB18030 text the printer can draw. Printer fonts cover the 2-byte (GBK) area only, so a
 * character that encodes to 4 bytes (lead 81-FE, second byte 30-39) becomes '?' per column it
 * was laid out with: visible rather than blank, and the line keeps its width.
 */
export function printableGb18030(text: string, encoder: GbTextEncoder): Uint8Array {
  const bytes = encoder.encode(text);
  const out: number[] = [];
  const chars = [...text];
  let c = 0;
  for (let i = 0; i < bytes.length; c++) {
    const b = bytes[i] as number;
    const next = bytes[i + 1] ?? 0;
    const unit = b < 0x81 || b === 0xff ? 1 : next >= 0x30 && next <= 0x39 ? 4 : 2;
    if (unit === 4) for (let k = charWidth(chars[c] ?? '?'); k > 0; k--) out.push(QUESTION);
    else for (let k = 0; k < unit; k++) out.push(bytes[i + k] as number);
    i += unit;
  }
  return Uint8Array.from(out);
}

export function encodeReceipt(doc: ReceiptDocument, text: GbTextEncoder): Uint8Array {
  const out = new ByteSink();
  out.push(cmd.initialise());
  // Printer state after ESC @: left, not bold, normal size.
  let align: Align = 'left';
  let bold = false;
  let size: TextSize = 1;
  const setAlign = (a: Align): void => {
    if (a !== align) out.push(cmd.align(a));
    align = a;
  };
  for (const block of doc.blocks) {
    switch (block.kind) {
      case 'text':
        setAlign(block.align);
        if (block.bold !== bold) out.push(cmd.emphasis(block.bold));
        if (block.size !== size) out.push(cmd.size(block.size, block.size));
        bold = block.bold;
        size = block.size;
        if (ASCII_ONLY.test(block.text)) out.push(text.encode(block.text));
        else {
          out.push(cmd.chineseOn());
          out.push(printableGb18030(block.text, text));
          out.push(cmd.chineseOff());
        }
        out.push([0x0a]);
        break;
      case 'qr': {
        const data = utf8Encode(block.data);
        if (data.length > QR_MAX_DATA) throw new EscPosEncodeError('qr-too-long', `QR payload of ${data.length} bytes exceeds ${QR_MAX_DATA}`);
        setAlign('center');
        out.push(cmd.qrModel2());
        out.push(cmd.qrModuleSize(doc.profile.qrModuleSize));
        out.push(cmd.qrErrorLevel('M'));
        out.push(cmd.qrStoreHeader(data.length));
        out.push(data);
        out.push(cmd.qrPrint());
        break;
      }
      case 'feed':
        out.push(cmd.feed(block.lines));
        break;
      case 'cut':
        out.push(cmd.cutPartial());
        break;
    }
  }
  return out.bytes();
}
