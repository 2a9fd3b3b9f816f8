/**
 * Frames of the ID-card security-module protocol:
 *
 *     AA AA AA 96 69 | LEN (2, big-endian, counts body + checksum) | body | XOR
 *
 * The body is `CMD PARA data` from the host and `SW1 SW2 SW3 data` from the reader. The
 * checksum is the XOR of the LEN bytes and the body, as in the vendor SDKs.
 */

export const ID_PREAMBLE = Uint8Array.from([0xaa, 0xaa, 0xaa, 0x96, 0x69]);
/** A text+photo+fingerprint answer is about 2.3 KB; anything far larger is a corrupted LEN. */
export const ID_MAX_LEN = 4096;
const HEAD = ID_PREAMBLE.length + 2;

export type IdFrameErrorCode = 'garbage' | 'bad-checksum' | 'bad-length' | 'truncated';

export class IdFrameError extends Error {
  override readonly name = 'IdFrameError';
  constructor(
    readonly code: IdFrameErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export type IdFrameEvent = { readonly type: 'frame'; readonly body: Uint8Array } | { readonly type: 'error'; readonly error: IdFrameError };

export function encodeIdFrame(body: Uint8Array): Uint8Array {
  const len = body.length + 1;
  if (len > ID_MAX_LEN) throw new IdFrameError('bad-length', `frame body of ${body.length} bytes is too long`);
  const out = new Uint8Array(HEAD + len);
  out.set(ID_PREAMBLE);
  out[5] = len >> 8;
  out[6] = len & 0xff;
  out.set(body, HEAD);
  out[out.length - 1] = xor(out, 5, out.length - 1);
  return out;
}

export interface IdCommand {
  readonly cmd: number;
  readonly para: number;
  readonly data?: Uint8Array;
}

export const ID_COMMANDS = {
  findCard: { cmd: 0x20, para: 0x01 },
  selectCard: { cmd: 0x20, para: 0x02 },
  readText: { cmd: 0x30, para: 0x01 },
} as const satisfies Record<string, IdCommand>;

export function encodeIdCommand(command: IdCommand): Uint8Array {
  const data = command.data ?? new Uint8Array(0);
  const body = new Uint8Array(2 + data.length);
  body[0] = command.cmd;
  body[1] = command.para;
  body.set(data, 2);
  return encodeIdFrame(body);
}

export type IdStatus = 'ok' | 'card-found' | 'no-card' | 'select-failed' | 'unknown';

/** SW3 of `00 00 xx`; any other SW1 SW2 is unknown. */
const STATUS: Record<number, IdStatus> = { 0x90: 'ok', 0x9f: 'card-found', 0x80: 'no-card', 0x81: 'select-failed' };

export interface IdReply {
  readonly status: IdStatus;
  readonly sw: readonly [number, number, number];
  readonly data: Uint8Array;
}

export function decodeIdReply(body: Uint8Array): IdReply {
  if (body.length < 3) throw new IdFrameError('bad-length', `reply body of ${body.length} bytes has no status`);
  const sw = [body[0]!, body[1]!, body[2]!] as const;
  const status = sw[0] === 0 && sw[1] === 0 ? (STATUS[sw[2]] ?? 'unknown') : 'unknown';
  return { status, sw, data: body.slice(3) };
}

export function encodeIdReply(status: Exclude<IdStatus, 'unknown'>, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const sw3 = Number(Object.entries(STATUS).find(([, s]) => s === status)![0]);
  const body = new Uint8Array(3 + data.length);
  body[2] = sw3;
  body.set(data, 3);
  return encodeIdFrame(body);
}

/** Streaming parser: garbage before a preamble, bad checksums and bad lengths are reported and skipped. */
export class IdFrameParser {
  private buffer = new Uint8Array(0);

  push(chunk: Uint8Array): IdFrameEvent[] {
    const events: IdFrameEvent[] = [];
    const joined = new Uint8Array(this.buffer.length + chunk.length);
    joined.set(this.buffer);
    joined.set(chunk, this.buffer.length);
    let buf = joined;
    for (;;) {
      const start = findPreamble(buf);
      if (start > 0) {
        events.push(error('garbage', `${start} bytes outside a frame skipped`));
        buf = buf.subarray(start);
      }
      if (buf.length < HEAD) break;
      const len = (buf[5]! << 8) | buf[6]!;
      if (len < 2 || len > ID_MAX_LEN) {
        events.push(error('bad-length', `frame announces LEN ${len}`));
        buf = buf.subarray(1);
        continue;
      }
      const total = HEAD + len;
      if (buf.length < total) break;
      if (xor(buf, 5, total - 1) !== buf[total - 1]) {
        events.push(error('bad-checksum', 'frame checksum does not match'));
        buf = buf.subarray(1);
        continue;
      }
      events.push({ type: 'frame', body: buf.slice(HEAD, total - 1) });
      buf = buf.subarray(total);
    }
    this.buffer = buf.slice();
    return events;
  }

  /** Forgets everything buffered: the line was closed and reopened. */
  clear(): void {
    this.buffer = new Uint8Array(0);
  }

  /** Gives up on an unfinished frame (the caller timed out) and re-parses what followed it. */
  expire(): IdFrameEvent[] {
    if (this.buffer.length === 0) return [];
    const rest = this.buffer.subarray(1);
    this.buffer = new Uint8Array(0);
    return [error('truncated', `unfinished frame of ${rest.length + 1} bytes dropped`), ...this.push(rest)];
  }
}

/**
 * Index of the first full preamble, or of a preamble prefix at the very end (kept for the next
 * chunk), or `buf.length` when there is neither.
 */
function findPreamble(buf: Uint8Array): number {
  outer: for (let i = 0; i < buf.length; i++) {
    for (let k = 0; k < ID_PREAMBLE.length && i + k < buf.length; k++) {
      if (buf[i + k] !== ID_PREAMBLE[k]) continue outer;
    }
    return i;
  }
  return buf.length;
}

function xor(bytes: Uint8Array, start: number, end: number): number {
  let x = 0;
  for (let i = start; i < end; i++) x ^= bytes[i]!;
  return x;
}

function error(code: IdFrameErrorCode, message: string): IdFrameEvent {
  return { type: 'error', error: new IdFrameError(code, message) };
}
