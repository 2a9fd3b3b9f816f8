/**
 * Sends command APDUs over any channel (serial CCID, later PC/SC) and hides the T=0 transport
 * conventions: `61 xx` is followed by GET RESPONSE until the data is complete, `6C xx` by the
 * same command with Le = xx.
 */
import { ApduError, decodeResponseApdu, encodeCommandApdu, type CommandApdu, type ResponseApdu } from './apdu.ts';

export interface ApduChannel {
  /**
   * One raw exchange. `idempotent` tells the link whether a lost reply may be recovered by
   * sending the command again (never for VERIFY or AUTHENTICATE, which change card state).
   */
  transmit(apdu: Uint8Array, options: { idempotent: boolean }): Promise<Uint8Array>;
}

/** Instructions that only read: SELECT, READ BINARY, READ RECORD, GET RESPONSE, GET DATA. */
const IDEMPOTENT_INS = new Set([0xa4, 0xb0, 0xb2, 0xc0, 0xca]);
const INS_GET_RESPONSE = 0xc0;
/** 256 bytes per GET RESPONSE; a card that keeps saying 61 xx past this is broken. */
const MAX_GET_RESPONSES = 64;

export class ApduExchanger {
  constructor(private readonly channel: ApduChannel) {}

  async exchange(command: CommandApdu): Promise<ResponseApdu> {
    let response = await this.send(command);
    if (response.sw1 === 0x6c) response = await this.send({ ...command, le: response.sw2 === 0 ? 256 : response.sw2 });
    const parts: Uint8Array[] = [response.data];
    let rounds = 0;
    while (response.sw1 === 0x61) {
      if (++rounds > MAX_GET_RESPONSES) throw new ApduError('endless-response', `card still has data after ${MAX_GET_RESPONSES} GET RESPONSE`);
      response = await this.send({ cla: command.cla & 0x03, ins: INS_GET_RESPONSE, p1: 0, p2: 0, le: response.sw2 === 0 ? 256 : response.sw2 });
      parts.push(response.data);
    }
    if (parts.length === 1) return response;
    const data = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      data.set(p, at);
      at += p.length;
    }
    return { ...response, data };
  }

  private async send(command: CommandApdu): Promise<ResponseApdu> {
    const raw = await this.channel.transmit(encodeCommandApdu(command), { idempotent: IDEMPOTENT_INS.has(command.ins) });
    return decodeResponseApdu(raw);
  }
}
