/**
 * The parsers the fuzz campaign feeds: everything that reads bytes from a device or a card
 * (a broken or malicious one) or from the network (content manifests, signed request headers).
 * Each target feeds one input and returns the typed errors the parser reported as events; a
 * thrown error that is not one of `typedErrors`, or a broken invariant, fails the campaign.
 */
import fc from 'fast-check';
import { webcrypto } from 'node:crypto';
import { ApduError, decodeCommandApdu, decodeResponseApdu, encodeCommandApdu, encodeResponseApdu } from '../../device-drivers/src/common/apdu/apdu.ts';
import { AtrError, buildAtr, parseAtr } from '../../device-drivers/src/common/apdu/atr.ts';
import { pinTriesLeft, statusCode } from '../../device-drivers/src/common/apdu/status-words.ts';
import { findTlv, parseTlv, TlvError } from '../../device-drivers/src/common/apdu/tlv.ts';
import { isoDateOf } from '../../device-drivers/src/common/citizen-id.ts';
import { CCID_MAX_PAYLOAD, CcidFrameError, CcidFrameParser, encodeCcidFrame } from '../../device-drivers/src/common/ccid/frame.ts';
import { decodeSlotChanges, decodeSlotStatus } from '../../device-drivers/src/common/ccid/messages.ts';
import { decodeAsb, decodeStatusReply, EscPosStatusError, StatusStreamParser } from '../../device-drivers/src/common/escpos/status.ts';
import { decodeIdReply, encodeIdFrame, IdFrameError, IdFrameParser } from '../../device-drivers/src/common/id-reader/frame.ts';
import { decodeIdText, encodeIdText, IdTextError } from '../../device-drivers/src/common/id-reader/text-block.ts';
import { HID_POS_REPORT_ID, HidPosAssembler } from '../../device-drivers/src/common/scanner/hid-pos.ts';
import { ScanLineDecoder } from '../../device-drivers/src/common/scanner/serial-lines.ts';
import { aimIdFor, ScannerError, SYMBOLOGIES } from '../../device-drivers/src/common/scanner/symbology.ts';
import { DEMO_ID_DOCUMENTS } from '../../device-drivers/src/common/sim/demo-people.ts';
import { sha256Hex, toHex } from '../../protocol/src/common/content-bytes.ts';
import { BadSignatureError, contentKeyId, encodeManifest, signManifest, TamperedManifestError, verifyManifest } from '../../protocol/src/common/content-manifest.ts';
import type { ContentManifest, ContentPublicKey } from '../../protocol/src/common/content-manifest.ts';
import { TerminalHeaders } from '../../protocol/src/common/terminal-api.ts';
import { canonicalRequest, fromBase64Url, generateTerminalKeyPair, readSignatureHeaders, signRequest, toBase64Url, verifyRequest } from '../../protocol/src/common/terminal-signing.ts';
import type { SignedRequestParts } from '../../protocol/src/common/terminal-signing.ts';
import { commandApdu } from '../../device-drivers/test/support/arbitraries.ts';
import { bytesAround, chunked, concat, hex, hexChunks, mutated, overwritten } from './inputs.ts';

type ErrorClass = abstract new (...args: never[]) => Error;

export interface PreparedTarget<T> {
  arbitrary: fc.Arbitrary<T>;
  /** Feeds one input; resolves with the typed errors reported as events. */
  run(input: T): Error[] | Promise<Error[]>;
  /** The input, printable (hex for bytes), for a failure or the slowest input. */
  show(input: T): string;
}

export interface FuzzTarget {
  name: string;
  /** The project's typed errors this parser may report or throw; anything else is a crash. */
  typedErrors: readonly ErrorClass[];
  async: boolean;
  prepare(): Promise<PreparedTarget<never>> | PreparedTarget<never>;
}

/** A parser broke a promise it makes (not an error class any parser uses). */
export class InvariantViolation extends Error {
  override readonly name = 'InvariantViolation';
}

function invariant(ok: boolean, message: string): void {
  if (!ok) throw new InvariantViolation(message);
}

