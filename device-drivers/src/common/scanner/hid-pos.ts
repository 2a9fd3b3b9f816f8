/**
 * HID POS scanner reports (usage page 8C, usage 02), report id 02 (protocols.md §6):
 * byte 0 = data length in this report, bytes 1-3 = AIM symbology id, data from byte 4, and the
 * last byte of the report non-zero when more reports follow for the same code.
 */
import { utf8Decode } from '../escpos/text-codec.ts';
import { ScannerError, symbologyFromAimId, type ScannedCode } from './symbology.ts';

export const HID_POS_REPORT_ID = 0x02;
const HEADER = 4;

export interface HidPosOptions {
  /** node-hid on hidraw puts the report id in data[0]; the offsets shift by one. */
  reportIdInData: boolean;
  /** Longest code kept across reports; a scanner that never clears its flag cannot grow memory. */
  maxCodeBytes?: number;
}

export class HidPosAssembler {
  private parts: Uint8Array[] = [];
  private size = 0;
  private symbologyId = '';
  private readonly maxCodeBytes: number;

  constructor(private readonly options: HidPosOptions) {
    this.maxCodeBytes = options.maxCodeBytes ?? 8192;
  }

  /** One input report in, a code out when it was the last report of one. Throws ScannerError. */
  receive(report: Uint8Array): ScannedCode | undefined {
    let r = report;
    if (this.options.reportIdInData) {
      if (r[0] !== HID_POS_REPORT_ID) throw new ScannerError('bad-report', `report id ${r[0] ?? 'missing'} is not a HID POS scan report`);
      r = r.subarray(1);
    }
    if (r.length < HEADER + 1) throw new ScannerError('bad-report', `report of ${r.length} bytes is too short`);
    const length = r[0] as number;
    if (HEADER + length > r.length - 1) {
      this.reset();
      throw new ScannerError('bad-report', `length ${length} does not fit a ${r.length}-byte report`);
    }
    const id = String.fromCharCode(r[1] as number, r[2] as number, r[3] as number);
    if (this.parts.length === 0) this.symbologyId = id;
    this.parts.push(r.slice(HEADER, HEADER + length));
    this.size += length;
    if (this.size > this.maxCodeBytes) {
      this.reset();
      throw new ScannerError('code-too-long', `code longer than ${this.maxCodeBytes} bytes`);
    }
    if (r[r.length - 1] !== 0) return undefined;
    const data = new Uint8Array(this.size);
    let at = 0;
    for (const p of this.parts) {
      data.set(p, at);
      at += p.length;
    }
    const symbology = symbologyFromAimId(this.symbologyId);
    this.reset();
    return { code: utf8Decode(data), symbology };
  }

  private reset(): void {
    this.parts = [];
    this.size = 0;
    this.symbologyId = '';
  }
}
