/**
 * A second, deliberately independent implementation of a serial CCID reader holding a
 * social-security card, written from protocols.md sections 1-3 alone. It shares no code with
 * src/ (only the SimulatedDevice contract type) so the CLI reading it shows the driver speaks
 * the documented protocol, not merely whatever our own simulator does.
 */
import iconv from 'iconv-lite';
import type { SimulatedDevice, SimulatorCommand, SimulatorCommandResult } from '../../src/common/simulated-device.ts';

/** The fictional holder on this card. */
export const INDEPENDENT_HOLDER = {
  cardIdCode: '310107D156009001',
  version: '2.00',
  issuer: '310107000009',
  issueDate: '20200301',
  expiryDate: '20300301',
  cardNumber: 'SH7700123',
  citizenId: '310107199011113013',
  name: '周文涛',
  sex: '1',
  birthDate: '19901111',
  pin: '246810',
} as const;

const te = (s: string) => Buffer.from(s, 'ascii');
const bcd = (digits: string) => Buffer.from(digits, 'hex');
const padded = (b: Buffer, n: number) => Buffer.concat([b, Buffer.alloc(n - b.length)]);

/** EF05 / EF06 records by tag, straight from the table in protocols.md section 3. */
const RECORDS: Record<string, Map<number, Buffer>> = {
  ef05: new Map([
    [0x01, te(INDEPENDENT_HOLDER.cardIdCode)],
    [0x02, Buffer.from([0x01])],
    [0x03, te(INDEPENDENT_HOLDER.version)],
    [0x04, te(INDEPENDENT_HOLDER.issuer)],
    [0x05, bcd(INDEPENDENT_HOLDER.issueDate)],
    [0x06, bcd(INDEPENDENT_HOLDER.expiryDate)],
    [0x07, te(INDEPENDENT_HOLDER.cardNumber)],
  ]),
  ef06: new Map([
    [0x08, te(INDEPENDENT_HOLDER.citizenId)],
    [0x09, padded(iconv.encode(INDEPENDENT_HOLDER.name, 'gbk'), 30)],
    [0x0a, te(INDEPENDENT_HOLDER.sex)],
    [0x0b, Buffer.from([0x01])],
    [0x0c, Buffer.from([0x31, 0x01, 0x07])],
    [0x0d, bcd(INDEPENDENT_HOLDER.birthDate)],
  ]),
};

const AID = Buffer.from('7378312e73682ec9e7bbe1b1a3d5cf', 'hex');

export class IndependentSsseResponder implements SimulatedDevice {
  private out: (bytes: Uint8Array) => void = () => undefined;
  private buf = Buffer.alloc(0);
  private inserted = true;
  private powered = false;
  private app = false;
  private file: 'ef05' | 'ef06' | null = null;
  private tries = 3;

  connect(output: (bytes: Uint8Array) => void): void {
    this.out = output;
  }

  control(command: SimulatorCommand): SimulatorCommandResult {
    if (command.action === 'remove-card') this.inserted = false;
    else if (command.action === 'insert-card') this.inserted = true;
    else return { ok: false, error: 'insert-card or remove-card' };
    this.powered = false;
    return { ok: true };
  }

  receive(bytes: Uint8Array): void {
    this.buf = Buffer.concat([this.buf, bytes]);
    for (;;) {
      const stx = this.buf.indexOf(0x02);
      if (stx < 0) {
        this.buf = Buffer.alloc(0);
        return;
      }
      this.buf = this.buf.subarray(stx);
      if (this.buf.length < 11) return;
      const len = this.buf.readUInt32LE(2);
      if (this.buf.length < 13 + len) return;
      const frame = this.buf.subarray(0, 13 + len);
      this.buf = this.buf.subarray(13 + len);
      let x = 0;
      for (const b of frame.subarray(1, 11 + len)) x ^= b;
      if (x !== frame[11 + len] || frame[12 + len] !== 0x03) continue;
      this.command(frame[1]!, frame[6]!, frame[7]!, frame.subarray(11, 11 + len));
    }
  }

  private command(type: number, slot: number, seq: number, payload: Buffer): void {
    // bStatus: bits 0-1 ICC (0 active, 1 inactive, 2 absent), bits 6-7 command (0 ok, 1 failed).
    const absent = () => this.send(type === 0x65 || type === 0x63 ? 0x81 : 0x80, slot, seq, 0x42, 0xfe);
    if (slot !== 0 || !this.inserted) return absent();
    if (type === 0x65) return this.send(0x81, slot, seq, this.powered ? 0x00 : 0x01, 0);
    if (type === 0x63) {
      this.powered = false;
      return this.send(0x81, slot, seq, 0x01, 0);
    }
    if (type === 0x62) {
      this.powered = true;
      this.app = false;
      this.file = null;
      // TS 3B, T0 80 (TD1 follows, no history), TD1 01 (T=1), TCK = 80 ^ 01.
      return this.send(0x80, slot, seq, 0x00, 0, Buffer.from([0x3b, 0x80, 0x01, 0x81]));
    }
    if (type === 0x6f) return this.send(0x80, slot, seq, 0x00, 0, this.apdu(payload));
    return this.send(0x81, slot, seq, 0x41, 0x00);
  }

  private apdu(c: Buffer): Buffer {
    const sw = (v: number, data = Buffer.alloc(0)) => Buffer.concat([data, Buffer.from([v >> 8, v & 0xff])]);
    const [ins, p1] = [c[1], c[2]];
    const data = c.length > 5 ? c.subarray(5, 5 + c[4]!) : Buffer.alloc(0);
    if (ins === 0xa4 && p1 === 0x04) {
      this.app = data.equals(AID);
      return sw(this.app ? 0x9000 : 0x6a82);
    }
    if (ins === 0xa4 && p1 === 0x02) {
      const id = data.toString('hex');
      this.file = this.app && id === 'ef05' ? 'ef05' : this.app && id === 'ef06' ? 'ef06' : null;
      return sw(this.file ? 0x9000 : 0x6a82);
    }
    if (ins === 0xb2) {
      const value = this.file && RECORDS[this.file]!.get(p1!);
      if (!value) return sw(0x6a83);
      return sw(0x9000, Buffer.concat([Buffer.from([p1!, value.length]), value]));
    }
    if (ins === 0x20) {
      if (this.tries === 0) return sw(0x6983);
      if (data.toString('hex') === INDEPENDENT_HOLDER.pin) {
        this.tries = 3;
        return sw(0x9000);
      }
      this.tries--;
      return sw(0x63c0 + this.tries);
    }
    return sw(0x6d00);
  }

  private send(type: number, slot: number, seq: number, bStatus: number, bError: number, payload: Buffer = Buffer.alloc(0)): void {
    const header = Buffer.alloc(10);
    header[0] = type;
    header.writeUInt32LE(payload.length, 1);
    header[5] = slot;
    header[6] = seq;
    header[7] = bStatus;
    header[8] = bError;
    const body = Buffer.concat([header, payload]);
    let x = 0;
    for (const b of body) x ^= b;
    this.out(Buffer.concat([Buffer.from([0x02]), body, Buffer.from([x, 0x03])]));
  }
}