/** Runs `parse`, turning a typed error it throws into a reported one. */
function attempt(errors: Error[], typed: readonly ErrorClass[], parse: () => void): void {
  try {
    parse();
  } catch (e) {
    if (!typed.some((c) => e instanceof c)) throw e;
    errors.push(e as Error);
  }
}

const errorsOf = (events: readonly { type: string; error?: Error }[]): Error[] => events.flatMap((e) => (e.type === 'error' && e.error ? [e.error] : []));

function target<T>(t: { name: string; typedErrors: readonly ErrorClass[]; async?: boolean; prepare(): PreparedTarget<T> | Promise<PreparedTarget<T>> }): FuzzTarget {
  return { async: false, ...t } as FuzzTarget;
}

/** Chunked byte streams, with the driver's timeout (`expire()`) between some of them. */
type Step = Uint8Array[] | 'expire';
const frameSteps = (frame: fc.Arbitrary<Uint8Array>): fc.Arbitrary<Step[]> => fc.array(fc.oneof(chunked(bytesAround(frame)), fc.constant('expire' as const)), { maxLength: 4 });
const showSteps = (steps: readonly Step[]) => steps.map((s) => (s === 'expire' ? 'expire()' : hexChunks(s))).join(' ; ');

/** Feeds the steps to a streaming frame parser, handing each batch of events to `each`. */
function feed<E>(steps: readonly Step[], parser: { push(chunk: Uint8Array): E[]; expire(): E[] }, each: (events: E[]) => void): void {
  for (const step of steps) for (const chunk of step === 'expire' ? [undefined] : step) each(chunk ? parser.push(chunk) : parser.expire());
}

// ---- card reader: CCID frames, then what a reply carries (slot status, ATR, response APDU) ----

const ccidFrame = fc
  .record({
    type: fc.constantFrom(0x80, 0x81, 0x50, 0x6f, 0x62),
    slot: fc.integer({ min: 0, max: 255 }),
    seq: fc.integer({ min: 0, max: 255 }),
    params: fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 })),
    payload: fc.uint8Array({ maxLength: 48 }),
  })
  .map((m) => encodeCcidFrame(m));

const ccid = target({
  name: 'ccid-frames',
  typedErrors: [CcidFrameError, AtrError, ApduError],
  prepare: () => ({
    arbitrary: frameSteps(ccidFrame),
    show: showSteps,
    run(steps) {
      const parser = new CcidFrameParser();
      const errors: Error[] = [];
      feed(steps, parser, (events) => {
        errors.push(...errorsOf(events));
        for (const e of events) {
          if (e.type !== 'message') continue;
          const { type, params, payload } = e.message;
          decodeSlotStatus(params[0], params[1]);
          if (type === 0x50) decodeSlotChanges(payload);
          if (type === 0x80 && payload.length > 0) {
            attempt(errors, [AtrError], () => parseAtr(payload));
            attempt(errors, [ApduError], () => statusCode(decodeResponseApdu(payload).sw));
          }
        }
        // A frame announcing more than the reader's maximum is refused, never waited for.
        invariant(parser.pendingBytes <= CCID_MAX_PAYLOAD + 13, `parser holds ${parser.pendingBytes} bytes`);
      });
      return errors;
    },
  }),
});

// ---- card: command and response APDUs, status words ----

const commandApduBytes = commandApdu.map(encodeCommandApdu);
const responseApdu = fc.tuple(fc.uint8Array({ maxLength: 64 }), fc.integer({ min: 0, max: 0xffff })).map(([data, sw]) => encodeResponseApdu(data, sw));

const apdu = target({
  name: 'apdu',
  typedErrors: [ApduError],
  prepare: () => ({
    arbitrary: bytesAround(fc.oneof(commandApduBytes, responseApdu), 300),
    show: (bytes) => hex(bytes),
    run(bytes) {
      const errors: Error[] = [];
      attempt(errors, [ApduError], () => {
        const command = decodeCommandApdu(bytes);
        // One encoding per command: what decodes re-encodes to the same bytes.
        invariant(hex(encodeCommandApdu(command)) === hex(bytes), 'command APDU does not re-encode to its bytes');
      });
      attempt(errors, [ApduError], () => {
        const response = decodeResponseApdu(bytes);
        statusCode(response.sw);
        const tries = pinTriesLeft(response.sw);
        invariant(tries === undefined || (tries >= 0 && tries <= 15), `PIN tries ${tries}`);
      });
      return errors;
    },
  }),
});

