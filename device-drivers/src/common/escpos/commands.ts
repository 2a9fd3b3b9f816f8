/**
 * Every ESC/POS byte the kiosk sends or understands, in one place (shared/protocols.md §5).
 * The encoder, the status codec and the virtual printer's decoder all read them from here.
 */
export const ESC = 0x1b;
export const GS = 0x1d;
export const FS = 0x1c;
export const DLE = 0x10;
export const EOT = 0x04;
export const LF = 0x0a;

export type Align = 'left' | 'center' | 'right';
export const ALIGN_CODE: Readonly<Record<Align, number>> = { left: 0, center: 1, right: 2 };
export const ALIGN_BY_CODE: readonly Align[] = ['left', 'center', 'right'];

/** ESC/POS QR error correction levels: GS ( k 31 45 n, n = 30..33. */
export type QrErrorLevel = 'L' | 'M' | 'Q' | 'H';
export const QR_ERROR_CODE: Readonly<Record<QrErrorLevel, number>> = { L: 0x30, M: 0x31, Q: 0x32, H: 0x33 };

export const cmd = {
  initialise: (): number[] => [ESC, 0x40],
  chineseOn: (): number[] => [FS, 0x26],
  chineseOff: (): number[] => [FS, 0x2e],
  align: (a: Align): number[] => [ESC, 0x61, ALIGN_CODE[a]],
  emphasis: (on: boolean): number[] => [ESC, 0x45, on ? 1 : 0],
  /** GS ! n: high nibble = width multiplier - 1, low nibble = height multiplier - 1. */
  size: (width: number, height: number): number[] => [GS, 0x21, ((width - 1) << 4) | (height - 1)],
  feed: (lines: number): number[] => [ESC, 0x64, lines],
  cutFull: (): number[] => [GS, 0x56, 0x00],
  cutPartial: (): number[] => [GS, 0x56, 0x01],
  qrModel2: (): number[] => [GS, 0x28, 0x6b, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00],
  qrModuleSize: (n: number): number[] => [GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x43, n],
  qrErrorLevel: (level: QrErrorLevel): number[] => [GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x45, QR_ERROR_CODE[level]],
  /** Header of GS ( k store: pL + 256 * pH = data length + 3. */
  qrStoreHeader: (dataLength: number): number[] => {
    const n = dataLength + 3;
    return [GS, 0x28, 0x6b, n & 0xff, n >> 8, 0x31, 0x50, 0x30];
  },
  qrPrint: (): number[] => [GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x51, 0x30],
  /** DLE EOT n: real-time status, n = 1 printer, 2 offline cause, 3 error cause, 4 paper sensor. */
  statusRequest: (n: StatusKind): number[] => [DLE, EOT, n],
  /** GS a n: automatic status back; n is a bitmask of ASB_ENABLE flags, 0 turns it off. */
  autoStatusBack: (mask: number): number[] => [GS, 0x61, mask],
};

export type StatusKind = 1 | 2 | 3 | 4;

/** GS a n flags: which changes make the printer send its 4 status bytes. */
export const ASB_ENABLE = { online: 0x02, error: 0x04, paper: 0x08 } as const;
export const ASB_ALL = ASB_ENABLE.online | ASB_ENABLE.error | ASB_ENABLE.paper;

/** Largest QR payload a GS ( k store command carries (pL/pH is 16 bits, minus the 3 header bytes). */
export const QR_MAX_DATA = 0xffff - 3;
