/**
 * Serial CCID framing (as documented for serial CCID readers such as the ACS ACR1281S):
 *
 *     02 | 10-byte CCID header | payload | LRC | 03      LRC = XOR of header and payload
 *
 * The header is `bMessageType, dwLength (4, LE), bSlot, bSeq, 3 message-specific bytes`.
 * Sans-I/O: `encodeCcidFrame` turns a message into bytes, `CcidFrameParser.push` turns bytes
 * (in any chunking) into frame and typed error events.
 */

export const CCID_STX = 0x02;
export const CCID_ETX = 0x03;
export const CCID_HEADER_LENGTH = 10;
/** Short and extended APDUs fit; anything larger is a corrupted length field. */
export const CCID_MAX_PAYLOAD = 65_544;
const FRAME_OVERHEAD = 1 + CCID_HEADER_LENGTH + 2;

export interface CcidMessage {
  readonly type: number;
  readonly slot: number;
  readonly seq: number;
  /** The three message-specific header bytes (bStatus, bError, ... on replies). */
  readonly params: readonly [number, number, number];
  readonly payload: Uint8Array;
}

export type CcidFrameErrorCode = 'garbage' | 'bad-lrc' | 'bad-etx' | 'oversize' | 'truncated';

export class CcidFrameError extends Error {
  override readonly name = 'CcidFrameError';
  constructor(
    readonly code: CcidFrameErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export type CcidFrameEvent = { readonly type: 'message'; readonly message: CcidMessage } | { readonly type: 'error'; readonly error: CcidFrameError };

export function lrc(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let x = 0;
  for (let i = start; i < end; i++) x ^= bytes[i]!;
  return x;
}

export function encodeCcidFrame(message: CcidMessage): Uint8Array {
  const n = message.payload.length;
  if (n > CCID_MAX_PAYLOAD) throw new CcidFrameError('oversize', `payload of ${n} bytes exceeds ${CCID_MAX_PAYLOAD}`);
  const out = new Uint8Array(FRAME_OVERHEAD + n);
  out[0] = CCID_STX;
  out[1] = message.type;
  out[2] = n & 0xff;
  out[3] = (n >>> 8) & 0xff;
  out[4] = (n >>> 16) & 0xff;
  out[5] = (n >>> 24) & 0xff;
  out[6] = message.slot;
  out[7] = message.seq;
  out.set(message.params, 8);
  out.set(message.payload, 11);
  out[11 + n] = lrc(out, 1, 11 + n);
  out[12 + n] = CCID_ETX;
  return out;
}

/**
 * Streaming parser. Bytes before an STX are reported once per run as `garbage`; a frame with a
 * bad LRC, a missing ETX or an impossible length is reported and the parser resynchronises on
 * the next STX after the bad frame's start, so a following good frame is never lost.
 */
export class CcidFrameParser {
  private buffer = new Uint8Array(0);

  /** `maxPayload`: the reader's largest message (dwMaxCCIDMessageLength less the header). */
  constructor(private readonly maxPayload = CCID_MAX_PAYLOAD) {}

  push(chunk: Uint8Array): CcidFrameEvent[] {
    const events: CcidFrameEvent[] = [];
    const joined = new Uint8Array(this.buffer.length + chunk.length);
    joined.set(this.buffer);
    joined.set(chunk, this.buffer.length);
    let buf = joined;
    for (;;) {
      const stx = buf.indexOf(CCID_STX);
      if (stx < 0) {
        if (buf.length > 0) events.push(garbage(buf.length));
        buf = buf.subarray(buf.length);
        break;
      }
      if (stx > 0) {
        events.push(garbage(stx));
        buf = buf.subarray(stx);
      }
      if (buf.length < 1 + CCID_HEADER_LENGTH) break;
      const n = (buf[2]! | (buf[3]! << 8) | (buf[4]! << 16) | (buf[5]! << 24)) >>> 0;
      if (n > this.maxPayload) {
        events.push(error('oversize', `frame announces ${n} payload bytes`));
        buf = buf.subarray(1);
        continue;
      }
      const total = FRAME_OVERHEAD + n;
      if (buf.length < total) break;
      if (buf[total - 1] !== CCID_ETX) {
        events.push(error('bad-etx', `byte ${total - 1} of the frame is not ETX`));
        buf = buf.subarray(1);
        continue;
      }
      if (lrc(buf, 1, 11 + n) !== buf[11 + n]) {
        events.push(error('bad-lrc', 'frame LRC does not match header and payload'));
        buf = buf.subarray(1);
        continue;
      }
      events.push({
        type: 'message',
        message: { type: buf[1]!, slot: buf[6]!, seq: buf[7]!, params: [buf[8]!, buf[9]!, buf[10]!], payload: buf.slice(11, 11 + n) },
      });
      buf = buf.subarray(total);
    }
    this.buffer = buf.slice();
    return events;
  }

  /** Forgets everything buffered: the line was closed and reopened. */
  clear(): void {
    this.buffer = new Uint8Array(0);
  }

  /**
   * Gives up on the unfinished frame at the head of the buffer (the caller's timeout expired):
   * reports it as `truncated` and re-parses what followed its STX, so a stray 02 in line noise
   * cannot swallow a good frame behind it.
   */
  expire(): CcidFrameEvent[] {
    if (this.buffer.length === 0) return [];
    const rest = this.buffer.subarray(1);
    this.buffer = new Uint8Array(0);
    return [error('truncated', `unfinished frame of ${rest.length + 1} bytes dropped`), ...this.push(rest)];
  }

  get pendingBytes(): number {
    return this.buffer.length;
  }
}

function error(code: CcidFrameErrorCode, message: string): CcidFrameEvent {
  return { type: 'error', error: new CcidFrameError(code, message) };
}

function garbage(count: number): CcidFrameEvent {
  return error('garbage', `${count} bytes outside a frame skipped`);
}