// ---- card: BER-TLV (FCI templates, records) ----

const tlvObject: fc.Arbitrary<Uint8Array> = fc.letrec<{ tlv: Uint8Array }>((tie) => ({
  tlv: fc
    .record({
      tag: fc.oneof(fc.integer({ min: 1, max: 0xfe }), fc.integer({ min: 0x1f00, max: 0xffff })),
      value: fc.oneof({ depthSize: 'small' }, fc.uint8Array({ maxLength: 40 }), fc.array(tie('tlv'), { maxLength: 3 }).map(concat)),
      longForm: fc.boolean(),
    })
    .map(({ tag, value, longForm }) => {
      const tagBytes = tag > 0xff ? [tag >> 8, tag & 0xff] : [tag];
      const n = value.length;
      const length = n > 0xff ? [0x82, n >> 8, n & 0xff] : n > 0x7f || longForm ? [0x81, n] : [n];
      return concat([Uint8Array.from([...tagBytes, ...length]), value]);
    }),
})).tlv;

const tlv = target({
  name: 'tlv',
  typedErrors: [TlvError],
  prepare: () => ({
    arbitrary: bytesAround(fc.array(tlvObject, { minLength: 1, maxLength: 3 }).map(concat), 128),
    show: (bytes) => hex(bytes),
    run(bytes) {
      const errors: Error[] = [];
      attempt(errors, [TlvError], () => {
        const objects = parseTlv(bytes);
        findTlv(objects, 0x9f0c);
      });
      return errors;
    },
  }),
});

// ---- card: answer to reset ----

const atrBytes = fc
  .tuple(fc.constantFrom<0 | 1>(0, 1), fc.uint8Array({ maxLength: 15 }), fc.uint8Array({ maxLength: 8 }))
  .map(([protocol, historical, interfaceBytes]) => {
    const atr = buildAtr(protocol, historical);
    // Interface bytes after TD1 make a structurally different, still plausible ATR.
    return interfaceBytes.length === 0 ? atr : concat([atr.subarray(0, 3), interfaceBytes, atr.subarray(3)]);
  });

const atr = target({
  name: 'atr',
  typedErrors: [AtrError],
  prepare: () => ({
    arbitrary: bytesAround(atrBytes, 40),
    show: (bytes) => hex(bytes),
    run(bytes) {
      const errors: Error[] = [];
      attempt(errors, [AtrError], () => {
        const parsed = parseAtr(bytes);
        invariant(parsed.protocols.includes(parsed.protocol), 'ATR protocol is not among those offered');
        invariant(parsed.historical.length <= 15, `${parsed.historical.length} historical bytes`);
      });
      return errors;
    },
  }),
});

// ---- ID reader: frames, then the reply and its text block ----

const idFrame = fc.uint8Array({ maxLength: 300 }).map((body) => encodeIdFrame(body));

const idFrames = target({
  name: 'id-reader-frames',
  typedErrors: [IdFrameError],
  prepare: () => ({
    arbitrary: frameSteps(idFrame),
    show: showSteps,
    run(steps) {
      const parser = new IdFrameParser();
      const errors: Error[] = [];
      feed(steps, parser, (events) => {
        errors.push(...errorsOf(events));
        for (const e of events) if (e.type === 'frame') attempt(errors, [IdFrameError], () => decodeIdReply(e.body));
      });
      return errors;
    },
  }),
});

/** A YYYY-MM-DD day the calendar has. */
const realDate = (d: string) => isoDateOf(d.replaceAll('-', '')) === d;
const idDocument = fc.constantFrom(...Object.values(DEMO_ID_DOCUMENTS)).map((d) => encodeIdText(d));

const idText = target({
  name: 'id-text-block',
  typedErrors: [IdTextError],
  prepare: () => ({
    // Mostly 256-byte blocks: a block of another length is refused at once.
    arbitrary: fc.oneof(
      { arbitrary: fc.uint8Array({ minLength: 256, maxLength: 256 }), weight: 1 },
      { arbitrary: idDocument, weight: 1 },
      { arbitrary: overwritten(idDocument), weight: 6 },
      { arbitrary: mutated(idDocument), weight: 1 },
    ),
    show: (bytes) => hex(bytes, 256),
    run(bytes) {
      const errors: Error[] = [];
      attempt(errors, [IdTextError], () => {
        const card = decodeIdText(bytes);
        invariant(realDate(card.birthDate) && realDate(card.validFrom) && (card.validTo === 'long-term' || realDate(card.validTo)), 'a date field is not a real YYYY-MM-DD day');
        invariant(card.name.length > 0 && card.idNumber.length > 0, 'a required field is empty');
      });
      return errors;
    },
  }),
});

// ---- receipt printer: DLE EOT replies and automatic status back ----

const asbBlock = fc
  .tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }))
  .map(([a, b, c, d]) => Uint8Array.of((a & ~0x93) | 0x10, b & ~0x90, c & ~0x90, d & ~0x90));
const statusReply = fc.integer({ min: 0, max: 255 }).map((b) => Uint8Array.of((b & ~0x93) | 0x12));

const escposStatus = target({
  name: 'escpos-status',
  typedErrors: [EscPosStatusError],
  prepare: () => ({
    arbitrary: chunked(fc.oneof(fc.uint8Array({ maxLength: 8 }), asbBlock, statusReply, mutated(asbBlock)), 12),
    show: (chunks) => hexChunks(chunks),
    run(chunks) {
      const parser = new StatusStreamParser();
      const errors: Error[] = [];
      for (const chunk of chunks) {
        errors.push(...errorsOf(parser.receive(chunk)));
        // The chunk's first byte as the answer to each DLE EOT n, and the chunk as one ASB block.
        for (const n of [1, 2, 3, 4] as const) attempt(errors, [EscPosStatusError], () => decodeStatusReply[n](chunk[0] ?? 0));
        attempt(errors, [EscPosStatusError], () => decodeAsb(chunk));
      }
      return errors;
    },
  }),
});

// ---- barcode scanner: HID POS reports and serial lines ----

const hidReport = fc
  .record({
    code: fc.uint8Array({ maxLength: 60 }),
    symbology: fc.constantFrom(...SYMBOLOGIES),
    more: fc.boolean(),
    size: fc.integer({ min: 0, max: 8 }),
    idInData: fc.boolean(),
  })
  .map(({ code, symbology, more, size, idInData }) => {
    const aim = new TextEncoder().encode(aimIdFor(symbology)!);
    const report = new Uint8Array(4 + code.length + size + 1);
    report[0] = code.length;
    report.set(aim, 1);
    report.set(code, 4);
    report[report.length - 1] = more ? 1 : 0;
    return idInData ? concat([Uint8Array.of(HID_POS_REPORT_ID), report]) : report;
  });

const hidPos = target({
  name: 'hid-pos-reports',
  typedErrors: [ScannerError],
  prepare: () => ({
    arbitrary: fc.tuple(fc.boolean(), fc.array(bytesAround(hidReport), { maxLength: 6 })),
    show: ([reportIdInData, reports]) => `reportIdInData=${reportIdInData}: ${hexChunks(reports)}`,
    run([reportIdInData, reports]) {
      const assembler = new HidPosAssembler({ reportIdInData, maxCodeBytes: 128 });
      const errors: Error[] = [];
      for (const report of reports) {
        attempt(errors, [ScannerError], () => {
          const scan = assembler.receive(report);
          invariant(scan === undefined || new TextEncoder().encode(scan.code).length <= 3 * 128, 'a code longer than maxCodeBytes came through');
        });
      }
      return errors;
    },
  }),
});

const scanLine = fc
  .tuple(fc.option(fc.constantFrom(...SYMBOLOGIES), { nil: undefined }), fc.uint8Array({ maxLength: 40 }), fc.constantFrom('\r', '\r\n', '\n'))
  .map(([symbology, code, end]) => concat([new TextEncoder().encode(symbology ? aimIdFor(symbology)! : ''), code, new TextEncoder().encode(end)]));

const scannerLines = target({
  name: 'scanner-serial-lines',
  typedErrors: [ScannerError],
  prepare: () => ({
    arbitrary: chunked(bytesAround(scanLine), 8),
    show: (chunks) => hexChunks(chunks),
    run(chunks) {
      const decoder = new ScanLineDecoder(64);
      return chunks.flatMap((chunk) => errorsOf(decoder.receive(chunk)));
    },
  }),
});

// ---- content manifests (from the district server, or from whoever sits in between) ----

async function signedManifest(): Promise<{ bytes: Uint8Array; manifest: ContentManifest; trusted: ContentPublicKey[] }> {
  const keys = (await webcrypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const raw = new Uint8Array(await webcrypto.subtle.exportKey('raw', keys.publicKey));
  const pkcs8 = new Uint8Array(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  const keyId = await contentKeyId(raw);
  const index = new TextEncoder().encode('{"schemaVersion":1,"files":{}}');
  const manifest = await signManifest(
    {
      schemaVersion: 1,
      releaseId: 'fuzz-2026-001',
      createdAt: '2026-01-05T08:00:00.000Z',
      schedule: { notBefore: '2026-01-06T00:00:00.000+08:00' },
      targets: ['all', 'xuhui-lobby'],
      files: [
        { path: 'index.json', sha256: await sha256Hex(index), size: index.byteLength, type: 'application/json' },
        { path: 'images/winter.svg', sha256: 'ab'.repeat(32), size: 5120, type: 'image/svg+xml' },
      ],
    },
    pkcs8,
    keyId,
  );
  return { bytes: encodeManifest(manifest), manifest, trusted: [{ keyId, alg: 'Ed25519', publicKey: toHex(raw) }] };
}

/** Sets a value somewhere in a JSON tree (by a path of indexes into keys), or adds a key. */
function replaceIn(value: unknown, steps: readonly number[], replacement: unknown): unknown {
  if (steps.length === 0 || value === null || typeof value !== 'object') return replacement;
  const [step, ...rest] = steps as [number, ...number[]];
  if (Array.isArray(value)) {
    const copy = [...value];
    if (copy.length === 0) return [replacement];
    copy[step % copy.length] = replaceIn(copy[step % copy.length], rest, replacement);
    return copy;
  }
  const keys = Object.keys(value);
  const copy: Record<string, unknown> = { ...value };
  if (step % (keys.length + 1) === keys.length) copy[`x${step}`] = replacement;
  else copy[keys[step % (keys.length + 1)]!] = replaceIn(copy[keys[step % (keys.length + 1)]!], rest, replacement);
  return copy;
}

const manifests = target({
  name: 'content-manifest',
  typedErrors: [TamperedManifestError, BadSignatureError],
  async: true,
  async prepare() {
    const signed = await signedManifest();
    const original = hex(signed.bytes, Infinity);
    // Canonical re-encodings of a changed manifest get past the syntax checks to the schema
    // and the signature; byte-level changes test the JSON and canonical-form checks.
    const structural = fc
      .tuple(fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom('', 'all', '../x', 'index.json', 0, -1, 1e308, '2026-13-40T99:99:99Z')))
      .map(([steps, replacement]) => encodeManifest(replaceIn(signed.manifest, steps, replacement) as ContentManifest));
    return {
      arbitrary: fc.oneof(fc.constant(signed.bytes), mutated(fc.constant(signed.bytes)), structural, fc.uint8Array({ maxLength: 64 }), fc.jsonValue().map((v) => new TextEncoder().encode(JSON.stringify(v) ?? ''))),
      show: (bytes: Uint8Array) => hex(bytes, 2048),
      async run(bytes: Uint8Array) {
        try {
          await verifyManifest(bytes, signed.trusted);
        } catch (e) {
          if (e instanceof TamperedManifestError || e instanceof BadSignatureError) return [e];
          throw e;
        }
        // Exactly one byte string verifies: the one the server signed.
        invariant(hex(bytes, Infinity) === original, 'changed manifest bytes verified');
        return [];
      },
    };
  },
});

// ---- signed request headers (what a terminal, or anyone, sends the district server) ----

interface HeaderInput {
  headers: Record<string, string | string[] | undefined>;
  parts: Omit<SignedRequestParts, 'terminalId' | 'timestamp' | 'nonce'>;
}

const signedRequests = target({
  name: 'signed-request-headers',
  typedErrors: [],
  async: true,
  async prepare() {
    const keys = await generateTerminalKeyPair();
    const parts: SignedRequestParts = {
      method: 'POST',
      pathWithQuery: '/api/terminal/v1/events?batch=1',
      terminalId: 'T-0001',
      timestamp: 1_767_600_000_000,
      nonce: 'bm9uY2Utbm9uY2Utbm9uY2U',
      body: new TextEncoder().encode('{"events":[]}'),
    };
    const valid = await signRequest(parts, keys.privateKey);
    const sha256 = async (body: Uint8Array) => new Uint8Array(await webcrypto.subtle.digest('SHA-256', body));
    const signedCanonical = canonicalRequest(parts, hex(await sha256(parts.body), Infinity));
    const headerValue = fc.oneof(fc.string({ maxLength: 100 }), fc.array(fc.string({ maxLength: 20 }), { maxLength: 2 }), fc.constant(undefined), fc.base64String({ maxLength: 100 }));
    const changedHeaders = fc
      .tuple(fc.subarray(Object.values(TerminalHeaders)), headerValue, fc.dictionary(fc.string({ maxLength: 20 }), headerValue, { maxKeys: 3 }))
      .map(([names, value, extra]) => ({ ...extra, ...valid, ...Object.fromEntries(names.map((n) => [n, value])) }));
    const changedSignature = fc.tuple(fc.nat(), fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=+/ ')).map(([at, c]) => {
      const s = valid[TerminalHeaders.signature]!;
      const i = at % s.length;
      return { ...valid, [TerminalHeaders.signature]: s.slice(0, i) + c + s.slice(i + 1) };
    });
    const requestParts = fc.oneof(
      fc.constant({ method: parts.method, pathWithQuery: parts.pathWithQuery, body: parts.body }),
      fc.record({ method: fc.string({ maxLength: 10 }), pathWithQuery: fc.string({ maxLength: 60 }), body: fc.uint8Array({ maxLength: 64 }) }),
    );
    return {
      arbitrary: fc.record({
        headers: fc.oneof(fc.constant(valid), changedHeaders, changedSignature, fc.dictionary(fc.string({ maxLength: 20 }), headerValue, { maxKeys: 6 })),
        parts: requestParts,
      }),
      show: (input: HeaderInput) => JSON.stringify({ ...input, parts: { ...input.parts, body: hex(input.parts.body) } }),
      async run({ headers, parts: request }: HeaderInput) {
        const h = readSignatureHeaders(headers);
        if (!h) return [];
        const signature = fromBase64Url(h.signature);
        // One spelling per byte string: a signature cannot be re-encoded to dodge a replay check.
        invariant(signature === undefined || toBase64Url(signature) === h.signature, `base64url ${JSON.stringify(h.signature)} has two spellings`);
        const candidate = { ...request, terminalId: h.terminalId, timestamp: Number(h.timestamp), nonce: h.nonce };
        const ok = await verifyRequest(candidate, h.signature, keys.publicKey);
        // Verifies exactly when it is the signed request: same canonical string, same signature.
        const unchanged = canonicalRequest(candidate, hex(await sha256(request.body), Infinity)) === signedCanonical && h.signature === valid[TerminalHeaders.signature];
        invariant(ok === unchanged, ok ? 'a changed request verified' : 'the signed request did not verify');
        return [];
      },
    };
  },
});

export const FUZZ_TARGETS: readonly FuzzTarget[] = [ccid, apdu, tlv, atr, idFrames, idText, escposStatus, hidPos, scannerLines, manifests, signedRequests];
